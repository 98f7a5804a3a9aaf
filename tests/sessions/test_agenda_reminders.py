"""A day before the start, everyone taking part gets the agenda again, once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from freezegun import freeze_time

from sessions.services.notifications import agenda_reminders_send
from sessions.tasks import send_agenda_reminders

from ..factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session_in_two_days(open_session, participant_of):
    start = timezone.now() + timedelta(days=2)
    open_session.starts_at, open_session.ends_at = start, start + timedelta(hours=2)
    open_session.save()
    participant_of(open_session, name="Ana Reyes", email="ana@acme.example")
    MembershipFactory(session=open_session, role="counsel", company=None, user__email="cora@law.example")
    return open_session


def _run_beat(django_capture_on_commit_callbacks, at):
    with freeze_time(at), django_capture_on_commit_callbacks(execute=True):
        send_agenda_reminders.delay()


def test_nothing_is_sent_two_days_ahead(session_in_two_days, django_capture_on_commit_callbacks):
    _run_beat(django_capture_on_commit_callbacks, timezone.now())
    assert mail.outbox == []


def test_reminder_goes_out_within_a_day_of_the_start_once_per_person(
    session_in_two_days, django_capture_on_commit_callbacks
):
    day_before = session_in_two_days.starts_at - timedelta(hours=23)
    _run_beat(django_capture_on_commit_callbacks, day_before)
    _run_beat(django_capture_on_commit_callbacks, day_before + timedelta(minutes=15))
    _run_beat(django_capture_on_commit_callbacks, day_before + timedelta(hours=5))
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert len(recipients) == 2
    assert any("ana@acme.example" in r for r in recipients) and any(
        "cora@law.example" in r for r in recipients
    )
    first = session_in_two_days.questions.first()
    assert first.text in mail.outbox[0].body


def test_no_reminder_after_the_start_or_for_drafts(session_in_two_days):
    assert agenda_reminders_send(at=session_in_two_days.starts_at + timedelta(minutes=1)) == 0
    session_in_two_days.state = "draft"
    session_in_two_days.save()
    assert agenda_reminders_send(at=session_in_two_days.starts_at - timedelta(hours=2)) == 0
