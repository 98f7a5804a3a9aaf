"""`manage.py check_groundrules` as CONTRACTS.md section 3 describes it."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from groundrules.selectors import ruleset_current
from groundrules.services import RuleDraft, ruleset_revise

ROOT = Path(__file__).resolve().parents[2]


def _run(*args, stdin: str = "") -> list[dict]:
    out = StringIO()
    call_command("check_groundrules", *args, stdin=StringIO(stdin), stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_reads_a_file_and_answers_one_line_per_input_in_order(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"text": "we bill 14 an hour on that account", "id": 7}\n'
        '{"text": "the price of burnout is real"}\n'
        "\n"
        '{"text": "payment terms went from net 90 to net 45"}\n'
    )
    results = _run(str(source))
    assert [r["text"] for r in results] == [
        "we bill 14 an hour on that account",
        "the price of burnout is real",
        "payment terms went from net 90 to net 45",
    ]
    assert [r["held"] for r in results] == [True, False, True]
    assert results[0]["rules"] == ["pricing"] and results[1]["rules"] == []
    assert results[2]["rules"][0] == "contract_terms"
    assert set(results[0]) == {"text", "held", "rules"}


def test_every_rule_hit_is_listed_most_likely_first_with_the_eight_default_slugs():
    slugs = {
        "pricing",
        "contract_terms",
        "proprietary",
        "wages_hiring",
        "market_allocation",
        "capacity_output",
        "future_plans",
        "boycott",
    }
    lines = [
        ("let's all agree not to go below last year's rates", "pricing"),
        ("can we agree not to recruit each other's trainers?", "wages_hiring"),
        ("you take the banks, we'll take the insurers", "market_allocation"),
        ("we're taking 180 seats out of Davao by March", "capacity_output"),
        ("we're opening a centre in Porto next autumn, not public yet", "future_plans"),
        ("let's all stop buying from the headset supplier", "boycott"),
        ("keep this between us, the bank is dropping its second vendor", "proprietary"),
        ("our client pays us net 90", "contract_terms"),
    ]
    results = _run(stdin="".join(json.dumps({"text": text}) + "\n" for text, _ in lines))
    for (text, first), result in zip(lines, results, strict=True):
        assert result["text"] == text and result["held"] is True
        assert result["rules"][0] == first, result
        assert len(result["rules"]) == len(set(result["rules"])) and set(result["rules"]) <= slugs


def test_reads_standard_input_through_a_real_process():
    completed = subprocess.run(
        [sys.executable, "manage.py", "check_groundrules"],
        input='{"text": "merit budget this year is 3.5% for agents"}\n',
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "thinktank.settings.test", "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout) == {
        "text": "merit budget this year is 3.5% for agents",
        "held": True,
        "rules": ["wages_hiring"],
    }


def test_bad_lines_are_reported_and_the_others_still_screened():
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 line"):
        call_command(
            "check_groundrules", stdin=StringIO('not json\n{"text": "hello all"}\n'), stdout=out, stderr=err
        )
    assert "Line 1 is not JSON" in err.getvalue()
    assert json.loads(out.getvalue()) == {"text": "hello all", "held": False, "rules": []}


@pytest.mark.django_db
def test_session_option_uses_that_sessions_rules(open_session):
    current = ruleset_current(session=open_session)
    rules = [RuleDraft(slug=r.slug, title=r.title, description=r.description) for r in current.rules.all()]
    rules.append(RuleDraft(title="No code names", watch_phrases=("bluebird",)))
    ruleset_revise(session=open_session, by=open_session.created_by, antitrust_statement="x", rules=rules)
    results = _run(
        "--session", str(open_session.pk), stdin='{"text": "we call the coaching pilot Bluebird"}\n'
    )
    assert results == [
        {"text": "we call the coaching pilot Bluebird", "held": True, "rules": ["no-code-names"]}
    ]
    assert _run(stdin='{"text": "we call the coaching pilot Bluebird"}\n')[0]["held"] is False


@pytest.mark.django_db
def test_unknown_session_is_a_clear_error():
    with pytest.raises(CommandError, match="No session with id 999999"):
        _run("--session", "999999")
