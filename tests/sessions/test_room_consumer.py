"""The live room's websocket, message by message (docs/protocol.md), through the real ASGI app."""

import pytest
from channels.db import database_sync_to_async

from sessions.models import Session
from sessions.services.room import membership_remove

from ..factories import MembershipFactory, UserFactory
from .room_client import RoomClient, idea_post, open_room, stored_ideas

pytestmark = pytest.mark.django_db(transaction=True)

PRICING = "we bill 14 an hour on that account, what do you charge?"


async def test_hello_tells_role_state_and_current_question(room):
    client, hello = await open_room(room["session"], room["ana"])
    assert hello["role"] == "participant"
    assert hello["state"] == "live"
    assert hello["current_question_id"] == room["question"].pk
    assert hello["last_seq"] >= 2  # session.state and agenda.current
    assert [q["id"] for q in hello["questions"]][0] == room["question"].pk
    await client.close()


async def test_people_without_a_place_are_refused_with_4403(room):
    outsider = await database_sync_to_async(UserFactory)()
    for user in (outsider, None):
        client = await RoomClient.open(room["session"], user)
        frame = await client.receive()
        assert (frame["type"], frame["code"]) == ("error", "not_admitted")
        assert (await client.communicator.receive_output(timeout=1))["code"] == 4403
        await client.close()


async def test_participant_without_buy_in_is_refused_and_told_what_is_missing(room, participant_of):
    newcomer = await database_sync_to_async(participant_of)(room["session"])
    client = await RoomClient.open(room["session"], newcomer)
    frame = await client.receive()
    assert (frame["code"], frame["missing"]) == ("not_admitted", "buy_in")
    assert (await client.communicator.receive_output(timeout=1))["code"] == 4403


@pytest.mark.parametrize(
    "origin",
    [
        b"https://evil.example",
        b"http://127.0.0.1:9999",  # another port of the same host
        b"https://127.0.0.1:8000",  # another scheme
        b"http://localhost:8000",  # another allowed host, but not the one asked
        b"http://127.0.0.1:8000.evil.example",
        b"null",
        None,
    ],
)
async def test_a_socket_from_any_other_origin_is_refused_at_the_handshake(room, origin):
    client = await RoomClient.open(room["session"], room["ana"], origin=origin)
    assert not client.connected


async def test_a_page_behind_a_tls_proxy_or_a_trusted_origin_may_connect(room, settings):
    behind_proxy = await RoomClient.open(
        room["session"],
        room["ana"],
        origin=b"https://127.0.0.1:8000",
        headers=[(b"x-forwarded-proto", b"https")],
    )
    assert behind_proxy.connected
    await behind_proxy.close()
    settings.CSRF_TRUSTED_ORIGINS = ["https://app.example.com"]
    trusted = await RoomClient.open(room["session"], room["ana"], origin=b"https://app.example.com")
    assert trusted.connected
    await trusted.close()


async def test_posted_idea_is_acked_and_reaches_everyone(room):
    ana, _ = await open_room(room["session"], room["ana"])
    ben, _ = await open_room(room["session"], room["ben"])
    fac, _ = await open_room(room["session"], room["facilitator"])
    frame = idea_post(room["question"])
    await ana.send(frame)
    ack = await ana.receive_type("ack")
    assert ack["client_id"] == frame["client_id"] and ack["status"] == "published"
    for client in (ana, ben, fac):
        published = await client.receive_type("idea.published")
        assert published["idea"]["id"] == ack["idea_id"]
        assert published["idea"]["author"] == {"name": "Ana Reyes", "company": "Acme Contact"}
        assert published["idea"]["client_id"] == frame["client_id"]
    for client in (ana, ben, fac):
        await client.close()


async def test_same_client_id_twice_stores_one_idea_and_acks_again(room):
    ana, _ = await open_room(room["session"], room["ana"])
    frame = idea_post(room["question"])
    await ana.send(frame)
    first = await ana.receive_type("ack")
    await ana.receive_type("idea.published")
    await ana.send(frame)
    second = await ana.receive_type("ack")
    assert first == second
    assert await ana.nothing()
    assert len(await stored_ideas()) == 1
    await ana.close()


async def test_held_idea_goes_to_author_and_moderators_only_until_released(room):
    ana, _ = await open_room(room["session"], room["ana"])
    ben, _ = await open_room(room["session"], room["ben"])
    fac, _ = await open_room(room["session"], room["facilitator"])
    await ana.send(idea_post(room["question"], PRICING))
    ack = await ana.receive_type("ack")
    assert ack["status"] == "held"
    for client in (ana, fac):
        held = await client.receive_type("idea.held")
        assert held["rules"] == ["pricing"] and held["matches"][0]["matched"]
    assert await ben.nothing()

    await ben.send({"type": "idea.moderate", "idea_id": ack["idea_id"], "decision": "release"})
    assert (await ben.receive_type("error"))["code"] == "forbidden"

    await fac.send({"type": "idea.moderate", "idea_id": ack["idea_id"], "decision": "release"})
    for client in (ana, ben, fac):
        assert (await client.receive_type("idea.published"))["idea"]["id"] == ack["idea_id"]
    for client in (ana, ben, fac):
        await client.close()


async def test_declined_idea_tells_the_author_why(room):
    ana, _ = await open_room(room["session"], room["ana"])
    fac, _ = await open_room(room["session"], room["facilitator"])
    await ana.send(idea_post(room["question"], PRICING))
    ack = await ana.receive_type("ack")
    await fac.receive_type("idea.held")
    await fac.send({"type": "idea.moderate", "idea_id": ack["idea_id"], "decision": "decline"})
    assert (await fac.receive_type("error"))["code"] == "invalid"  # a reason is required
    await fac.send(
        {
            "type": "idea.moderate",
            "idea_id": ack["idea_id"],
            "decision": "decline",
            "reason": "Rates are off limits",
        }
    )
    declined = await ana.receive_type("idea.declined")
    assert declined["reason"] == "Rates are off limits"
    await ana.close()
    await fac.close()


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("this is not json", "bad_json"),
        ("[1, 2]", "bad_json"),
        ('{"type": "idea.shout"}', "unknown_type"),
        ('{"no": "type"}', "unknown_type"),
        ({"type": "idea.post", "question_id": 1, "text": "x"}, "invalid"),
        ({"type": "idea.post", "client_id": "not-a-uuid", "question_id": 1, "text": "x"}, "invalid"),
        ({"type": "sync", "after_seq": "five"}, "invalid"),
        ({"type": "sync", "after_seq": -1}, "invalid"),
        ("x" * 20_000, "too_large"),
    ],
)
async def test_bad_frames_get_an_error_and_the_connection_stays_usable(room, frame, code):
    ana, _ = await open_room(room["session"], room["ana"])
    await ana.send(frame)
    error = await ana.receive_type("error")
    assert error["code"] == code and error["message"]
    await ana.send(idea_post(room["question"]))
    assert (await ana.receive_type("ack"))["status"] == "published"
    await ana.close()


async def test_text_too_long_or_empty_is_refused_and_nothing_stored(room):
    ana, _ = await open_room(room["session"], room["ana"])
    long_post = idea_post(room["question"], "a" * 1001)
    await ana.send(long_post)
    error = await ana.receive_type("error")
    assert (error["code"], error["client_id"]) == ("too_long", long_post["client_id"])
    await ana.send(idea_post(room["question"], "   "))
    assert (await ana.receive_type("error"))["code"] == "empty"
    assert await stored_ideas() == []
    await ana.close()


async def test_posting_to_a_question_that_is_not_current_is_refused(room):
    other = await database_sync_to_async(
        lambda: room["session"].questions.exclude(pk=room["question"].pk).first()
    )()
    ana, _ = await open_room(room["session"], room["ana"])
    await ana.send(idea_post(other))
    assert (await ana.receive_type("error"))["code"] == "not_current_question"
    assert await stored_ideas() == []
    await ana.close()


async def test_pause_makes_the_room_read_only_and_resume_reopens_it(room):
    ana, _ = await open_room(room["session"], room["ana"])
    fac, _ = await open_room(room["session"], room["facilitator"])
    await fac.send({"type": "session.control", "action": "pause"})
    assert (await ana.receive_type("session.state"))["state"] == "paused"
    await ana.send(idea_post(room["question"]))
    assert (await ana.receive_type("error"))["code"] == "paused"
    await fac.send({"type": "session.control", "action": "resume"})
    assert (await ana.receive_type("session.state"))["state"] == "live"
    await ana.send(idea_post(room["question"]))
    assert (await ana.receive_type("ack"))["status"] == "published"
    await ana.close()
    await fac.close()


async def test_participants_cannot_control_the_session(room):
    ana, _ = await open_room(room["session"], room["ana"])
    for frame in (
        {"type": "session.control", "action": "close"},
        {"type": "agenda.goto", "question_id": room["question"].pk},
        {"type": "timer.set", "minutes": 5},
    ):
        await ana.send(frame)
        assert (await ana.receive_type("error"))["code"] == "forbidden"
    state = await database_sync_to_async(lambda: Session.objects.get(pk=room["session"].pk).state)()
    assert state == "live"
    await ana.close()


async def test_counsel_may_pause_but_not_resume(room):
    counsel = await database_sync_to_async(
        lambda: MembershipFactory(session=room["session"], role="counsel", company=None).user
    )()
    client, hello = await open_room(room["session"], counsel)
    assert hello["role"] == "counsel"
    await client.send({"type": "session.control", "action": "pause"})
    assert (await client.receive_type("session.state"))["state"] == "paused"
    await client.send({"type": "session.control", "action": "resume"})
    assert (await client.receive_type("error"))["code"] == "forbidden"
    await client.send(idea_post(room["question"]))
    assert (await client.receive_type("error"))["code"] in ("forbidden", "paused")
    await client.close()


async def test_illegal_transition_is_an_error(room):
    fac, _ = await open_room(room["session"], room["facilitator"])
    await fac.send({"type": "session.control", "action": "resume"})
    assert (await fac.receive_type("error"))["code"] == "illegal_transition"
    await fac.close()


async def test_goto_moves_everyone_to_the_question_with_its_timer(room):
    second = await database_sync_to_async(lambda: room["session"].questions.all()[1])()
    ana, _ = await open_room(room["session"], room["ana"])
    fac, _ = await open_room(room["session"], room["facilitator"])
    await fac.send({"type": "agenda.goto", "question_id": second.pk})
    current = await ana.receive_type("agenda.current")
    assert current["question_id"] == second.pk and current["seq"] > 0
    await fac.send({"type": "timer.set", "minutes": 5})
    timer = await ana.receive_type("timer")
    assert timer["ends_at"] and timer["server_time"]
    await ana.close()
    await fac.close()


async def test_sync_replays_what_a_participant_missed_without_others_held_ideas(room):
    ben, hello = await open_room(room["session"], room["ben"])
    await ben.close()
    ana, _ = await open_room(room["session"], room["ana"])
    await ana.send(idea_post(room["question"], "Recognise the small wins"))
    await ana.receive_type("ack")
    await ana.send(idea_post(room["question"], PRICING))
    await ana.receive_type("ack")
    await ana.close()

    ben, _ = await open_room(room["session"], room["ben"])
    await ben.send({"type": "sync", "after_seq": hello["last_seq"]})
    replayed = await ben.receive_type("idea.published")
    assert replayed["idea"]["text"] == "Recognise the small wins" and replayed["seq"] > hello["last_seq"]
    synced = await ben.receive_type("synced")
    assert synced["last_seq"] > replayed["seq"]  # the held idea's event exists but is not Ben's to see
    await ben.close()

    ana, _ = await open_room(room["session"], room["ana"])
    await ana.send({"type": "sync", "after_seq": hello["last_seq"]})
    types = [(await ana.receive_type("idea.published", "idea.held", "synced"))["type"] for _ in range(3)]
    assert types == ["idea.published", "idea.held", "synced"]
    await ana.close()


async def test_anonymous_author_is_hidden_from_participants_but_not_from_moderators(room):
    ana, _ = await open_room(room["session"], room["ana"])
    ben, _ = await open_room(room["session"], room["ben"])
    fac, _ = await open_room(room["session"], room["facilitator"])
    await ana.send(idea_post(room["question"], "Let reps pick their own coaching goals", anonymous=True))
    assert (await ben.receive_type("idea.published"))["idea"]["author"] is None
    assert (await fac.receive_type("idea.published"))["idea"]["author"]["name"] == "Ana Reyes"
    assert (await ana.receive_type("idea.published"))["idea"]["author"]["name"] == "Ana Reyes"
    await ben.send({"type": "sync", "after_seq": 0})
    replayed = await ben.receive_type("idea.published")
    assert replayed["idea"]["author"] is None
    for client in (ana, ben, fac):
        await client.close()


async def test_reactions_flags_and_highlights_reach_the_room(room):
    ana, _ = await open_room(room["session"], room["ana"])
    ben, _ = await open_room(room["session"], room["ben"])
    fac, _ = await open_room(room["session"], room["facilitator"])
    await ana.send(idea_post(room["question"], "Pair new reps with a buddy"))
    idea_id = (await ana.receive_type("ack"))["idea_id"]
    await ben.send({"type": "reaction.set", "idea_id": idea_id, "kind": "agree", "on": True})
    assert (await ana.receive_type("idea.reactions"))["reactions"]["agree"] == 1
    await ben.send(idea_post(room["question"], "And rotate the buddies monthly", parent_id=idea_id))
    counts = await ana.receive_type("idea.reactions")
    assert counts["idea_id"] == idea_id and counts["reactions"]["build_on"] == 1
    await fac.send({"type": "idea.highlight", "idea_id": idea_id, "on": True})
    assert (await ana.receive_type("idea.highlighted"))["highlighted"] is True
    await ben.send({"type": "idea.flag", "idea_id": idea_id, "reason": "names a client"})
    assert (await ana.receive_type("idea.hidden"))["idea_id"] == idea_id
    flagged = await fac.receive_type("idea.flagged")
    assert flagged["idea_id"] == idea_id and flagged["flags"] == 1
    await fac.send({"type": "idea.moderate", "idea_id": idea_id, "decision": "release"})
    assert (await ben.receive_type("idea.restored"))["idea"]["id"] == idea_id
    for client in (ana, ben, fac):
        await client.close()


async def test_seq_is_strictly_increasing_across_event_types(room):
    fac, hello = await open_room(room["session"], room["facilitator"])
    await fac.send({"type": "session.control", "action": "pause"})
    await fac.send({"type": "session.control", "action": "resume"})
    await fac.send({"type": "timer.set", "minutes": 3})
    seqs = [(await fac.receive_type("session.state", "timer"))["seq"] for _ in range(3)]
    assert seqs == [hello["last_seq"] + 1, hello["last_seq"] + 2, hello["last_seq"] + 3]
    await fac.close()


async def test_removed_participant_is_disconnected_and_can_do_nothing_more(room):
    ana, _ = await open_room(room["session"], room["ana"])
    await database_sync_to_async(membership_remove)(
        session=room["session"], by=room["facilitator"], user=room["ana"]
    )
    frame = await ana.receive_type("error")
    assert frame["code"] == "removed"
    assert (await ana.communicator.receive_output(timeout=1))["code"] == 4403


async def test_logging_out_closes_the_socket(room, client):
    ana, _ = await open_room(room["session"], room["ana"])

    def log_in_and_out():
        client.force_login(room["ana"])
        client.post("/accounts/logout/")

    await database_sync_to_async(log_in_and_out)()
    assert (await ana.receive_type("error"))["code"] == "logged_out"
    assert (await ana.communicator.receive_output(timeout=1))["code"] == 4403


async def test_presence_announces_who_joins_and_leaves_in_batches(room):
    ana, _ = await open_room(room["session"], room["ana"])
    ben, hello = await open_room(room["session"], room["ben"])
    assert {p["name"] for p in hello["presence"]} <= {"Ana Reyes", "Ben Okafor"}  # at most 0.5 s old
    assert (await ana.presence_change("presence.join", "Ben Okafor"))["company"] == "Acme Contact"
    await ben.close()
    assert (await ana.presence_change("presence.leave", "Ben Okafor"))["name"] == "Ben Okafor"
    await ana.close()


async def test_a_burst_of_joins_reaches_the_room_as_one_presence_frame(room, ready_participant):
    ana, _ = await open_room(room["session"], room["ana"])
    await ana.presence_change("presence.join", "Ana Reyes")
    people = [
        await database_sync_to_async(ready_participant)(room["session"], name=f"Leader {n}") for n in range(6)
    ]
    others = [(await open_room(room["session"], person))[0] for person in people]
    frames = []
    while not await ana.communicator.receive_nothing(timeout=0.8):
        frames.append(await ana.receive())
    updates = [f for f in frames if f["type"] == "presence.update"]
    joined = [c["user"]["name"] for f in updates for c in f["changes"] if c["event"] == "presence.join"]
    assert sorted(joined) == sorted(p.name for p in people)
    assert len(updates) <= 2  # six joins within half a second or so: one batch, two at most
    for client in (ana, *others):
        await client.close()


async def test_frames_say_whose_idea_it_is_and_tell_only_the_reacting_person_their_reaction(room):
    ana, hello = await open_room(room["session"], room["ana"])
    ben, _ = await open_room(room["session"], room["ben"])
    assert hello["user"]["user_id"] == room["ana"].pk
    await ana.send(idea_post(room["question"], "Short stand-ups before peak hours"))
    assert (await ana.receive_type("idea.published"))["mine"] is True
    published = await ben.receive_type("idea.published")
    assert published["mine"] is False
    await ben.send(
        {"type": "reaction.set", "idea_id": published["idea"]["id"], "kind": "dissent", "on": True}
    )
    assert "change" not in await ana.receive_type("idea.reactions")  # who reacted is Ben's business
    assert (await ben.receive_type("idea.reactions"))["change"] == {"kind": "dissent", "on": True}
    await ana.close()
    await ben.close()
