"""Reads for after the session: the summary (recognition, participation balance) and the minutes."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q

from groundrules.selectors import agreements_record

from .models import ActionItem, Idea, IdeaStatus, Membership, ModerationDecision, Reaction, Role, Session
from .selectors import action_items_visible

# A company with fewer participants than this shows no participation figures to participants: a
# one- or two-person delegation would be identified by them.
SMALL_GROUP = 3


@dataclass
class CompanyBalance:
    company: str
    ideas: int = 0
    reactions: int = 0
    action_items: int = 0
    hidden: bool = False  # a small delegation's figures, not shown to this viewer

    @property
    def total(self) -> int:
        return self.ideas + self.reactions + self.action_items


@dataclass
class Contributor:
    name: str
    company: str
    ideas: int
    highlighted: int


@dataclass
class QuestionSummary:
    question: object
    ideas: list = field(default_factory=list)
    groups: list = field(default_factory=list)  # GroupSummary
    votes: list = field(default_factory=list)  # VoteSummary


@dataclass
class GroupSummary:
    title: str
    ideas: list  # the group's published ideas


@dataclass
class VoteSummary:
    """A dot-vote's results: totals and how many voted, never who put a dot where."""

    on: str
    dots: int
    stacking: bool
    voters: int
    is_open: bool
    ranked: list  # (label, dots), most dots first


def decisions_by_question(*, session: Session) -> dict[int, tuple[list, list]]:
    """Each question's groups and votes, in four queries; only what every participant may see."""
    from .services.groups import groups_with_ideas
    from .services.votes import vote_results, votes_with_items

    found: dict[int, tuple[list, list]] = {
        q: ([], []) for q in session.questions.values_list("pk", flat=True)
    }
    for group, ideas in groups_with_ideas(session=session):
        if ideas:
            found[group.question_id][0].append(GroupSummary(group.title, ideas))
    for vote, items in votes_with_items(session=session):
        ranked = [
            (item.idea.text if item.idea_id else item.label, item.total) for item in vote_results(vote, items)
        ]
        found[vote.question_id][1].append(
            VoteSummary(
                vote.on, vote.dots, vote.stacking, vote.voters, vote.is_open, [] if vote.is_open else ranked
            )
        )
    return found


def session_summary(*, session: Session, user) -> dict:
    """Ideas per question, highlights, action items, contributors and the balance per company, as
    `user` may see them.

    Anonymous ideas count for nobody: they appear in the ideas, never in recognition or balance;
    nor does an action item still its owner's alone (it comes from their anonymous idea).
    """
    published = (
        Idea.objects.filter(session=session, status=IdeaStatus.PUBLISHED)
        .select_related("author", "company", "question")
        .annotate(
            agree=Count("reactions", filter=Q(reactions__kind="agree"), distinct=True),
            dissent=Count("reactions", filter=Q(reactions__kind="dissent"), distinct=True),
        )
        .order_by("question__position", "created_at")
    )
    questions = {q.pk: QuestionSummary(question=q) for q in session.questions.all()}
    for idea in published:
        questions[idea.question_id].ideas.append(idea)
    for question_id, (groups, votes) in decisions_by_question(session=session).items():
        questions[question_id].groups, questions[question_id].votes = groups, votes
    items = list(action_items_visible(session=session, user=user))
    return {
        "questions": list(questions.values()),
        "highlights": [idea for idea in published if idea.highlighted],
        "action_items": items,
        "contributors": _contributors(published),
        "balance": balance_bars(
            _balance(
                session,
                published,
                [i for i in items if not i.owner_only],
                for_moderator=_is_moderator(session, user),
            )
        ),
    }


def _is_moderator(session: Session, user) -> bool:
    from .selectors import membership_for

    membership = membership_for(session=session, user=user)
    return membership is not None and membership.role in (Role.FACILITATOR, Role.COUNSEL)


def _contributors(published) -> list[Contributor]:
    counts: dict[int, Contributor] = {}
    for idea in published:
        if idea.anonymous:
            continue
        entry = counts.setdefault(
            idea.author_id,
            Contributor(idea.author.name, idea.company.name if idea.company else "", 0, 0),
        )
        entry.ideas += 1
        entry.highlighted += int(idea.highlighted)
    return sorted(counts.values(), key=lambda c: (-c.highlighted, -c.ideas, c.name))


def _balance(session: Session, published, items, *, for_moderator: bool) -> list[CompanyBalance]:
    rows = {c.name: CompanyBalance(c.name) for c in session.companies.all()}
    company_of = {
        m.user_id: m.company.name
        for m in Membership.objects.filter(session=session, role=Role.PARTICIPANT).select_related("company")
    }
    for idea in published:
        if not idea.anonymous and idea.author_id in company_of:
            rows.setdefault(company_of[idea.author_id], CompanyBalance(company_of[idea.author_id])).ideas += 1
    reactions = Counter(
        Reaction.objects.filter(idea__session=session, user_id__in=company_of).values_list(
            "user_id", flat=True
        )
    )
    for user_id, count in reactions.items():
        rows.setdefault(company_of[user_id], CompanyBalance(company_of[user_id])).reactions += count
    for item in items:
        if item.owner_id in company_of:
            rows.setdefault(
                company_of[item.owner_id], CompanyBalance(company_of[item.owner_id])
            ).action_items += 1
    if not for_moderator:
        sizes = Counter(company_of.values())
        for row in rows.values():
            if sizes[row.company] < SMALL_GROUP:
                row.hidden, row.ideas, row.reactions, row.action_items = True, 0, 0, 0
    return sorted(rows.values(), key=lambda row: (row.hidden, -row.total, row.company))


def minutes_data(*, session: Session) -> dict:
    """Everything the minutes record: attendees by company and the attendance register, the agenda
    and counsel's approval of it, agreements and acknowledgements of the antitrust statement, ideas,
    objections, every moderation decision with its reason, and action items."""
    members = (
        Membership.objects.filter(session=session).select_related("user", "company").order_by("user__name")
    )
    attendees: dict[str, list] = {}
    for membership in members:
        if membership.role == Role.PARTICIPANT and membership.attended_at is None:
            continue
        key = membership.company.name if membership.company else membership.get_role_display()
        attendees.setdefault(key, []).append(membership)
    ideas = (
        Idea.objects.filter(session=session, status=IdeaStatus.PUBLISHED)
        .select_related("author", "company", "question")
        .order_by("question__position", "created_at")
    )
    decisions = ModerationDecision.objects.filter(idea__session=session).select_related(
        "idea", "idea__author", "idea__company", "decided_by"
    )
    from .selectors import commitments_visible
    from .services.agenda import agenda_approval

    return {
        # The review of the earlier session's commitments, as participants may read it.
        "commitments": commitments_visible(session=session, user=None),
        "session": session,
        "attendees": sorted(attendees.items()),
        "attendance": list(session.attendance.select_related("user").order_by("at", "id")),
        "agenda_approval": agenda_approval(session=session),
        "acknowledgements": list(session.statement_acknowledgements.select_related("user")),
        "objections": list(session.objections.select_related("question")),
        "questions": list(session.questions.all()),
        "agreements": list(agreements_record(session=session)),
        "ideas": list(ideas),
        "decisions": decisions_by_question(session=session),
        "moderation": list(decisions),
        # Not an item still its owner's alone: it would name the author of an anonymous idea.
        "action_items": list(
            ActionItem.objects.filter(
                session=session, owner_only=False, screen_state__in=["clear", "released"]
            ).select_related("owner", "owner__company", "question")
        ),
    }


BAR_WIDTH = 210
BAR_KINDS = ("ideas", "reactions", "action_items")


def balance_bars(balance: list[CompanyBalance], width: int = BAR_WIDTH) -> list[dict]:
    """Stacked bar segments (x, width, kind, count) per company, scaled to the busiest company."""
    most = max((row.total for row in balance), default=0) or 1
    bars = []
    for row in balance:
        x, segments = 0.0, []
        for kind in BAR_KINDS:
            count = getattr(row, kind)
            w = width * count / most
            if count:
                segments.append({"x": round(x, 1), "width": round(w, 1), "kind": kind, "count": count})
            x += w
        bars.append({"row": row, "segments": segments})
    return bars
