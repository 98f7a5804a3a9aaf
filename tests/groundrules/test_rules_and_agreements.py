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
    assert [r.slug for r in version.rules.all()] == [
        "pricing",
        "contract_terms",
        "proprietary",
        "wages_hiring",
        "market_allocation",
        "capacity_output",
        "future_plans",
        "boycott",
    ]
    assert all(r.title and r.description for r in version.rules.all())
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
    existing = list(version.rules.all())
    new_form = len(existing)
    data = {
        "antitrust_statement": version.antitrust_statement,
        "rules-TOTAL_FORMS": str(new_form + 1),
        "rules-INITIAL_FORMS": str(new_form),
        "rules-MIN_NUM_FORMS": "0",
        "rules-MAX_NUM_FORMS": "30",
    }
    for i, rule in enumerate(existing):
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
            f"rules-{new_form}-title": "No code names",
            f"rules-{new_form}-watch_phrases": "bluebird\nproject falcon",
            f"rules-{new_form}-builtin": "on",
        }
    )
    response = login(open_session.created_by).post(reverse("groundrules:edit", args=[open_session.pk]), data)
    assert response.status_code == 302
    new = ruleset_current(session=open_session)
    assert new.number == 2
    custom = new.rules.get(slug="no-code-names")
    assert custom.watch_phrases == ["bluebird", "project falcon"]

    screen = screen_for_session(session_id=open_session.pk)
    assert screen.screen("we call the coaching pilot Project Falcon").rules == ["no-code-names"]
    assert not screen.screen("we coach every day").held


def test_a_version_made_before_the_eight_rules_keeps_its_three_and_reports_only_them(open_session):
    # Versions are never rewritten: a session that agreed to the three rules of 2024 keeps them, and
    # talk the newer rules cover (wages, territories...) is held under the rule that covered it then.
    three = [
        RuleDraft(slug="pricing", title="No pricing"),
        RuleDraft(slug="contract_terms", title="No contract terms"),
        RuleDraft(slug="proprietary", title="Nothing proprietary"),
    ]
    ruleset_revise(session=open_session, by=open_session.created_by, antitrust_statement="x", rules=three)
    screen = screen_for_session(session_id=open_session.pk)
    for text in (
        "can we agree not to recruit each other's trainers?",
        "you take the banks, we'll take the insurers",
        "we're taking 180 seats out of Davao by March",
        "let's all agree not to go below last year's rates",
    ):
        result = screen.screen(text)
        assert result.held, text
        assert set(result.rules) <= {"pricing", "contract_terms", "proprietary"}, result.rules
