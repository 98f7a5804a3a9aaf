"""Demo data from the story in PRODUCT.md, created idempotently by `manage.py seed_demo`."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from groundrules.services import agreement_accept
from thinktank.accounts.models import Company, User

from ..models import Membership, Role, Session, SessionState
from .participation import buy_in_give
from .room import room_control, statement_acknowledge
from .sessions import QuestionDraft, companies_get_or_create, session_create, session_open

DEMO_FACILITATOR_EMAIL = "facilitator@demo.thinktank.example"
DEMO_TITLE = "Call-center leaders think tank"
DEMO_PURPOSE = (
    "Customers get the same great experience whichever of our companies answers the call. "
    "We share what works in coaching, leadership and technology, and each of us leaves with an action."
)
DEMO_QUESTIONS = [
    ("How do you inspire reps to care deeply about customers?", 25),
    ("How do you find time to coach when the queue is backed up?", 25),
    ("How do you build better leadership in a young front-line team?", 25),
    ("How do we use technology to communicate more effectively?", 20),
    ("What can my team do to be more helpful to the client?", 20),
]
DEMO_COMPANIES = [
    "Northwind Contact",
    "BlueHarbor CX",
    "Summit Support",
    "Meridian Voice",
    "Keystone Care",
    "Lumen Connect",
]
DEMO_BUY_IN = [
    ("Ways to coach when the queue never stops", "A peer-coaching circle that runs itself"),
    ("How others keep young team leads from burning out", "Ten years of running night shifts"),
    ("Ideas for recognising reps that actually land", "A recognition routine our reps love"),
    ("Better use of call summaries and chat tools", "We piloted AI summaries last year"),
    ("How we can each be more helpful to the client", "Close work with the client's CX team"),
    ("Fresh eyes on onboarding", "An onboarding program with low early attrition"),
]
FIRST_NAMES = [
    "Ana",
    "Ben",
    "Chloe",
    "Dev",
    "Elena",
    "Femi",
    "Grace",
    "Hiro",
    "Ines",
    "Jamal",
    "Kate",
    "Luis",
]
LAST_NAMES = [
    "Okafor",
    "Lindqvist",
    "Reyes",
    "Tanaka",
    "Moreau",
    "Shah",
    "Novak",
    "Adeyemi",
    "Walsh",
    "Costa",
]


@dataclass(frozen=True)
class DemoResult:
    session: Session
    facilitator: User
    participants: list[User]
    password: str


def demo_seed(
    *, participants: int, companies: int, password: str, live: bool = False, closed: bool = False
) -> DemoResult:
    """Create or bring up to date the demo session, its facilitator and its participants.

    Running it again with the same options changes nothing; with other counts, the demo session's
    participants become exactly the ones asked for. `live` starts the session (first question
    current); `closed` runs it first: ideas on every question, an action item for every participant,
    then closes it. A session that is already live or closed stays as it is.
    """
    if participants < 1 or companies < 1:
        raise ValueError("--participants and --companies must be at least 1.")
    with transaction.atomic():
        # One hash for every account: hashing is slow by design, and the demo has dozens of accounts.
        password_hash = make_password(password)
        facilitator = _demo_user(
            email=DEMO_FACILITATOR_EMAIL, name="Fran Facilitator", password_hash=password_hash
        )
        company_rows = companies_get_or_create(names=_company_names(companies))
        people = [
            _demo_user(
                email=f"leader{n:02d}@demo.thinktank.example",
                name=_person_name(n),
                password_hash=password_hash,
                company=company_rows[(n - 1) % companies],
                role_title="Director of Operations",
            )
            for n in range(1, participants + 1)
        ]
        session = _demo_session(facilitator=facilitator, companies=company_rows)
        session.memberships.filter(role=Role.PARTICIPANT).exclude(user__in=people).delete()
        for n, person in enumerate(people):
            membership, _ = Membership.objects.update_or_create(
                session=session, user=person, defaults={"role": Role.PARTICIPANT, "company": person.company}
            )
            if membership.bought_in_at is None:
                hopes, strength = DEMO_BUY_IN[n % len(DEMO_BUY_IN)]
                buy_in_give(session=session, user=person, willing=True, hopes=hopes, strength=strength)
            agreement_accept(session=session, user=person, typed_name=person.name)
    if (live or closed) and session.state == SessionState.OPEN:
        room_control(session_id=session.pk, user=facilitator, action="start")
    if live or closed:
        # The story: the antitrust statement was read out at the start and everyone acknowledged it.
        for person in [facilitator, *people]:
            statement_acknowledge(session_id=session.pk, user=person)
    if closed and Session.objects.get(pk=session.pk).state != SessionState.CLOSED:
        _demo_run_and_close(session=session, facilitator=facilitator, people=people)
    session.refresh_from_db()
    return DemoResult(session=session, facilitator=facilitator, participants=people, password=password)


def _company_names(count: int) -> list[str]:
    return [DEMO_COMPANIES[i] if i < len(DEMO_COMPANIES) else f"Demo Company {i + 1}" for i in range(count)]


def _person_name(n: int) -> str:
    """A distinct name for each of the first 120 people (12 first names x 10 last names)."""
    i = n - 1
    first, row = i % len(FIRST_NAMES), i // len(FIRST_NAMES)
    last = (3 * row + first) % len(LAST_NAMES)  # 3 is coprime with 10, so no pair repeats
    name = f"{FIRST_NAMES[first]} {LAST_NAMES[last]}"
    return name if i < len(FIRST_NAMES) * len(LAST_NAMES) else f"{name} {n}"


def _demo_user(
    *, email: str, name: str, password_hash: str, company: Company | None = None, role_title: str = ""
) -> User:
    user = User.objects.filter(email=email).first() or User(email=email)
    user.name = name
    user.company = company
    user.role_title = role_title
    user.password = password_hash
    user.save()
    _verify_email(user)
    return user


def _verify_email(user: User) -> None:
    """Demo accounts can sign in at once, even where email verification is mandatory."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


def _demo_session(*, facilitator: User, companies: list[Company]) -> Session:
    session = Session.objects.filter(created_by=facilitator, title=DEMO_TITLE).first()
    if session is None:
        session = _demo_session_create(facilitator=facilitator, companies=companies)
    session.companies.set(companies)
    if session.state == SessionState.DRAFT:
        session = session_open(session=session, by=facilitator)
    return session


def _demo_session_create(*, facilitator: User, companies: list[Company]) -> Session:
    starts_at = (timezone.now() + timedelta(days=2)).replace(hour=15, minute=0, second=0, microsecond=0)
    return session_create(
        facilitator=facilitator,
        title=DEMO_TITLE,
        purpose=DEMO_PURPOSE,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        timezone="America/Chicago",
        companies=companies,
        questions=[QuestionDraft(text=text, time_box_minutes=minutes) for text, minutes in DEMO_QUESTIONS],
    )


DEMO_IDEAS = [
    "Open every shift with a two-minute win story from a rep",
    "Let reps listen to one great call a week, chosen by a peer",
    "Coach in ten-minute slots booked when the queue forecast dips",
    "Give new team leads a peer mentor from another site",
    "Share a weekly one-page note with the client on what customers ask most",
    "Use call summaries to spot coaching moments, never to score people",
]


def _demo_run_and_close(*, session: Session, facilitator: User, people: list[User]) -> None:
    """Play the session: every participant posts on some question, every question gets ideas,
    every participant owns an action item; then close it (which sends the follow-ups)."""
    import uuid

    from .actions import action_item_create
    from .room import agenda_goto, idea_highlight, idea_post, reaction_set

    session.refresh_from_db()
    questions = list(session.questions.order_by("position"))
    ideas = []
    for q_index, question in enumerate(questions):
        agenda_goto(session_id=session.pk, user=facilitator, question_id=question.pk)
        authors = [p for n, p in enumerate(people) if n % len(questions) == q_index] or people[:1]
        for n, author in enumerate(authors):
            text = DEMO_IDEAS[(q_index + n) % len(DEMO_IDEAS)]
            result = idea_post(
                session_id=session.pk,
                user=author,
                client_id=uuid.uuid5(uuid.NAMESPACE_URL, f"demo:{session.pk}:{question.pk}:{author.pk}"),
                question_id=question.pk,
                text=text,
                anonymous=n % 5 == 4,
            )
            ideas.append(result.idea)
    for n, idea in enumerate(ideas):
        reactor = people[(n + 1) % len(people)]
        if reactor.pk != idea.author_id:
            reaction_set(session_id=session.pk, user=reactor, idea_id=idea.pk, kind="agree", on=True)
    if ideas:
        idea_highlight(session_id=session.pk, user=facilitator, idea_id=ideas[0].pk, on=True)
    today = timezone.localdate()
    for n, person in enumerate(people):
        idea = ideas[n % len(ideas)] if ideas else None
        action_item_create(
            session=session,
            by=facilitator,
            title=f"Try: {idea.text}" if idea else "Share one practice with the group",
            owner=person,
            due_date=today + timedelta(days=7 + 7 * (n % 4)),
            idea=idea,
        )
    room_control(session_id=session.pk, user=facilitator, action="close")
