"""Installs are reproducible: every package the project needs is pinned in constraints.txt, within
pyproject.toml's bounds, and what is installed is what is pinned (so a new release of a dependency,
like redis-py 8's new socket timeout, cannot change behaviour behind our back)."""

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)", line)
        if match:
            pins[canonicalize_name(match[1])] = match[2]
    return pins


def _requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        names += extra
    return [Requirement(name) for name in names]


@pytest.mark.parametrize("requirement", _requirements(), ids=str)
def test_every_direct_dependency_is_bounded_and_pinned_within_its_bounds(requirement):
    specifiers = {spec.operator for spec in requirement.specifier}
    assert specifiers & {"<", "<=", "==", "~="}, f"{requirement} needs an upper bound in pyproject.toml"
    pinned = _pins().get(canonicalize_name(requirement.name))
    assert pinned, f"{requirement.name} is not in constraints.txt: run `make lock`"
    assert requirement.specifier.contains(pinned), f"constraints.txt pins {requirement.name}=={pinned}"


def test_what_is_installed_is_what_is_pinned():
    differing = {
        name: (version, metadata.version(name))
        for name, version in _pins().items()
        if _installed(name) and metadata.version(name) != version
    }
    assert not differing, f"installed versions differ from constraints.txt (pinned, installed): {differing}"


def _installed(name: str) -> bool:
    try:
        metadata.version(name)
    except metadata.PackageNotFoundError:
        return False
    return True
