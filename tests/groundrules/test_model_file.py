"""The model file: it ships with the package, it is read once, and a missing or corrupt one stops startup."""

import gzip
import json
import sys
from pathlib import Path

import pytest

from groundrules.apps import GroundrulesConfig
from groundrules.screen import DEFAULT_RULES, ModelFileError, Screen
from groundrules.screen import scorer as scorer_module


@pytest.fixture
def model_path(monkeypatch, tmp_path):
    """Point the screen at another model file; restore the shipped one (and its cache) afterwards."""

    def use(path: Path) -> None:
        monkeypatch.setattr(scorer_module, "MODEL_PATH", path)
        scorer_module.load_scorer.cache_clear()

    yield use
    monkeypatch.undo()
    scorer_module.load_scorer.cache_clear()


def test_the_model_ships_beside_the_screen_and_is_small():
    assert scorer_module.MODEL_PATH.parent == Path(sys.modules[Screen.__module__].__file__).parent
    assert scorer_module.MODEL_PATH.stat().st_size < 1_000_000
    model = scorer_module.load_scorer()
    assert model.classes[0] == "none" and set(model.classes[1:]) == {r.slug for r in DEFAULT_RULES}
    assert 0 < model.threshold < 1


def test_a_missing_model_file_is_an_error_when_the_screen_is_built(model_path, tmp_path):
    model_path(tmp_path / "gone.json.gz")
    with pytest.raises(ModelFileError, match="missing"):
        Screen(DEFAULT_RULES)


def test_a_corrupt_model_file_is_an_error_too(model_path, tmp_path):
    broken = tmp_path / "broken.json.gz"
    broken.write_bytes(b"not gzip at all")
    model_path(broken)
    with pytest.raises(ModelFileError, match="unreadable"):
        Screen(DEFAULT_RULES)
    truncated = tmp_path / "truncated.json.gz"
    truncated.write_bytes(gzip.compress(json.dumps({"classes": ["none"]}).encode()))
    model_path(truncated)
    with pytest.raises(ModelFileError, match="unreadable"):
        Screen(DEFAULT_RULES)


def test_django_startup_fails_without_the_model(model_path, tmp_path):
    import groundrules

    model_path(tmp_path / "gone.json.gz")
    with pytest.raises(ModelFileError):
        GroundrulesConfig("groundrules", groundrules).ready()
