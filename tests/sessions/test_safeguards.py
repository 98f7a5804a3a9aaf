"""Antitrust safeguards through the real stack: objection and protest, the antitrust statement at the
start, counsel's gate on the agenda, the attendance register, the tamper-evident record, legal hold
and retention, participants' review of the minutes, small-group anonymity."""

import uuid
from datetime import timedelta
from io import StringIO

import pytest
from channels.db import database_sync_to_async
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from sessions.models import Attendance, Objection, RecordEntry, Role, Session, StatementAcknowledgement
from sessions.services.agenda import agenda_approve
from sessions.services.minutes import minutes_comment_add, minutes_submit
from sessions.services.retention import legal_hold_set, retention_apply
from sessions.services.room import idea_post, room_control
from sessions.services.sessions import QuestionDraft, session_update
from thinktank.mail.models import OutboundEmail

from ..factories import CompanyFactory, MembershipFactory, UserFactory
from .room_client import idea_post as post_frame
from .room_client import open_room

pytestmark = pytest.mark.django_db(transaction=True)


def _counsel(session, name="Carla Counsel"):
    person = UserFactory(name=name)
    MembershipFactory(session=session, user=person, role=Role.COUNSEL, company=None)
    return person


async def _drain(client) -> list[dict]:
    frames = []
    while not await client.communicator.receive_nothing(timeout=0.3):
        output = await client.communicator.receive_output()
        if output["type"] == "websocket.close":
            frames.append({"type": "closed", "code": output.get("code")})
            break
        import json

        frames.append(json.loads(output["text"]))
    return frames


# --- "I object" and leaving in protest ------------------------------------------------------


async def test_an_objection_pauses_the_room_at_once_and_nobody_but_the_moderators_learns_who(room):
    counsel = await database_sync_to_async(_counsel)(room.session)
    ana, _ = await open_room(room.session, room.ana)
    ben, _ = await open_room(room.session, room.ben)
    fac, _ = await open_room(room.session, room.facilitator)
    await ana.send({"type": "objection.raise", "reason": "This is heading into pricing"})

    state = await ben.receive_type("session.state")
    assert (state["state"], state["by"]) == ("paused", "an objection")
    raised = await ben.receive_type("objection.raised")
    assert "Ana" not in str(raised) and raised["question_id"] == room.question.pk
    details = await fac.receive_type("objection.details")
    assert details["by"]["name"] == "Ana Reyes" and details["reason"] == "This is heading into pricing"
    assert not [f for f in await _drain(ben) if f["type"] == "objection.details"]

    await ben.send(post_frame(room.question, "While paused"))
    assert (await ben.receive_type("error"))["code"] == "paused"
    emails = await database_sync_to_async(
        lambda: sorted(OutboundEmail.objects.filter(kind="objection").values_list("to", flat=True))
    )()
    assert len(emails) == 2 and any(counsel.email in to for to in emails)
    objection = await database_sync_to_async(Objection.objects.get)()
    assert objection.raised_by_id == room.ana.pk
    for client in (ana, ben, fac):
        await client.close()


async def test_leaving_in_protest_is_on_the_record_by_name_and_closes_that_persons_sockets(room):
    ana, _ = await open_room(room.session, room.ana)
    ana_second_tab, _ = await open_room(room.session, room.ana)
    ben, _ = await open_room(room.session, room.ben)
    await ana.send({"type": "protest.leave", "reason": "Rates were discussed"})
    announced = await ben.receive_type("attendance.protest")
    assert announced["user"]["name"] == "Ana Reyes" and announced["reason"] == "Rates were discussed"
    for tab in (ana, ana_second_tab):
        frames = await _drain(tab)
        assert {"type": "closed", "code": 4000} in frames
        assert any(f.get("code") == "left_in_protest" for f in frames)
    assert (await ben.presence_change("presence.leave", "Ana Reyes"))["name"] == "Ana Reyes"
    kinds = await database_sync_to_async(
        lambda: list(Attendance.objects.filter(user=room.ana).values_list("kind", "reason"))
    )()
    assert kinds[0] == ("joined", "") and ("protest", "Rates were discussed") in kinds
    assert ("left", "") not in kinds  # the protest is how she left
    await ben.close()


# --- The antitrust statement at the start ----------------------------------------------------


async def test_everyone_acknowledges_the_antitrust_statement_before_taking_part(
    open_session, ready_participant
):
    ana = await database_sync_to_async(ready_participant)(open_session, name="Ana Reyes")
    ana_ws, hello = await open_room(open_session, ana)
    assert hello["statement"]["required"] is False
    fac, _ = await open_room(open_session, open_session.created_by)
    await fac.send({"type": "session.control", "action": "start"})
    statement = await ana_ws.receive_type("antitrust.statement")
    assert "competitors" in statement["statement"]
    question_id = (await ana_ws.receive_type("agenda.current"))["question_id"]
    frame = {
        "type": "idea.post",
        "client_id": str(uuid.uuid4()),
        "question_id": question_id,
        "text": "Huddles daily",
    }
    await ana_ws.send(frame)
    assert (await ana_ws.receive_type("error"))["code"] == "statement_unacknowledged"

    await ana_ws.send({"type": "statement.acknowledge"})
    await ana_ws.receive_type("statement.acknowledged.ok")
    assert (await fac.receive_type("statement.acknowledged"))["user"]["name"] == "Ana Reyes"
    await ana_ws.send(frame)
    assert (await ana_ws.receive_type("ack"))["status"] == "published"
    again, hello = await open_room(open_session, ana)
    assert hello["statement"]["required"] is True and hello["statement_acknowledged"] is True
    acknowledged = await database_sync_to_async(
        lambda: list(StatementAcknowledgement.objects.values_list("user__name", flat=True))
    )()
    assert acknowledged == ["Ana Reyes"]
    for client in (ana_ws, again, fac):
        await client.close()


# --- Counsel's gate on the agenda -------------------------------------------------------------


def test_with_counsel_the_agenda_needs_counsels_approval_before_invitations_and_the_start(
    open_session, invite
):
    session = open_session
    counsel = _counsel(session)
    company = session.companies.first()
    with pytest.raises(ValidationError, match="Counsel approves the agenda"):
        invite(session, "ana@example.com")
    agenda_approve(session=session, by=counsel)
    invite(session, "ana@example.com")

    # A new question after approval: counsel must approve again.
    session_update(
        session=session,
        by=session.created_by,
        title=session.title,
        purpose=session.purpose,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        timezone=session.timezone,
        companies=[company, *session.companies.exclude(pk=company.pk)],
        questions=[
            *(QuestionDraft(text=q.text, question_id=q.pk) for q in session.questions.all()),
            QuestionDraft(text="How do we share what worked?"),
        ],
    )
    with pytest.raises(ValidationError):
        invite(session, "ben@example.com")
    from sessions.services.room import RoomError

    with pytest.raises(RoomError) as refused:
        room_control(session_id=session.pk, user=session.created_by, action="start")
    assert refused.value.code == "agenda_not_approved"
    agenda_approve(session=session, by=counsel)
    with pytest.raises(RoomError) as refused:
        room_control(session_id=session.pk, user=session.created_by, action="start")
    assert refused.value.code == "counsel_absent"  # on by default where counsel is invited

    from sessions.services.presence import presence_join

    presence_join(session_id=session.pk, user=counsel, channel_name="test.counsel")
    room_control(session_id=session.pk, user=session.created_by, action="start")
    session.refresh_from_db()
    assert session.state == "live"


def test_only_counsel_approves_the_agenda(open_session):
    _counsel(open_session)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        agenda_approve(session=open_session, by=open_session.created_by)


def test_once_the_session_has_started_counsel_cannot_approve_a_changed_agenda(room):
    counsel = _counsel(room.session)
    with pytest.raises(ValidationError, match="has started"):
        agenda_approve(session=room.session, by=counsel)
    assert not room.session.agenda_approvals.exists()


# --- Attendance register ----------------------------------------------------------------------


async def test_every_join_and_leave_is_registered_and_counsel_downloads_it(room, client):
    counsel = await database_sync_to_async(_counsel)(room.session)
    ana, _ = await open_room(room.session, room.ana)
    counsel_ws, _ = await open_room(room.session, counsel)
    await ana.close()
    ana, _ = await open_room(room.session, room.ana)
    await database_sync_to_async(room_control)(
        session_id=room.session.pk, user=room.facilitator, action="close"
    )
    rows = await database_sync_to_async(
        lambda: list(
            Attendance.objects.order_by("at", "id").values_list("user__name", "role", "kind", "reason")
        )
    )()
    assert rows[:4] == [
        ("Ana Reyes", "participant", "joined", ""),
        ("Carla Counsel", "counsel", "joined", ""),
        ("Ana Reyes", "participant", "left", ""),
        ("Ana Reyes", "participant", "joined", ""),
    ]
    assert ("Ana Reyes", "participant", "left", "the session closed") in rows

    def download(person):
        client.force_login(person)
        return client.get(reverse("sessions:attendance_csv", args=[room.session.pk]))

    response = await database_sync_to_async(download)(counsel)
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Time,Name,Company,Role,Event,Reason" and "Carla Counsel" in text
    assert (await database_sync_to_async(download)(room.ana)).status_code == 404
    for ws in (ana, counsel_ws):
        await ws.close()


def test_the_minutes_record_attendance_with_counsel_and_objections_without_who_raised_them(room, login):
    from sessions.services.presence import presence_join, presence_leave
    from sessions.services.room import objection_raise, protest_leave

    counsel = _counsel(room.session)
    for person in (room.ana, room.ben, counsel):
        presence_join(session_id=room.session.pk, user=person, channel_name=f"test.{person.pk}")
    objection_raise(session_id=room.session.pk, user=room.ben, reason="This is heading into pricing")
    protest_leave(session_id=room.session.pk, user=room.ben, reason="Rates were discussed")
    presence_leave(session_id=room.session.pk, user=room.ben, channel_name=f"test.{room.ben.pk}")
    room_control(session_id=room.session.pk, user=room.facilitator, action="close")

    markdown = (
        login(room.facilitator).get(reverse("sessions:minutes_md", args=[room.session.pk])).content.decode()
    )
    register = markdown.split("## Attendance register", 1)[1].split("\n## ", 1)[0]
    assert "Ana Reyes" in register and "Carla Counsel" in register and "Counsel attended." in register
    assert "left in protest (Rates were discussed)" in register
    assert "the session closed" in register  # those still in the room when it closed
    objections = markdown.split("## Objections", 1)[1].split("\n## ", 1)[0]
    assert "An objection was raised on" in objections and "during question 1" in objections
    assert "This is heading into pricing" in objections and "Ben" not in objections


def test_the_minutes_say_when_counsel_did_not_attend_and_nobody_objected(room, login):
    from sessions.services.presence import presence_join

    presence_join(session_id=room.session.pk, user=room.ana, channel_name="test.ana")
    room_control(session_id=room.session.pk, user=room.facilitator, action="close")
    markdown = (
        login(room.facilitator).get(reverse("sessions:minutes_md", args=[room.session.pk])).content.decode()
    )
    assert "Counsel did not attend." in markdown and "No objections were raised." in markdown


# --- The tamper-evident record ------------------------------------------------------------------


def _verify(session) -> str:
    out = StringIO()
    call_command("verify_record", str(session.pk), stdout=out)
    return out.getvalue()


def test_the_record_chains_every_event_and_verify_record_catches_a_change(room):
    post = idea_post(
        session_id=room.session.pk,
        user=room.ana,
        client_id=uuid.uuid4(),
        question_id=room.question.pk,
        text="we bill 14 an hour on that account",
    )
    room_control(session_id=room.session.pk, user=room.facilitator, action="pause")
    kinds = list(RecordEntry.objects.filter(session=room.session).values_list("kind", flat=True))
    assert {"agreement", "room_event", "screening"} <= set(kinds)
    assert "ok:" in _verify(room.session)

    # The database refuses to change or remove an entry...
    entry = RecordEntry.objects.get(session=room.session, kind="screening")
    for statement in (
        f"UPDATE thinktank_sessions_recordentry SET payload = '{{}}' WHERE id = {entry.pk}",
        f"DELETE FROM thinktank_sessions_recordentry WHERE id = {entry.pk}",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    # ...and if someone with the keys to the database goes round it, the chain says so.
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE thinktank_sessions_recordentry DISABLE TRIGGER thinktank_record_append_only"
        )
        cursor.execute(
            "UPDATE thinktank_sessions_recordentry SET payload = jsonb_set(payload, '{held}', 'false') WHERE id = %s",
            [entry.pk],
        )
        cursor.execute(
            "ALTER TABLE thinktank_sessions_recordentry ENABLE TRIGGER thinktank_record_append_only"
        )
    with pytest.raises(CommandError, match=f"entry {entry.index} \\(screening\\) was changed"):
        _verify(room.session)
    assert post.idea.status == "held"


def test_the_minutes_print_the_records_final_hash(room, login):
    room_control(session_id=room.session.pk, user=room.facilitator, action="close")
    room.session.refresh_from_db()
    markdown = (
        login(room.facilitator).get(reverse("sessions:minutes_md", args=[room.session.pk])).content.decode()
    )
    assert room.session.record_head in markdown and f"verify\\_record {room.session.pk}" in markdown


# --- Legal hold and retention -------------------------------------------------------------------


def test_retention_deletes_old_sessions_except_under_a_legal_hold(live_session, ready_participant, settings):
    settings.RETENTION_DAYS = 30
    held, other = live_session, None
    counsel = _counsel(held)
    ana = ready_participant(held)
    idea_post(
        session_id=held.pk,
        user=ana,
        client_id=uuid.uuid4(),
        question_id=held.current_question_id,
        text="Huddle",
    )
    room_control(session_id=held.pk, user=held.created_by, action="close")
    from ..factories import SessionFactory

    other = SessionFactory(state="closed")
    long_ago = timezone.now() - timedelta(days=31)
    Session.objects.filter(pk__in=[held.pk, other.pk]).update(closed_at=long_ago)
    with pytest.raises(ValidationError):
        legal_hold_set(session=held, by=counsel, on=True)  # a hold says why
    legal_hold_set(session=held, by=counsel, on=True, reason="Matter 2031-17")

    assert retention_apply() == 1
    assert list(Session.objects.values_list("pk", flat=True)) == [held.pk]
    legal_hold_set(session=held, by=counsel, on=False)
    kinds = list(RecordEntry.objects.filter(session=held).values_list("kind", flat=True))
    assert kinds[-2:] == ["legal_hold_set", "legal_hold_released"]
    assert retention_apply() == 1
    assert not Session.objects.exists() and not RecordEntry.objects.exists()


# --- Participants review the minutes --------------------------------------------------------------


def test_participants_review_and_comment_on_submitted_minutes_that_never_unmask_anyone(room, login):
    counsel = _counsel(room.session)
    for text, anonymous in (("A shared glossary of terms", True), ("Pair new reps with a buddy", False)):
        idea_post(
            session_id=room.session.pk,
            user=room.ben,
            client_id=uuid.uuid4(),
            question_id=room.question.pk,
            text=text,
            anonymous=anonymous,
        )
    room_control(session_id=room.session.pk, user=room.facilitator, action="close")
    room.session.refresh_from_db()
    page = reverse("sessions:minutes", args=[room.session.pk])
    assert login(room.ana).get(page).status_code == 404  # a draft is the moderators' until submitted
    minutes_submit(session=room.session, by=room.facilitator)
    ana = login(room.ana)
    assert ana.get(page).status_code == 200
    markdown = ana.get(reverse("sessions:minutes_md", args=[room.session.pk])).content.decode()
    assert "- Anonymous: A shared glossary of terms" in markdown
    assert "Ben Okafor (Acme Contact): Pair new reps with a buddy" in markdown
    response = ana.post(page, {"action": "comment", "text": "Please add that we agreed to meet in March."})
    assert response.status_code == 302
    assert "agreed to meet in March" in login(counsel).get(page).content.decode()
    with pytest.raises(Exception):  # noqa: B017  (counsel does not comment: Forbidden)
        minutes_comment_add(session=room.session, by=counsel, text="no")


def test_a_session_can_keep_every_idea_unattributed_in_the_minutes(room, login):
    Session.objects.filter(pk=room.session.pk).update(minutes_unattributed=True)
    idea_post(
        session_id=room.session.pk,
        user=room.ben,
        client_id=uuid.uuid4(),
        question_id=room.question.pk,
        text="Pair reps up",
    )
    markdown = (
        login(room.facilitator).get(reverse("sessions:minutes_md", args=[room.session.pk])).content.decode()
    )
    assert "- Unattributed: Pair reps up" in markdown and "Ben Okafor (" not in markdown.split("## Ideas")[1]


# --- Small-group anonymity ---------------------------------------------------------------------


def test_a_company_with_fewer_than_three_participants_shows_no_figures_to_participants(
    live_session, ready_participant, login
):
    big, small = live_session.companies.order_by("name")
    people = [ready_participant(live_session, name=f"Big {n}") for n in range(3)]
    loner = UserFactory(name="Solo Leader", company=small)
    MembershipFactory(session=live_session, user=loner, company=small)
    idea_post(
        session_id=live_session.pk,
        user=people[0],
        client_id=uuid.uuid4(),
        question_id=live_session.current_question_id,
        text="Huddle",
    )
    summary = reverse("sessions:summary", args=[live_session.pk])
    as_participant = login(people[1]).get(summary).content.decode()
    assert "Not shown: fewer than 3 participants" in as_participant
    as_facilitator = login(live_session.created_by).get(summary).content.decode()
    assert "Not shown: fewer than 3 participants" not in as_facilitator
    assert CompanyFactory  # factories make the companies of other tests
