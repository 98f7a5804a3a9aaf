"""Groups of similar ideas: the facilitator groups published ideas of one question under a title,
adds ideas to a group, removes them, or ungroups; and asks for suggested groups, found by text
similarity (rapidfuzz's token-set ratio, on this machine, no network).

Only ideas every participant can see (published: not held, declined or hidden) are grouped or
suggested. A group's title is read by everyone, so it passes the session's ground-rule screen like
an idea: a title that may touch a rule is refused (the facilitator rephrases it) and the verdict is
on the record. Every change is a room event (`group.updated`, `group.removed`).
"""

from django.db import transaction
from rapidfuzz import fuzz, utils

from groundrules.selectors import screen_for_session
from thinktank.accounts.models import User

from ..access import Access, Act, session_access
from ..models import Idea, IdeaGroup, IdeaGroupMember, IdeaStatus, Session
from ..models.decisions import GROUP_TITLE_MAX_LENGTH
from .record import record_screening
from .room import RoomError, _check_room_open_for_changes, _clean, _lock
from .room_events import event_emit

MAX_IDEAS_PER_FRAME = 50
# Suggestions compare every pair of ideas: at most this many (the newest ungrouped ones), so a
# question with thousands of ideas costs a bounded 20,000 comparisons (about 20 ms).
MAX_SUGGESTION_IDEAS = 200
MAX_SUGGESTIONS = 10
SIMILARITY_THRESHOLD = 75  # token-set ratio, 0..100
UPDATE_ACTIONS = ("add", "remove", "rename", "ungroup")


def group_create(
    *, session_id: int, user: User, title: str, idea_ids: list[int], access: Access | None = None
) -> IdeaGroup:
    """A new group of at least two published, ungrouped ideas of one question."""
    title = _title(title)
    if len(set(idea_ids)) < 2:
        raise RoomError("invalid", "A group needs at least two ideas.")
    _screen_title(session_id, user, title, access)
    with transaction.atomic():
        session, _ = _lock(session_id, user, Act.GROUP_IDEAS, known=access)
        _check_room_open_for_changes(session)
        ideas = _groupable(session, idea_ids)
        group = IdeaGroup.objects.create(
            session=session, question_id=ideas[0].question_id, title=title, created_by=user
        )
        IdeaGroupMember.objects.bulk_create(IdeaGroupMember(group=group, idea=idea) for idea in ideas)
        _emit_group(session, group)
    return group


def group_update(
    *,
    session_id: int,
    user: User,
    group_id: int,
    action: str,
    idea_ids: list[int] | None = None,
    title: str = "",
    access: Access | None = None,
) -> IdeaGroup | None:
    """add / remove ideas, rename, or ungroup (the ideas stay, the group goes; so does a group whose
    last idea is removed). Returns the group, or None once it is gone."""
    if action not in UPDATE_ACTIONS:
        raise RoomError("invalid", "action must be add, remove, rename or ungroup.")
    idea_ids = idea_ids or []
    if action in ("add", "remove") and not idea_ids:
        raise RoomError("invalid", f"Say which ideas to {action} (idea_ids).")
    if action == "rename":
        title = _title(title)
        _screen_title(session_id, user, title, access)
    with transaction.atomic():
        session, _ = _lock(session_id, user, Act.GROUP_IDEAS, known=access)
        _check_room_open_for_changes(session)
        group = IdeaGroup.objects.filter(session=session, pk=group_id).first()
        if group is None:
            raise RoomError("not_found", "No such group in this session.")
        if action == "add":
            ideas = _groupable(session, idea_ids, question_id=group.question_id)
            IdeaGroupMember.objects.bulk_create(IdeaGroupMember(group=group, idea=idea) for idea in ideas)
        elif action == "remove":
            members = IdeaGroupMember.objects.filter(group=group, idea_id__in=idea_ids)
            if members.count() != len(set(idea_ids)):
                raise RoomError("not_found", "Some of those ideas are not in this group.")
            members.delete()
        elif action == "rename":
            group.title = title
            group.save(update_fields=["title"])
        if action == "ungroup" or not group.members.exists():
            group.delete()
            event_emit(session=session, type="group.removed", payload={"group_id": group_id})
            return None
        _emit_group(session, group)
    return group


def group_suggestions(
    *, session_id: int, user: User, question_id: int | None = None, access: Access | None = None
) -> dict:
    """Groups of similar published, ungrouped ideas of a question (the current one by default), for
    the facilitator alone: `{"question_id", "suggestions": [{"idea_ids", "title", "similarity"}]}`."""
    session = Session.objects.filter(pk=session_id).first()
    session_access(session=session, session_id=session_id, user=user, act=Act.GROUP_IDEAS, known=access)
    session = session or Session.objects.get(pk=session_id)
    question_id = question_id if question_id is not None else session.current_question_id
    if question_id is None or not session.questions.filter(pk=question_id).exists():
        raise RoomError("not_found", "No such question in this session's agenda.")
    ideas = list(
        Idea.objects.filter(
            session=session, question_id=question_id, status=IdeaStatus.PUBLISHED, group_membership=None
        )
        .order_by("-created_at", "-id")
        .values_list("pk", "text")[:MAX_SUGGESTION_IDEAS]
    )
    return {"question_id": question_id, "suggestions": similar_clusters(ideas)}


def similar_clusters(ideas: list[tuple[int, str]]) -> list[dict]:
    """Star clusters: the idea most like others gathers the unassigned ideas like it, and so on."""
    if len(ideas) < 2:
        return []
    texts = [text for _, text in ideas]
    cleaned = [utils.default_process(text) for text in texts]
    scores = [[0.0] * len(ideas) for _ in ideas]
    for i in range(len(ideas)):
        for j in range(i + 1, len(ideas)):
            scores[i][j] = scores[j][i] = fuzz.token_set_ratio(cleaned[i], cleaned[j])
    near = [
        [j for j in range(len(ideas)) if j != i and scores[i][j] >= SIMILARITY_THRESHOLD]
        for i in range(len(ideas))
    ]
    taken: set[int] = set()
    clusters = []
    for seed in sorted(range(len(ideas)), key=lambda i: (-len(near[i]), i)):
        if seed in taken or not near[seed]:
            continue
        members = [seed] + [j for j in near[seed] if j not in taken]
        if len(members) < 2:
            continue
        taken.update(members)
        similarity = min(int(scores[seed][j]) for j in members[1:])
        clusters.append(
            {
                "idea_ids": sorted(ideas[i][0] for i in members),
                "title": _suggested_title(texts[seed]),
                "similarity": similarity,
            }
        )
        if len(clusters) == MAX_SUGGESTIONS:
            break
    return clusters


def group_payload(group: IdeaGroup, idea_ids: list[int] | None = None) -> dict:
    """The group as everyone sees it: its published ideas only."""
    if idea_ids is None:
        idea_ids = list(
            group.members.filter(idea__status=IdeaStatus.PUBLISHED)
            .order_by("added_at", "id")
            .values_list("idea_id", flat=True)
        )
    return {"id": group.pk, "question_id": group.question_id, "title": group.title, "idea_ids": idea_ids}


def groups_with_ideas(*, session: Session) -> list[tuple[IdeaGroup, list[Idea]]]:
    """Every group of the session with its published ideas, in two queries."""
    groups = list(IdeaGroup.objects.filter(session=session).order_by("question__position", "created_at"))
    members: dict[int, list[Idea]] = {group.pk: [] for group in groups}
    for member in (
        IdeaGroupMember.objects.filter(group__session=session, idea__status=IdeaStatus.PUBLISHED)
        .select_related("idea", "idea__author", "idea__company")
        .order_by("added_at", "id")
    ):
        members[member.group_id].append(member.idea)
    return [(group, members[group.pk]) for group in groups]


# --- helpers -----------------------------------------------------------------------------------


def _title(title: str) -> str:
    title = " ".join(_clean(title).split())
    if not title:
        raise RoomError("empty", "Give the group a title.")
    if len(title) > GROUP_TITLE_MAX_LENGTH:
        raise RoomError("too_long", f"Keep a group's title under {GROUP_TITLE_MAX_LENGTH} characters.")
    return title


def _screen_title(session_id: int, user: User, title: str, access: Access | None) -> None:
    """Screened before anything is stored; a held title is refused, with the rules it may touch,
    and the verdict goes on the record either way."""
    verdict = screen_for_session(session_id=session_id).screen(title)
    with transaction.atomic():
        session, _ = _lock(session_id, user, Act.GROUP_IDEAS, known=access)
        record_screening(session=session, subject={"group_title": title}, result=verdict)
    if verdict.held:
        raise RoomError(
            "held",
            "That title may touch a ground rule: rephrase it.",
            rules=verdict.rules,
            matches=[
                {"rule": hit.rule, "matched": hit.matched, "reason": hit.reason} for hit in verdict.hits
            ],
        )


def _groupable(session: Session, idea_ids: list[int], *, question_id: int | None = None) -> list[Idea]:
    wanted = set(idea_ids)
    if len(wanted) > MAX_IDEAS_PER_FRAME:
        raise RoomError("invalid", f"At most {MAX_IDEAS_PER_FRAME} ideas at a time.")
    ideas = list(
        Idea.objects.filter(session=session, pk__in=wanted, status=IdeaStatus.PUBLISHED)
        .select_related("group_membership")
        .order_by("created_at", "id")
    )
    if len(ideas) != len(wanted):
        raise RoomError("not_found", "Only published ideas of this session can be grouped.")
    questions = {idea.question_id for idea in ideas} | ({question_id} if question_id else set())
    if len(questions) > 1:
        raise RoomError("invalid", "A group holds ideas of one question.")
    grouped = [idea.pk for idea in ideas if hasattr(idea, "group_membership")]
    if grouped:
        raise RoomError("already_grouped", f"Already in a group (remove them from it first): {grouped}.")
    return ideas


def _emit_group(session: Session, group: IdeaGroup) -> None:
    event_emit(session=session, type="group.updated", payload={"group": group_payload(group)})


def _suggested_title(text: str, limit: int = 60) -> str:
    words = " ".join(text.split())
    if len(words) <= limit:
        return words
    return words[: limit - 1].rsplit(" ", 1)[0] + "…"
