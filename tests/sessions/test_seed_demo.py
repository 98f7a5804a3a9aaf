"""`manage.py seed_demo` as CONTRACTS.md section 1 describes it."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sessions.models import Membership, Role, Session
from sessions.services.demo import DEMO_QUESTIONS
from thinktank.accounts.models import User

pytestmark = pytest.mark.django_db


def _seed(*args) -> dict:
    out = StringIO()
    call_command("seed_demo", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_json_output_describes_a_session_with_the_story_agenda():
    result = _seed()
    assert set(result) == {"session_id", "facilitator", "participants", "password"}
    session = Session.objects.get(pk=int(result["session_id"]))
    assert [q.text for q in session.questions.all()] == [text for text, _ in DEMO_QUESTIONS]
    assert len(result["participants"]) == 24
    assert session.companies.count() == 6
    participants = Membership.objects.filter(session=session, role=Role.PARTICIPANT)
    assert participants.count() == 24
    assert {m.company_id for m in participants} == set(session.companies.values_list("pk", flat=True))
    facilitator = User.objects.get(email=result["facilitator"])
    assert facilitator.check_password(result["password"])


def test_running_twice_changes_nothing():
    first = _seed()
    second = _seed()
    assert first == second
    assert Session.objects.count() == 1
    assert User.objects.count() == 25


def test_counts_and_password_options():
    result = _seed("--participants", "5", "--companies", "2", "--password", "another-pass")
    session = Session.objects.get(pk=int(result["session_id"]))
    assert len(result["participants"]) == 5
    assert session.companies.count() == 2
    assert User.objects.get(email=result["participants"][0]).check_password("another-pass")


def test_demo_accounts_can_sign_in_with_verification_mandatory(client):
    result = _seed()
    response = client.post(
        "/accounts/login/", {"login": result["participants"][0], "password": result["password"]}
    )
    assert response.status_code == 302
    assert client.get(f"/sessions/{result['session_id']}/").status_code == 200


def test_closed_has_ideas_on_every_question_and_an_action_item_for_everyone(
    django_capture_on_commit_callbacks,
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        result = _seed("--closed", "--participants", "8", "--companies", "3")
    session = Session.objects.get(pk=int(result["session_id"]))
    assert session.state == "closed"
    for question in session.questions.all():
        assert question.ideas.filter(status="published").exists(), question.text
    owners = set(session.action_items.values_list("owner__email", flat=True))
    assert owners == set(result["participants"])
    # Closing sent each participant their follow-up (and the facilitator the summary).
    assert {m.to[0].split("<")[-1].rstrip(">") for m in mail.outbox} >= set(result["participants"])
    assert _seed("--closed", "--participants", "8", "--companies", "3") == result


def test_live_starts_the_session_on_the_first_question():
    result = _seed("--live")
    session = Session.objects.get(pk=int(result["session_id"]))
    assert session.state == "live"
    assert session.current_question == session.questions.first()
    assert _seed("--live") == result  # still idempotent
    assert session.events.filter(type="session.state").count() == 1


def test_nonsense_counts_fail_clearly():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("seed_demo", "--participants", "0", stdout=StringIO())


def test_every_demo_participant_has_bought_in_and_agreed_to_the_current_rules():
    from sessions.selectors import room_admission

    result = _seed()
    session = Session.objects.get(pk=int(result["session_id"]))
    for email in result["participants"]:
        admission = room_admission(session=session, user=User.objects.get(email=email))
        assert admission is not None and admission.admitted, email
    _seed()  # idempotent: no second agreement, no error
    from groundrules.models import Agreement

    assert Agreement.objects.filter(version__session=session).count() == 24
