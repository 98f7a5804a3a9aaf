"""Action items: created by a facilitator (from an idea, a question, or the summary page), accepted,
declined or completed by their owner only, reassigned by a facilitator.

Every change is also a room event, so people in the live room see the collaboration contract grow.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.timezone import now

from groundrules.selectors import screen_for_session
from thinktank.accounts.models import User

from ..access import Act, session_access
from ..models import (
    ActionItem,
    ActionStatus,
    AgendaQuestion,
    Audience,
    Idea,
    Membership,
    Role,
    ScreenState,
    Session,
    SessionState,
)
from .calendar import CANCEL, REQUEST, action_item_calendar_queue
from .record import record_append, record_screening, screen_matches
from .room_events import event_emit

OWNER_MOVES = {
    "accept": (ActionStatus.PROPOSED, ActionStatus.ACCEPTED),
    "decline": (ActionStatus.PROPOSED, ActionStatus.DECLINED),
    "complete": (ActionStatus.ACCEPTED, ActionStatus.DONE),
}


def action_item_create(
    *,
    session: Session,
    by: User,
    title: str,
    owner: User,
    details: str = "",
    due_date: date | None = None,
    idea: Idea | None = None,
    question: AgendaQuestion | None = None,
) -> ActionItem:
    session_access(session=session, user=by, act=Act.PROPOSE_ACTION_ITEM)
    if session.state in (SessionState.DRAFT, SessionState.OPEN):
        raise ValidationError("Action items come from the session: start it first.")
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": "Give the action item a title."})
    _check_owner(session, owner)
    if idea is not None and idea.session_id != session.pk:
        raise ValidationError("That idea belongs to another session.")
    if question is not None and question.session_id != session.pk:
        raise ValidationError("That question belongs to another session.")
    details = details.strip()
    # An action item is read by everyone, like an idea: it passes the same screen (before the lock).
    verdict = screen_for_session(session_id=session.pk).screen(f"{title}\n{details}")
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        item = ActionItem(
            session=locked,
            title=title,
            details=details,
            owner=owner,
            due_date=due_date,
            idea=idea,
            question=question or (idea.question if idea else None),
            created_by=by,
            screen_state=ScreenState.HELD if verdict.held else ScreenState.CLEAR,
            screen_rules=verdict.rules,
            screen_matches=screen_matches(verdict),
        )
        item.owner_only = _owner_only(item)
        item.full_clean()
        item.save()
        record_screening(session=locked, subject={"action_item_id": item.pk}, result=verdict)
        _emit(locked, item, "action_item.created")
    return item


def action_item_respond(*, item: ActionItem, by: User, move: str) -> ActionItem:
    """The owner accepts or declines a proposed item, or completes an accepted one."""
    if move not in OWNER_MOVES:
        raise ValidationError("Unknown action.")
    session_access(session=item.session, user=by, act=Act.RESPOND_TO_ACTION_ITEM)
    if item.screen_state not in (ScreenState.CLEAR, ScreenState.RELEASED):
        raise ValidationError("This action item waits for a moderator: it may touch a ground rule.")
    if item.owner_id != by.pk:
        raise PermissionDenied("Only the owner of an action item accepts, declines or completes it.")
    expected, target = OWNER_MOVES[move]
    with transaction.atomic():
        locked_session = Session.objects.select_for_update().get(pk=item.session_id)
        item = ActionItem.objects.select_for_update().get(pk=item.pk)
        if item.status != expected:
            raise ValidationError(f"A {item.get_status_display().lower()} action item cannot be {move}ed.")
        item.status, item.status_changed_at = target, now()
        item.ics_sequence += 1
        was_owner_only, item.owner_only = item.owner_only, _owner_only(item)
        item.save(update_fields=["status", "status_changed_at", "owner_only", "ics_sequence", "updated_at"])
        _emit(locked_session, item, "action_item.updated", was_owner_only=was_owner_only)
        if target == ActionStatus.DECLINED:
            action_item_calendar_queue(item=item, person=by, method=CANCEL, change="declined")
    return item


def action_item_reassign(*, item: ActionItem, by: User, owner: User) -> ActionItem:
    """A facilitator gives the item to someone else, who must accept it anew."""
    session_access(session=item.session, user=by, act=Act.REASSIGN_ACTION_ITEM)
    _check_owner(item.session, owner)
    with transaction.atomic():
        locked_session = Session.objects.select_for_update().get(pk=item.session_id)
        item = ActionItem.objects.select_for_update().get(pk=item.pk)
        if item.status == ActionStatus.DONE:
            raise ValidationError("A done action item keeps its owner.")
        previous = item.owner
        item.owner, item.status, item.status_changed_at = owner, ActionStatus.PROPOSED, now()
        item.ics_sequence += 1
        was_owner_only, item.owner_only = item.owner_only, _owner_only(item)
        item.save(
            update_fields=["owner", "status", "status_changed_at", "owner_only", "ics_sequence", "updated_at"]
        )
        _emit(locked_session, item, "action_item.updated", was_owner_only=was_owner_only)
        if previous.pk != owner.pk:
            action_item_calendar_queue(item=item, person=previous, method=CANCEL, change="reassigned_away")
        action_item_calendar_queue(item=item, person=owner, method=REQUEST, change="assigned")
    return item


def action_item_reschedule(*, item: ActionItem, by: User, due_date: date | None) -> ActionItem:
    """The owner or a facilitator moves the due date (or removes it). The owner's calendar follows:
    an email with the event at its new date (REQUEST, higher SEQUENCE), or its cancellation when the
    date is removed."""
    access = session_access(session=item.session, user=by, act=Act.RESCHEDULE_ACTION_ITEM)
    if not access.is_facilitator and item.owner_id != by.pk:
        raise PermissionDenied("Only the owner of an action item, or a facilitator, changes its due date.")
    if item.screen_state not in (ScreenState.CLEAR, ScreenState.RELEASED):
        raise ValidationError("This action item waits for a moderator: it may touch a ground rule.")
    with transaction.atomic():
        locked_session = Session.objects.select_for_update().get(pk=item.session_id)
        item = ActionItem.objects.select_for_update().select_related("owner", "session").get(pk=item.pk)
        if item.status in (ActionStatus.DONE, ActionStatus.DECLINED):
            raise ValidationError(f"A {item.get_status_display().lower()} action item keeps its due date.")
        if item.due_date == due_date:
            return item
        previous = item.due_date
        item.due_date = due_date
        item.ics_sequence += 1
        item.full_clean()
        item.save(update_fields=["due_date", "ics_sequence", "updated_at"])
        _emit(locked_session, item, "action_item.updated", was_owner_only=item.owner_only)
        if due_date is None:
            action_item_calendar_queue(
                item=item, person=item.owner, method=CANCEL, change="undated", due_date=previous
            )
        else:
            action_item_calendar_queue(item=item, person=item.owner, method=REQUEST, change="rescheduled")
    return item


def action_item_moderate(*, item: ActionItem, by: User, decision: str, reason: str = "") -> ActionItem:
    """A moderator releases an action item the screen held (everyone then sees it) or declines it
    (with a reason: the facilitator who proposed it rephrases it as a new one)."""
    session_access(session=item.session, user=by, act=Act.MODERATE)
    reason = " ".join(reason.split())
    if decision not in ("release", "decline"):
        raise ValidationError("Release or decline.")
    if decision == "decline" and not reason:
        raise ValidationError({"reason": "Say why it is declined."})
    with transaction.atomic():
        locked_session = Session.objects.select_for_update().get(pk=item.session_id)
        item = ActionItem.objects.select_for_update().get(pk=item.pk)
        if item.screen_state != ScreenState.HELD:
            raise ValidationError("Only a held action item is released or declined.")
        item.screen_state = ScreenState.RELEASED if decision == "release" else ScreenState.DECLINED
        item.screen_reason = reason
        item.ics_sequence += 1
        item.save(update_fields=["screen_state", "screen_reason", "ics_sequence", "updated_at"])
        record_append(
            session=locked_session,
            kind="action_item_moderation",
            payload={"action_item_id": item.pk, "decision": decision, "reason": reason, "by": by.pk},
        )
        _emit(locked_session, item, "action_item.created" if decision == "release" else "action_item.updated")
    return item


def action_item_payload(item: ActionItem) -> dict:
    anonymous_idea = item.idea_id is not None and item.idea.anonymous
    return {
        "id": item.pk,
        "title": item.title,
        "details": item.details,
        "owner": {"id": item.owner_id, "name": item.owner.name},
        "due_date": item.due_date.isoformat() if item.due_date else None,
        # An anonymous idea is not linked: the link and the owner's name could unmask its author.
        "idea_id": None if anonymous_idea else item.idea_id,
        "question_id": item.question_id,
        "status": item.status,
        "owner_only": item.owner_only,
        "screen_state": item.screen_state,
        "screen_rules": item.screen_rules,
    }


def _owner_only(item: ActionItem) -> bool:
    """Proposed (or declined) to the author of the anonymous idea it comes from: theirs alone until
    they accept it, since it would name them with their anonymous idea."""
    idea = item.idea
    return (
        idea is not None
        and idea.anonymous
        and idea.author_id == item.owner_id
        and item.status in (ActionStatus.PROPOSED, ActionStatus.DECLINED)
    )


def _check_owner(session: Session, owner: User) -> None:
    if not Membership.objects.filter(session=session, user=owner, role=Role.PARTICIPANT).exists():
        raise ValidationError({"owner": "The owner must be one of the session's participants."})


def _emit(session: Session, item: ActionItem, event_type: str, *, was_owner_only: bool = False) -> None:
    """To whom the item is visible now: everyone; its owner and the moderators (owner_only); the
    moderators alone (held or declined by the screen's moderators)."""
    payload = {"action_item": action_item_payload(item)}
    if item.screen_state in (ScreenState.HELD, ScreenState.DECLINED):
        event_emit(
            session=session, type=event_type, payload=payload, audience=Audience.MODERATORS, action_item=item
        )
        return
    if not item.owner_only:
        event_emit(session=session, type=event_type, payload=payload, action_item=item)
        return
    event_emit(
        session=session,
        type=event_type,
        payload=payload,
        audience=Audience.AUTHOR,
        author_id=item.owner_id,
        action_item=item,
    )
    if not was_owner_only and event_type != "action_item.created":
        # Everyone saw it while it was someone else's: take it off their screens.
        event_emit(session=session, type="action_item.hidden", payload={"action_item_id": item.pk})
