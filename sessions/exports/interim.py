"""The interim export, for facilitators and counsel while the session runs: every idea as a
moderator sees it (with its visibility now and every moderation decision), and the decisions so far
(action items). Anonymous authors are not named: the file leaves ThinkTank, where anonymity must hold
whoever opens it."""

import csv
import io
from collections.abc import Iterable

from django.utils import timezone

from ..models import ActionItem, Idea, IdeaStatus, ScreenState, Session
from .action_items import owner_company
from .text import csv_cell

IDEAS_HEADER = [
    "Time",
    "Question",
    "Idea id",
    "Reply to",
    "Author",
    "Company",
    "Text",
    "Visibility",
    "Screen rules",
    "Flags",
    "Agree",
    "Dissent",
    "Highlighted",
    "Moderation",
]
DECISIONS_HEADER = [
    "Created",
    "Action item",
    "Details",
    "Owner",
    "Company",
    "Due date",
    "Status",
    "Visibility",
    "Screen rules",
    "Origin",
]
IDEA_VISIBILITY = {
    IdeaStatus.PUBLISHED: "Published: everyone in the room",
    IdeaStatus.HELD: "Held by the screen: its author and the moderators",
    IdeaStatus.FLAGGED: "Flagged: hidden from participants until a moderator decides",
    IdeaStatus.DECLINED: "Declined: its author and the moderators",
}
ANONYMOUS = "Anonymous"


def _when(moment, session: Session) -> str:
    return timezone.localtime(moment, session.zone).strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def _write(header: list[str], rows: Iterable[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue()


def interim_ideas_csv(ideas: Iterable[Idea], *, session: Session) -> str:
    """`ideas` with `flag_count`, `agree`, `dissent` annotated and `decisions` prefetched."""

    def row(idea: Idea) -> list:
        decisions = "; ".join(
            f"{d.get_decision_display()} ({d.get_source_display().lower()}) by {d.decided_by.name} "
            f"at {_when(d.decided_at, session)}" + (f": {d.reason}" if d.reason else "")
            for d in idea.decisions.all()
        )
        return [
            _when(idea.created_at, session),
            f"{idea.question.position}. {idea.question.text}",
            idea.pk,
            idea.parent_id or "",
            ANONYMOUS if idea.anonymous else idea.author.name,
            "" if idea.anonymous or idea.company is None else idea.company.name,
            idea.text,
            IDEA_VISIBILITY[idea.status],
            ", ".join(idea.screen_rules),
            idea.flag_count,
            idea.agree,
            idea.dissent,
            "yes" if idea.highlighted else "",
            decisions,
        ]

    return _write(IDEAS_HEADER, (row(idea) for idea in ideas))


def _item_visibility(item: ActionItem) -> str:
    if item.screen_state == ScreenState.HELD:
        return "Held by the screen: the moderators"
    if item.screen_state == ScreenState.DECLINED:
        return f"Declined by a moderator: {item.screen_reason}"
    if item.owner_only:
        return "Its owner and the moderators, until the owner accepts it"
    return "Everyone"


def interim_decisions_csv(items: Iterable[ActionItem], *, session: Session) -> str:
    """The action items so far. An item still its owner's alone comes from that owner's anonymous
    idea: its owner is not named. No item names the anonymous idea it came from, only its question."""

    def row(item: ActionItem) -> list:
        anonymous_idea = item.idea_id is not None and item.idea.anonymous
        if item.idea_id and not anonymous_idea:
            origin = f"Idea {item.idea_id}: {item.idea.text}"
        elif item.question_id:
            origin = f"Question: {item.question.text}"
        else:
            origin = ""
        owner_hidden = item.owner_only
        return [
            _when(item.created_at, session),
            item.title,
            item.details,
            "Not named (it comes from their anonymous idea)" if owner_hidden else item.owner.name,
            "" if owner_hidden else owner_company(item),
            item.due_date.isoformat() if item.due_date else "",
            item.get_status_display(),
            _item_visibility(item),
            ", ".join(item.screen_rules),
            origin,
        ]

    return _write(DECISIONS_HEADER, (row(item) for item in items))
