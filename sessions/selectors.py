"""Reads of sessions, with the visibility rules every door shares."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from thinktank.accounts.models import User

from .models import Membership, Role, Session, SessionState


def sessions_for_user(*, user: User) -> QuerySet[Session]:
    """The sessions a person takes part in, in any role; drafts only for their facilitators."""
    if not user.is_authenticated:
        return Session.objects.none()
    # One filter() call, so both conditions apply to the same membership row.
    visible = Session.objects.filter(
        Q(memberships__user=user) & (Q(memberships__role=Role.FACILITATOR) | ~Q(state=SessionState.DRAFT))
    )
    return visible.annotate(question_count=Count("questions", distinct=True)).order_by("-starts_at")


def membership_for(*, session: Session, user: User) -> Membership | None:
    if not user.is_authenticated:
        return None
    cache = getattr(session, "_membership_cache", {})
    if user.pk not in cache:
        cache[user.pk] = (
            Membership.objects.filter(session=session, user=user).select_related("company").first()
        )
        session._membership_cache = cache
    return cache[user.pk]


def members_by_company(*, session: Session) -> list[tuple[str, list[Membership]]]:
    """Participants grouped by company, every participating company listed (empty ones too)."""
    groups: dict[str, list[Membership]] = {company.name: [] for company in session.companies.all()}
    participants = (
        session.memberships.filter(role=Role.PARTICIPANT)
        .select_related("user", "company")
        .order_by("user__name")
    )
    for membership in participants:
        groups.setdefault(membership.company.name, []).append(membership)
    return sorted(groups.items())


@dataclass(frozen=True)
class Admission:
    """Whether a person may enter the live room, and if not, which step they are missing."""

    role: str
    missing: str | None  # "buy_in", "agreement" or None

    @property
    def admitted(self) -> bool:
        return self.missing is None


def room_admission(*, session: Session, user: User) -> Admission | None:
    """Whether `user` may enter the live room (sessions.access decides), and if not, which step they
    are missing; None for people who take no part in the session."""
    from .access import Act, Forbidden, NotAdmitted, NotFound, session_access

    try:
        access = session_access(session=session, user=user, act=Act.ENTER_ROOM)
    except NotAdmitted as refusal:
        return Admission(role=Role.PARTICIPANT, missing=refusal.missing)
    except (NotFound, Forbidden):
        return None
    return Admission(role=access.role, missing=None)


@dataclass
class CompanyReadiness:
    company: str
    invited: list = field(default_factory=list)  # pending invitations
    people: list = field(default_factory=list)  # (membership, bought_in, agreed)

    @property
    def joined(self) -> int:
        return len(self.people)

    @property
    def bought_in(self) -> int:
        return sum(1 for _, bought_in, _ in self.people if bought_in)

    @property
    def ready(self) -> int:
        return sum(1 for _, bought_in, agreed in self.people if bought_in and agreed)


def readiness_by_company(*, session: Session) -> list[CompanyReadiness]:
    """Per participating company: who is invited, joined, bought in, and agreed to the current rules."""
    from groundrules.models import Agreement, RuleSetVersion

    current = RuleSetVersion.objects.filter(session=session).order_by("-number").first()
    agreed_ids = set(Agreement.objects.filter(version=current).values_list("user_id", flat=True))
    rows = {c.name: CompanyReadiness(company=c.name) for c in session.companies.all()}
    for invitation in session.invitations.filter(
        role=Role.PARTICIPANT, accepted_at__isnull=True
    ).select_related("company"):
        if invitation.status == "pending":
            rows.setdefault(
                invitation.company.name, CompanyReadiness(invitation.company.name)
            ).invited.append(invitation)
    participants = session.memberships.filter(role=Role.PARTICIPANT).select_related("user", "company")
    for membership in participants.order_by("user__name"):
        row = rows.setdefault(membership.company.name, CompanyReadiness(membership.company.name))
        row.people.append((membership, membership.bought_in_at is not None, membership.user_id in agreed_ids))
    return sorted(rows.values(), key=lambda row: row.company.casefold())


# Action items participants may see: passed the ground-rule screen, or released by a moderator.
SCREEN_VISIBLE = Q(screen_state__in=["clear", "released"])


def action_items_of_session(*, session: Session):
    from .models import ActionItem

    return ActionItem.objects.filter(session=session).select_related(
        "owner", "owner__company", "idea", "question"
    )


def action_items_visible(*, session: Session, user: User):
    """The session's action items `user` may see: every one for moderators; for anyone else all but
    those still their owner's alone (ActionItem.owner_only: it would unmask an anonymous author)."""
    items = action_items_of_session(session=session)
    membership = membership_for(session=session, user=user)
    if membership is not None and membership.role in (Role.FACILITATOR, Role.COUNSEL):
        return items
    return items.filter(SCREEN_VISIBLE).filter(Q(owner_only=False) | Q(owner=user))


def action_items_of_owner(*, user: User, session: Session | None = None):
    """A person's own action items, in sessions they still take part in (and may see)."""
    from .models import ActionItem

    items = (
        ActionItem.objects.filter(owner=user, session__memberships__user=user)
        .filter(SCREEN_VISIBLE)
        .select_related("session", "question", "idea")
    )
    if session is not None:
        items = items.filter(session=session)
    return items.order_by("due_date", "session__starts_at", "created_at")


# --- a series: commitments carried from the earlier session, and progress on them -----------------


@dataclass
class CommitmentView:
    """A carried action item as one viewer may see it, with the progress reports they may see."""

    commitment: object
    item: object
    reports: list = field(default_factory=list)  # oldest first
    can_report: bool = False

    @property
    def latest(self):
        return self.reports[-1] if self.reports else None


def commitments_visible(*, session: Session, user: User | None) -> list[CommitmentView]:
    """The session's carried commitments and their progress reports, as `user` may see them.

    Moderators (facilitators, counsel): every one, every report (held and declined notes too).
    Anyone else (`user` None: the minutes, which participants read): the items everyone may see
    (not one still its owner's alone: it would name the author of an anonymous idea), and the
    reports that passed the screen or were released, plus their own reports whatever their state.
    """
    from .models import CarriedCommitment, ProgressReport, ScreenState

    membership = membership_for(session=session, user=user) if user is not None else None
    moderator = membership is not None and membership.role in (Role.FACILITATOR, Role.COUNSEL)
    carried = list(
        CarriedCommitment.objects.filter(session=session).select_related(
            "action_item", "action_item__owner", "action_item__owner__company", "action_item__question"
        )
    )
    if not carried:  # most sessions follow none: one query
        return []
    reports = ProgressReport.objects.filter(commitment__session=session).order_by("created_at", "id")
    if not moderator:
        public = Q(screen_state__in=[ScreenState.CLEAR, ScreenState.RELEASED])
        reports = reports.filter(public | Q(author=user) if user is not None else public)
    by_commitment: dict[int, list] = {}
    for report in reports:
        by_commitment.setdefault(report.commitment_id, []).append(report)
    participant = membership is not None and membership.role == Role.PARTICIPANT
    views = []
    for commitment in carried:
        item = commitment.action_item
        if not moderator and item.owner_only and (user is None or item.owner_id != user.pk):
            continue
        views.append(
            CommitmentView(
                commitment=commitment,
                item=item,
                reports=by_commitment.get(commitment.pk, []),
                can_report=participant and item.owner_id == user.pk,
            )
        )
    return views


def ideas_for_export(*, session: Session):
    """Every idea of the session in every state (what a moderator sees), oldest first, with its flag
    and reaction counts and its moderation decisions."""
    from django.db.models import Prefetch

    from .models import Idea, ModerationDecision

    return (
        Idea.objects.filter(session=session)
        .select_related("author", "company", "question")
        .annotate(
            flag_count=Count("flags", distinct=True),
            agree=Count("reactions", filter=Q(reactions__kind="agree"), distinct=True),
            dissent=Count("reactions", filter=Q(reactions__kind="dissent"), distinct=True),
        )
        .prefetch_related(
            Prefetch("decisions", queryset=ModerationDecision.objects.select_related("decided_by"))
        )
        .order_by("created_at", "pk")
    )
