"""Every door, every role: each URL pattern of ThinkTank and each websocket message type, tried as
someone signed out, an outsider, another session's participant, a participant, counsel and a
facilitator. A URL or message type without a row here fails the test, so no new door opens unchecked.
"""

import json
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sessions.consumers import HANDLERS
from sessions.models import Invitation, Role
from sessions.services.actions import action_item_create
from sessions.services.groups import group_create
from sessions.services.room import idea_post
from sessions.services.votes import vote_open

from .factories import CompanyFactory, MembershipFactory, SessionFactory, UserFactory
from .sessions.room_client import RoomClient, open_room

ROLES = ("anonymous", "outsider", "other_session", "participant", "counsel", "facilitator")
LOGIN = 302  # signed out: sent to the sign-in page

# url name -> (method, expected status per role in ROLES order)
PAGES = {
    "home": ("get", (200, 200, 200, 200, 200, 200)),
    "healthz": ("get", (200, 200, 200, 200, 200, 200)),
    "invitation": ("get", (404, 404, 404, 404, 404, 404)),  # a tampered token
    "reminders_unsubscribe": ("get", (404, 404, 404, 404, 404, 404)),  # a tampered token
    "sessions:mine": ("get", (LOGIN, 200, 200, 200, 200, 200)),
    "sessions:my_action_items": ("get", (LOGIN, 200, 200, 200, 200, 200)),
    "sessions:create": ("get", (LOGIN, 200, 200, 200, 200, 200)),
    "sessions:detail": ("get", (LOGIN, 404, 404, 200, 200, 200)),
    "sessions:edit": ("get", (LOGIN, 404, 404, 403, 403, 302)),  # live: the facilitator is told why not
    "sessions:open": ("post", (LOGIN, 404, 404, 403, 403, 302)),
    "sessions:invitations": ("get", (LOGIN, 404, 404, 403, 403, 200)),
    "sessions:invitation_resend": ("post", (LOGIN, 404, 404, 403, 403, 302)),
    "sessions:invitation_revoke": ("post", (LOGIN, 404, 404, 403, 403, 302)),
    "sessions:buy_in": ("get", (LOGIN, 404, 404, 200, 403, 403)),
    "sessions:room": ("get", (LOGIN, 404, 404, 200, 200, 200)),
    "sessions:readiness": ("get", (LOGIN, 404, 404, 403, 200, 200)),
    "sessions:member_remove": ("post", (LOGIN, 404, 404, 403, 403, 302)),
    "sessions:summary": ("get", (LOGIN, 404, 404, 200, 200, 200)),
    "sessions:action_item_act": ("post", (LOGIN, 404, 404, 302, 403, 403)),  # only its owner accepts
    "sessions:minutes": ("get", (LOGIN, 404, 404, 404, 200, 200)),  # participants: once submitted
    "sessions:my_items_csv": ("get", (LOGIN, 404, 404, 200, 200, 200)),
    "sessions:my_items_ics": ("get", (LOGIN, 404, 404, 200, 200, 200)),
    "sessions:my_items_pdf": ("get", (LOGIN, 404, 404, 200, 200, 200)),
    "sessions:all_items_csv": ("get", (LOGIN, 404, 404, 404, 404, 200)),
    "sessions:minutes_md": ("get", (LOGIN, 404, 404, 404, 200, 200)),
    "sessions:minutes_pdf": ("get", (LOGIN, 404, 404, 404, 200, 200)),
    "sessions:attendance_csv": ("get", (LOGIN, 404, 404, 404, 200, 200)),
    "sessions:agenda_approval": ("post", (LOGIN, 404, 404, 403, 302, 403)),  # counsel's alone
    "sessions:legal_hold": ("post", (LOGIN, 404, 404, 403, 302, 403)),  # counsel's alone
    "sessions:screen_report": ("get", (LOGIN, 404, 404, 404, 200, 200)),
    "sessions:screen_decisions": ("get", (LOGIN, 404, 404, 404, 404, 404)),  # the session did not opt in
    # Issue 12: planning the next session, its commitments, the interim export (participants: 403).
    "sessions:plan_next": ("post", (LOGIN, 404, 404, 403, 403, 302)),
    "sessions:commitments": ("get", (LOGIN, 404, 404, 200, 200, 200)),
    "sessions:interim_ideas_csv": ("get", (LOGIN, 404, 404, 403, 200, 200)),
    "sessions:interim_decisions_csv": ("get", (LOGIN, 404, 404, 403, 200, 200)),
    "groundrules:agree": ("get", (LOGIN, 404, 404, 200, 200, 200)),
    "groundrules:edit": ("get", (LOGIN, 404, 404, 403, 403, 302)),  # live: the facilitator is told why not
}
# Third-party doors with their own checks (allauth's sign-in, the admin behind it).
NOT_OURS = ("account_", "socialaccount_", "admin:", "mfa_", "headless", "usersessions")

# websocket message type -> allowed for (participant, counsel, facilitator); refused ones get `forbidden`
MESSAGES = {
    "idea.post": (True, False, True),
    "sync": (True, True, True),
    "ping": (True, True, True),
    "reaction.set": (True, False, True),
    "idea.flag": (True, False, False),
    "group.create": (False, False, True),
    "group.update": (False, False, True),
    "group.suggest": (False, False, True),
    "vote.open": (False, False, True),
    "vote.dot": (True, False, False),  # the facilitator is neutral, counsel watches
    "vote.close": (False, False, True),
    "session.control": (False, True, True),  # pause: counsel may put on the brakes
    "agenda.goto": (False, False, True),
    "timer.set": (False, False, True),
    "idea.moderate": (False, True, True),
    "idea.highlight": (False, False, True),
    "statement.acknowledge": (True, True, True),
    "objection.raise": (True, False, False),
    "protest.leave": (True, False, False),
}


def _url_names(patterns, prefix: str = "") -> set[str]:
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            space = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= _url_names(pattern.url_patterns, space)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(prefix + pattern.name)
    return names


def test_every_url_pattern_has_a_row_in_the_access_table():
    ours = {name for name in _url_names(get_resolver().url_patterns) if not name.startswith(NOT_OURS)}
    assert ours == set(PAGES), "add a row to PAGES for every new URL (and check it)"


def test_every_websocket_message_type_has_a_row_in_the_access_table():
    assert set(HANDLERS) == set(MESSAGES)


@pytest.fixture
def world(live_session, ready_participant):
    """A live session with one person in each role, another live session with its own participant,
    and one of everything a URL can name."""
    session = live_session
    participant = ready_participant(session, name="Pat Participant")
    spare = ready_participant(session, name="Sam Spare")
    counsel = UserFactory(name="Carla Counsel")
    MembershipFactory(session=session, user=counsel, role=Role.COUNSEL, company=None)
    other = SessionFactory(state="live")
    other_company = CompanyFactory()
    other.companies.set([other_company])
    other_participant = UserFactory(company=other_company)
    MembershipFactory(session=other, user=other_participant, company=other_company)
    item = action_item_create(session=session, by=session.created_by, title="Pilot", owner=participant)
    invitation = Invitation.objects.create(
        session=session,
        email="invited@example.com",
        name="Invited Person",
        company=session.companies.first(),
        invited_by=session.created_by,
        expires_at=session.ends_at,
    )
    people = {
        "anonymous": None,
        "outsider": UserFactory(name="Olga Outsider"),
        "other_session": other_participant,
        "participant": participant,
        "counsel": counsel,
        "facilitator": session.created_by,
    }
    kwargs = {
        "session_id": session.pk,
        "invitation_id": invitation.pk,
        "user_id": spare.pk,
        "item_id": item.pk,
        "token": "tampered",
    }
    return {"session": session, "people": people, "kwargs": kwargs}


def _path(name: str, kwargs: dict) -> str:
    from django.urls import NoReverseMatch

    for keys in (
        (),
        ("token",),
        ("session_id",),
        ("session_id", "invitation_id"),
        ("session_id", "user_id"),
        ("session_id", "item_id"),
    ):
        try:
            return reverse(name, kwargs={key: kwargs[key] for key in keys})
        except NoReverseMatch:
            continue
    raise AssertionError(f"cannot build a URL for {name}")


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_door_lets_in_exactly_the_roles_it_should(client, world, name):
    method, expected = PAGES[name]
    path = _path(name, world["kwargs"])
    got = []
    for role in ROLES:
        client.logout()
        person = world["people"][role]
        if person is not None:
            client.force_login(person)
        response = getattr(client, method)(path, {"move": "accept"} if method == "post" else None)
        got.append(response.status_code)
    assert dict(zip(ROLES, got, strict=True)) == dict(zip(ROLES, expected, strict=True)), path


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ["anonymous", "outsider", "other_session"])
async def test_the_room_socket_refuses_everyone_without_a_place(world, role):
    client = await RoomClient.open(world["session"], world["people"][role])
    frame = await client.receive()
    assert (frame["type"], frame["code"]) == ("error", "not_admitted")
    assert (await client.communicator.receive_output(timeout=1))["code"] == 4403


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ["participant", "counsel", "facilitator"])
async def test_each_message_type_is_allowed_to_exactly_the_roles_it_should(world, role, ready_participant):
    from channels.db import database_sync_to_async

    session = world["session"]
    author = (
        world["people"]["participant"]
        if role != "participant"
        else await database_sync_to_async(ready_participant)(session, name="Ida Author")
    )

    def ideas():
        def post(text):
            return idea_post(
                session_id=session.pk,
                user=author,
                client_id=uuid.uuid4(),
                question_id=session.current_question_id,
                text=text,
            ).idea

        published, held = post("Coach on tone, not on script"), post("we bill 14 an hour on that account")
        pair = [post("Shadow a top rep").pk, post("Shadow the night lead").pk]
        more = [post("A glossary of terms").pk, post("A glossary of acronyms").pk]
        group = group_create(session_id=session.pk, user=session.created_by, title="Shadowing", idea_ids=pair)
        vote = vote_open(session_id=session.pk, user=session.created_by)
        item = vote.items.get(idea_id=pair[0])
        return published, held, group, more, item

    published, held, group, more, item = await database_sync_to_async(ideas)()
    frames = {
        "idea.post": {
            "type": "idea.post",
            "client_id": str(uuid.uuid4()),
            "question_id": session.current_question_id,
            "text": "Rotate who leads the huddle",
        },
        "sync": {"type": "sync", "after_seq": 0},
        "ping": {"type": "ping"},
        "reaction.set": {"type": "reaction.set", "idea_id": published.pk, "kind": "agree", "on": True},
        "idea.flag": {"type": "idea.flag", "idea_id": published.pk, "reason": "names a client"},
        "group.create": {"type": "group.create", "title": "Glossaries", "idea_ids": more},
        "group.update": {
            "type": "group.update",
            "group_id": group.pk,
            "action": "rename",
            "title": "Shadows",
        },
        "group.suggest": {"type": "group.suggest"},
        "vote.open": {"type": "vote.open"},
        "vote.dot": {"type": "vote.dot", "item_id": item.pk, "action": "place"},
        "vote.close": {"type": "vote.close"},
        "session.control": {"type": "session.control", "action": "pause"},
        "agenda.goto": {"type": "agenda.goto", "question_id": session.current_question_id},
        "timer.set": {"type": "timer.set", "minutes": 5},
        "idea.moderate": {"type": "idea.moderate", "idea_id": held.pk, "decision": "release"},
        "idea.highlight": {"type": "idea.highlight", "idea_id": published.pk, "on": True},
        "statement.acknowledge": {"type": "statement.acknowledge"},
        "objection.raise": {"type": "objection.raise", "reason": "That sounds like pricing"},
        "protest.leave": {"type": "protest.leave", "reason": "I will not take part in this"},
    }
    column = ("participant", "counsel", "facilitator").index(role)
    socket, _ = await open_room(session, world["people"][role])
    outcomes = {}
    for kind in MESSAGES:  # in this order: pause and objection after what needs a live room, leaving last
        await socket.send(frames[kind])
        outcomes[kind] = await _forbidden_or_not(socket)
    await socket.communicator.disconnect()
    expected = {kind: not allowed[column] for kind, allowed in MESSAGES.items()}
    assert outcomes == expected


async def _forbidden_or_not(socket) -> bool:
    """True if the answer to the frame just sent was a `forbidden` error."""
    forbidden = False
    while not await socket.communicator.receive_nothing(timeout=0.3):
        output = await socket.communicator.receive_output()
        if output["type"] == "websocket.close":
            break  # left in protest: the server closed the socket, as it should
        frame = json.loads(output["text"])
        forbidden = forbidden or (frame["type"] == "error" and frame["code"] == "forbidden")
    return forbidden
