"""Ground rules as versions, the agreements record, and the rules editor."""

import pytest
from django.urls import reverse

from groundrules.models import Agreement, AgreementImmutableError
from groundrules.selectors import ruleset_current, screen_for_session
from groundrules.services import RuleDraft, agreement_accept, ruleset_revise

pytestmark = pytest.mark.django_db


def test_new_session_starts_with_the_default_rules(draft_session):
    version = ruleset_current(session=draft_session)
    assert version.number == 1
    assert [r.slug for r in version.rules.all()] == ["pricing", "contract_terms", "proprietary"]
    assert "antitrust" in version.antitrust_statement.lower() or "competitors" in version.antitrust_statement


def test_saving_unchanged_rules_makes_no_new_version(draft_session):
    current = ruleset_current(session=draft_session)
    same = [
        RuleDraft(slug=r.slug, title=r.title, description=r.description, watch_phrases=tuple(r.watch_phrases))
        for r in current.rules.all()
    ]
    again = ruleset_revise(
        session=draft_session,
        by=draft_session.created_by,
        antitrust_statement=current.antitrust_statement,
        rules=same,
    )
    assert again.pk == current.pk


def test_rules_cannot_change_once_live(draft_session):
    from django.core.exceptions import ValidationError

    draft_session.state = "live"
    draft_session.save()
    with pytest.raises(ValidationError, match="before the session goes live"):
        ruleset_revise(
            session=draft_session,
            by=draft_session.created_by,
            antitrust_statement="x",
            rules=[RuleDraft(title="y")],
        )
    assert ruleset_current(session=draft_session).number == 1


def test_only_facilitators_change_rules(login, open_session, participant_of):
    client = login(participant_of(open_session))
    assert client.get(reverse("groundrules:edit", args=[open_session.pk])).status_code == 403
    assert ruleset_current(session=open_session).number == 1


def test_agreements_are_never_edited_or_deleted(open_session, participant_of):
    person = participant_of(open_session, name="Ana Reyes")
    agreement = agreement_accept(session=open_session, user=person, typed_name="Ana Reyes")
    agreement.typed_name = "Someone else"
    with pytest.raises(AgreementImmutableError):
        agreement.save()
    with pytest.raises(AgreementImmutableError):
        agreement.delete()
    assert Agreement.objects.get().typed_name == "Ana Reyes"


def test_agreeing_twice_keeps_one_record(open_session, participant_of):
    person = participant_of(open_session, name="Ana Reyes")
    first = agreement_accept(session=open_session, user=person, typed_name="Ana Reyes")
    second = agreement_accept(session=open_session, user=person, typed_name="Ana Reyes")
    assert first.pk == second.pk


def test_facilitator_adds_a_custom_rule_in_the_browser_form_and_the_screen_uses_it(login, open_session):
    version = ruleset_current(session=open_session)
    data = {
        "antitrust_statement": version.antitrust_statement,
        "rules-TOTAL_FORMS": "4",
        "rules-INITIAL_FORMS": "3",
        "rules-MIN_NUM_FORMS": "0",
        "rules-MAX_NUM_FORMS": "30",
    }
    for i, rule in enumerate(version.rules.all()):
        data.update(
            {
                f"rules-{i}-slug": rule.slug,
                f"rules-{i}-title": rule.title,
                f"rules-{i}-description": rule.description,
                f"rules-{i}-watch_phrases": "",
                f"rules-{i}-builtin": "on",
            }
        )
    data.update(
        {
            "rules-3-title": "No headcount",
            "rules-3-watch_phrases": "headcount\nFTE count",
            "rules-3-builtin": "on",
        }
    )
    response = login(open_session.created_by).post(reverse("groundrules:edit", args=[open_session.pk]), data)
    assert response.status_code == 302
    new = ruleset_current(session=open_session)
    assert new.number == 2
    custom = new.rules.get(slug="no-headcount")
    assert custom.watch_phrases == ["headcount", "FTE count"]

    screen = screen_for_session(session_id=open_session.pk)
    assert screen.screen("our headcount on the account is 300").rules == ["no-headcount"]
    assert not screen.screen("we coach every day").held
