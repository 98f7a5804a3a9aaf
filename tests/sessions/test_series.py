"""A series: the facilitator plans the next session from an earlier one (a draft; nothing sent until
they send the planned invitations), the earlier session's open action items are carried onto its
agenda, and in the new session each owner (only the owner) reports progress, screened like an idea."""

import uuid
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from groundrules.selectors import ruleset_current
from groundrules.services import RuleDraft, agreement_accept, ruleset_revise
from sessions.access import Forbidden, NotFound
from sessions.exports import minutes_markdown
from sessions.models import (
    ActionItem,
    CarriedCommitment,
    Invitation,
    InvitationStatus,
    ProgressReport,
    Role,
    ScreenState,
    Session,
    SessionState,
)
from sessions.services.actions import action_item_create, action_item_respond
from sessions.services.agenda import agenda_approve
from sessions.services.invitations import (
    InvitationError,
    invitation_accept,
    invitation_from_token,
    invitations_send_planned,
)
from sessions.services.participation import buy_in_give
from sessions.services.record import record_verify
from sessions.services.room import idea_post, room_control, statement_acknowledge
from sessions.services.series import (
    REVIEW_QUESTION,
    progress_report,
    progress_report_moderate,
    session_plan_next,
)
from sessions.services.sessions import session_open
from sessions.summary import minutes_data
from thinktank.mail.models import OutboundEmail

from ..factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
DUE = date(2031, 3, 14)


@pytest.fixture
def earlier(open_session, ready_participant):
    """A closed session with a custom ground rule, counsel, two participants, and action items in
    every state: open ones (proposed, accepted, one from Ben's anonymous idea proposed to Ben), done,
    declined, and one the screen held."""
    session, facilitator = open_session, open_session.created_by
    current = ruleset_current(session=session)
    drafts = [
        RuleDraft(title=r.title, description=r.description, slug=r.slug, watch_phrases=tuple(r.watch_phrases))
        for r in current.rules.all()
    ]
    drafts.append(RuleDraft(title="No talk of Project Falcon", watch_phrases=("falcon",)))
    ruleset_revise(
        session=session, by=facilitator, antitrust_statement="We compete; we do not collude.", rules=drafts
    )
    co_facilitator = UserFactory(name="Cora Cofacilitator")
    MembershipFactory(session=session, user=co_facilitator, role=Role.FACILITATOR, company=None)
    room_control(session_id=session.pk, user=facilitator, action="start")
    statement_acknowledge(session_id=session.pk, user=facilitator)
    session.refresh_from_db()
    ana = ready_participant(session, name="Ana Reyes")
    ben = ready_participant(session, name="Ben Okafor")

    def item(title, owner, **extra):
        return action_item_create(
            session=session, by=facilitator, title=title, owner=owner, due_date=DUE, **extra
        )

    glossary = item("Draft the glossary", ben)
    pilot = item("Pilot peer coaching", ana)
    action_item_respond(item=pilot, by=ana, move="accept")
    deck = item("Send the deck", ana)
    action_item_respond(item=deck, by=ana, move="accept")
    action_item_respond(item=deck, by=ana, move="complete")
    refused = item("Not for me", ben)
    action_item_respond(item=refused, by=ben, move="decline")
    held = item("Agree we bill 14 an hour on that account", ana)
    assert held.screen_state == ScreenState.HELD
    anonymous = idea_post(
        session_id=session.pk,
        user=ben,
        client_id=uuid.uuid4(),
        question_id=session.current_question_id,
        text="A buddy system for new reps",
        anonymous=True,
    ).idea
    buddy = item("Try the buddy system", ben, idea=anonymous)
    assert buddy.owner_only
    room_control(session_id=session.pk, user=facilitator, action="close")
    # Counsel joined the think tank after this session (a membership, as an accepted invitation makes).
    counsel = UserFactory(name="Carla Counsel")
    MembershipFactory(session=session, user=counsel, role=Role.COUNSEL, company=None)
    session.refresh_from_db()
    return SimpleNamespace(
        session=session,
        facilitator=facilitator,
        co_facilitator=co_facilitator,
        counsel=counsel,
        ana=ana,
        ben=ben,
        glossary=glossary,
        pilot=pilot,
        buddy=buddy,
    )


def fresh(session):
    return Session.objects.get(pk=session.pk)


def _join(new, person):
    """`person` follows their (sent) invitation to the new session, gives buy-in and agrees."""
    invitation = Invitation.objects.get(session=new, email=person.email)
    invitation_accept(token=invitation.token, user=person)
    buy_in_give(session=new, user=person, willing=True, hopes="Progress", strength="Follow-through")
    agreement_accept(session=new, user=person, typed_name=person.name)


@pytest.fixture
def next_session(earlier):
    """The next session, opened, counsel's approval given, invitations sent, Ana and Ben in."""
    new = session_plan_next(session=earlier.session, by=earlier.facilitator)
    session_open(session=new, by=earlier.facilitator)
    invitations_send_planned(session=new, by=earlier.facilitator)  # counsel's goes; the others wait
    invitation = Invitation.objects.get(session=new, email=earlier.counsel.email)
    invitation_accept(token=invitation.token, user=earlier.counsel)
    agenda_approve(session=new, by=earlier.counsel)
    invitations_send_planned(session=new, by=earlier.facilitator)
    for person in (earlier.ana, earlier.ben):
        _join(new, person)
    new.refresh_from_db()
    return new


def test_planning_the_next_session_carries_people_companies_rules_and_purpose_as_a_draft(earlier):
    new = session_plan_next(session=earlier.session, by=earlier.facilitator)

    assert (new.state, new.follows, new.purpose) == (
        SessionState.DRAFT,
        earlier.session,
        earlier.session.purpose,
    )
    assert set(new.companies.all()) == set(earlier.session.companies.all())
    assert new.title == f"{earlier.session.title} (next session)"
    # Whole weeks later, same weekday and local time, at least a week ahead, same length.
    old_local = timezone.localtime(earlier.session.starts_at, earlier.session.zone)
    new_local = timezone.localtime(new.starts_at, new.zone)
    assert (new_local.weekday(), new_local.time()) == (old_local.weekday(), old_local.time())
    assert new.starts_at > timezone.now() + timedelta(days=7)
    assert new.ends_at - new.starts_at == earlier.session.ends_at - earlier.session.starts_at
    # The very rules the earlier session had, as the new session's own version 1.
    old_rules, new_rules = ruleset_current(session=earlier.session), ruleset_current(session=new)
    assert new_rules.number == 1 and new_rules.antitrust_statement == "We compete; we do not collude."

    def shape(version):
        return [(r.slug, r.title, r.watch_phrases, r.builtin) for r in version.rules.all()]

    assert shape(new_rules) == shape(old_rules)
    assert "no-talk-of-project-falcon" in [slug for slug, *_ in shape(new_rules)]
    # Facilitators lead again; everyone else is planned, nothing is sent.
    roles = dict(new.memberships.values_list("user__name", "role"))
    assert roles == {earlier.facilitator.name: Role.FACILITATOR, "Cora Cofacilitator": Role.FACILITATOR}
    planned = {(i.email, i.role, i.company_id, i.status) for i in new.invitations.all()}
    assert planned == {
        (earlier.ana.email, Role.PARTICIPANT, earlier.ana.company_id, InvitationStatus.PLANNED),
        (earlier.ben.email, Role.PARTICIPANT, earlier.ben.company_id, InvitationStatus.PLANNED),
        (earlier.counsel.email, Role.COUNSEL, None, InvitationStatus.PLANNED),
    }
    assert not OutboundEmail.objects.filter(kind="invitation").exists()
    # Open items only (not done, declined, or held by the screen), on the agenda's first item.
    carried = list(CarriedCommitment.objects.filter(session=new).values_list("action_item__title", flat=True))
    assert sorted(carried) == ["Draft the glossary", "Pilot peer coaching", "Try the buddy system"]
    assert [q.text for q in new.questions.all()] == [REVIEW_QUESTION]
    assert record_verify(session=fresh(new)).ok and record_verify(session=fresh(earlier.session)).ok
    assert new.record.filter(kind="series_follows").exists()


def test_planning_again_returns_the_same_draft_and_only_facilitators_plan(earlier):
    first = session_plan_next(session=earlier.session, by=earlier.facilitator)
    assert session_plan_next(session=earlier.session, by=earlier.co_facilitator) == first
    with pytest.raises(Forbidden):
        session_plan_next(session=earlier.session, by=earlier.ana)
    with pytest.raises(Forbidden):
        session_plan_next(session=earlier.session, by=earlier.counsel)
    with pytest.raises(NotFound):  # the draft is its facilitators' alone
        from sessions.access import Act, session_access

        session_access(session=first, user=earlier.ana, act=Act.VIEW)


def test_planned_invitations_go_out_only_when_sent_and_counsel_approves_the_new_agenda_first(earlier):
    new = session_plan_next(session=earlier.session, by=earlier.facilitator)
    ana_invitation = Invitation.objects.get(session=new, email=earlier.ana.email)
    with pytest.raises(InvitationError) as unusable:  # never sent: its link does not work
        invitation_from_token(token=ana_invitation.token)
    assert unusable.value.code == "invalid"
    draft_result = invitations_send_planned(session=new, by=earlier.facilitator)
    assert not draft_result.created and "Open the session" in draft_result.problems[0].message

    session_open(session=new, by=earlier.facilitator)
    first = invitations_send_planned(session=new, by=earlier.facilitator)
    # Counsel's goes out; participants wait for counsel's approval of the new agenda (issue 10).
    assert [i.email for i in first.created] == [earlier.counsel.email]
    assert {p.line for p in first.problems} == {earlier.ana.email, earlier.ben.email}
    assert all("Counsel approves the agenda" in p.message for p in first.problems)
    invitation_accept(
        token=Invitation.objects.get(session=new, email=earlier.counsel.email).token, user=earlier.counsel
    )
    agenda_approve(session=new, by=earlier.counsel)
    second = invitations_send_planned(session=new, by=earlier.facilitator)

    assert {i.email for i in second.created} == {earlier.ana.email, earlier.ben.email}
    sent = OutboundEmail.objects.filter(kind="invitation").values_list("to", flat=True)
    assert len(sent) == 3
    ana_invitation.refresh_from_db()
    assert ana_invitation.status == InvitationStatus.PENDING
    assert invitation_from_token(token=ana_invitation.token) == ana_invitation


def test_a_planned_invitation_is_removed_not_revoked(earlier, client):
    new = session_plan_next(session=earlier.session, by=earlier.facilitator)
    invitation = Invitation.objects.get(session=new, email=earlier.ben.email)
    client.force_login(earlier.facilitator)
    client.post(reverse("sessions:invitation_revoke", args=[new.pk, invitation.pk]))
    assert not Invitation.objects.filter(pk=invitation.pk).exists()


def test_only_the_owner_reports_progress_and_a_screened_note_waits_for_a_moderator(earlier, next_session):
    glossary = CarriedCommitment.objects.get(session=next_session, action_item=earlier.glossary)
    with pytest.raises(PermissionDenied):
        progress_report(commitment=glossary, by=earlier.ana, progress="done")
    with pytest.raises(Forbidden):  # counsel and facilitators see reports, they do not make them
        progress_report(commitment=glossary, by=earlier.facilitator, progress="done")
    with pytest.raises(ValidationError):
        progress_report(commitment=glossary, by=earlier.ben, progress="finished")

    report = progress_report(
        commitment=glossary, by=earlier.ben, progress="ongoing", note="Falcon\u202e came up; half done"
    )

    assert (report.screen_state, report.screen_rules) == (ScreenState.HELD, ["no-talk-of-project-falcon"])
    assert report.note == "Falcon came up; half done"  # cleaned

    def latest(person):
        from sessions.selectors import commitments_visible

        views = {v.item.pk: v for v in commitments_visible(session=next_session, user=person)}
        view = views.get(earlier.glossary.pk)
        return view.latest if view else None

    assert latest(earlier.ana) is None  # held: not hers to see
    assert latest(earlier.ben) == report and latest(earlier.counsel) == report
    with pytest.raises(Forbidden):
        progress_report_moderate(report=report, by=earlier.ana, decision="release")
    progress_report_moderate(report=report, by=earlier.counsel, decision="release")
    assert latest(earlier.ana).pk == report.pk
    kinds = list(next_session.record.values_list("kind", flat=True))
    assert {"screening", "progress_report", "progress_report_moderation"} <= set(kinds)
    assert record_verify(session=fresh(next_session)).ok


def test_a_commitment_from_an_anonymous_idea_is_not_shown_to_others_while_its_owners_alone(
    earlier, next_session, client
):
    client.force_login(earlier.ana)
    page = client.get(reverse("sessions:commitments", args=[next_session.pk])).content.decode()
    assert "Draft the glossary" in page and "Try the buddy system" not in page
    assert "A buddy system for new reps" not in page
    client.force_login(earlier.ben)
    page = client.get(reverse("sessions:commitments", args=[next_session.pk])).content.decode()
    assert "Try the buddy system" in page and "Report progress" in page
    client.force_login(earlier.facilitator)
    page = client.get(reverse("sessions:commitments", args=[next_session.pk])).content.decode()
    assert "Try the buddy system" in page and "Report progress" not in page


def test_progress_reports_show_on_the_summary_and_in_the_minutes(earlier, next_session, client):
    pilot = CarriedCommitment.objects.get(session=next_session, action_item=earlier.pilot)
    glossary = CarriedCommitment.objects.get(session=next_session, action_item=earlier.glossary)
    progress_report(commitment=pilot, by=earlier.ana, progress="done", note="Six circles ran")
    progress_report(commitment=glossary, by=earlier.ben, progress="dropped", note="Falcon mess")  # held

    client.force_login(earlier.ben)
    summary = client.get(reverse("sessions:summary", args=[next_session.pk])).content.decode()
    assert "Our commitments from" in summary and "Six circles ran" in summary and "Done" in summary
    markdown = minutes_markdown(minutes_data(session=next_session))
    assert "Review of our commitments from" in markdown
    assert (
        "Pilot peer coaching: Ana Reyes" in markdown and "done" in markdown and "Six circles ran" in markdown
    )
    assert "Falcon mess" not in markdown  # held: the minutes are everyone's
    assert "Draft the glossary: Ben Okafor" in markdown and "no progress reported" in markdown
    assert "Try the buddy system" not in markdown


def test_reporting_needs_the_session_open_or_running(earlier, next_session):
    glossary = CarriedCommitment.objects.get(session=next_session, action_item=earlier.glossary)
    Session.objects.filter(pk=next_session.pk).update(require_counsel_present=False)
    room_control(session_id=next_session.pk, user=earlier.facilitator, action="start")
    statement_acknowledge(session_id=next_session.pk, user=earlier.ben)
    progress_report(commitment=glossary, by=earlier.ben, progress="ongoing")
    room_control(session_id=next_session.pk, user=earlier.facilitator, action="close")
    with pytest.raises(ValidationError):
        progress_report(commitment=glossary, by=earlier.ben, progress="done")
    assert ProgressReport.objects.filter(commitment=glossary).count() == 1
    assert ActionItem.objects.get(pk=earlier.glossary.pk).status == "proposed"  # the earlier record stays
