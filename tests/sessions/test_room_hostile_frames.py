"""Frames an attacker (or a broken client) sends: each gets an `error` or is made harmless, the
socket stays usable, nothing bad is stored, and a flood is throttled without stalling other rooms."""

import asyncio
import json
import time

import pytest
from channels.db import database_sync_to_async

from sessions.models import Idea

from ..factories import SessionFactory
from .room_client import RoomClient, idea_post, open_room, stored_ideas

pytestmark = pytest.mark.django_db(transaction=True)


async def _still_usable(client: RoomClient, question) -> None:
    await client.send(idea_post(question, "Celebrate a rep's first perfect QA score"))
    assert (await client.receive_type("ack"))["status"] == "published"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        pytest.param('{"type": "sync", "after_seq": 0, "x": "\\ud800"}', None, id="lone-surrogate-elsewhere"),
        pytest.param("[" * 5000 + "]" * 5000, "bad_json", id="deeply-nested-array"),
        pytest.param('{"a":' * 2500 + "1" + "}" * 2500, "bad_json", id="deeply-nested-object"),
        pytest.param('{"type": "sync", "after_seq": 1e400}', "invalid", id="infinite-number"),
        pytest.param('{"type": "sync", "after_seq": NaN}', "invalid", id="nan"),
        pytest.param('{"type": "sync", "after_seq": 99999999999999999999999}', "invalid", id="huge-int"),
        pytest.param(
            '{"type": "idea.moderate", "idea_id": -99999999999999, "decision": "x"}',
            "invalid",
            id="huge-negative",
        ),
        pytest.param('{"type": ["idea.post"]}', "unknown_type", id="type-not-a-string"),
        pytest.param('{"type": "\\u0000"}', "unknown_type", id="nul-type"),
        pytest.param("\u00e9" * 9000, "too_large", id="over-16-KiB-in-utf8"),
    ],
)
async def test_malformed_frames_get_an_error_and_the_socket_stays_usable(room, raw, code):
    ana, _ = await open_room(room["session"], room["ana"])
    await ana.send(raw)
    if code is not None:
        assert (await ana.receive_type("error", "synced"))["code"] == code
    await _still_usable(ana, room["question"])
    await ana.close()


async def test_a_binary_frame_is_refused_with_an_error(room):
    ana, _ = await open_room(room["session"], room["ana"])
    await ana.communicator.send_to(bytes_data=b"\x00\x01\x02")
    assert (await ana.receive_type("error"))["code"] == "bad_json"
    await _still_usable(ana, room["question"])
    await ana.close()


async def test_an_idea_with_a_lone_surrogate_is_refused_and_nothing_is_stored(room):
    ana, _ = await open_room(room["session"], room["ana"])
    frame = idea_post(room["question"], "placeholder")
    raw = json.dumps(frame).replace("placeholder", "broken \\ud83d text")
    await ana.send(raw)
    error = await ana.receive_type("error")
    assert (error["code"], error["client_id"]) == ("invalid", frame["client_id"])
    assert await stored_ideas() == []
    await _still_usable(ana, room["question"])
    await ana.close()


async def test_control_bidi_and_zero_width_characters_never_reach_the_room(room):
    ana, _ = await open_room(room["session"], room["ana"])
    ben, _ = await open_room(room["session"], room["ben"])
    hostile = "Coach\x00ing \x1b[31mhuddles\u202e evil\u202c every\u200b day\u2066!\u2069\r\nSecond line"
    await ana.send(idea_post(room["question"], hostile))
    assert (await ana.receive_type("ack"))["status"] == "published"
    seen = (await ben.receive_type("idea.published"))["idea"]["text"]
    assert seen == "Coaching [31mhuddles evil every day!\nSecond line"
    stored = (await stored_ideas())[0].text
    assert stored == seen
    for client in (ana, ben):
        await client.close()


async def test_joiners_that_scripts_need_survive(room):
    ana, _ = await open_room(room["session"], room["ana"])
    family = "\U0001f469\u200d\U0001f469\u200d\U0001f467"  # one emoji made of three, joined
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # a word Persian spells with ZWNJ
    await ana.send(idea_post(room["question"], f"Team photo {family} and {persian}"))
    await ana.receive_type("ack")
    assert (await stored_ideas())[0].text == f"Team photo {family} and {persian}"
    await ana.close()


async def test_a_flood_of_frames_is_throttled_not_disconnected(room, settings):
    ana, _ = await open_room(room["session"], room["ana"])
    for _ in range(200):
        await ana.send({"type": "ping"})
    frames = []
    while not await ana.communicator.receive_nothing(timeout=0.5):
        frames.append(await ana.receive())
    pongs = [f for f in frames if f["type"] == "pong"]
    limited = [f for f in frames if f.get("code") == "rate_limited"]
    assert 25 <= len(pongs) <= 80  # the burst of 30, and what refilled meanwhile (10 a second)
    assert limited and limited[0]["retry_after"] > 0
    assert len(limited) <= 5  # a flooder is told, not echoed: at most one notice a second
    await asyncio.sleep(0.3)
    await ana.send({"type": "ping"})
    assert (await ana.receive_type("pong"))["type"] == "pong"
    await ana.close()


async def test_posts_beyond_the_limit_are_refused_each_with_its_client_id(room):
    ana, _ = await open_room(room["session"], room["ana"])
    posts = [idea_post(room["question"], f"Idea number {n} about coaching") for n in range(7)]
    for post in posts:
        await ana.send(post)
    answers = {}
    for _ in posts:
        frame = await ana.receive_type("ack", "error")
        answers[frame["client_id"]] = frame
    assert [answers[p["client_id"]]["type"] for p in posts] == ["ack"] * 5 + ["error"] * 2
    assert answers[posts[-1]["client_id"]]["code"] == "rate_limited"
    assert len(await stored_ideas()) == 5
    await ana.close()


async def test_a_flooding_socket_does_not_stall_another_room(room, ready_participant):
    other = await database_sync_to_async(_another_live_session)(room["facilitator"])
    cara = await database_sync_to_async(ready_participant)(other, name="Cara Lind")
    flooder, _ = await open_room(room["session"], room["ana"])
    calm, _ = await open_room(other, cara)
    question = await database_sync_to_async(lambda: other.current_question)()

    async def flood():
        for _ in range(2000):
            await flooder.send(idea_post(room["question"], "x" * 900))
            await asyncio.sleep(0)

    flooding = asyncio.create_task(flood())
    started = time.monotonic()
    await calm.send(idea_post(question, "Rotate the floor walkers every hour"))
    assert (await calm.receive_type("ack"))["status"] == "published"
    answered_in = time.monotonic() - started
    await flooding
    assert answered_in < 2.0
    assert await database_sync_to_async(Idea.objects.filter(session=room["session"]).count)() <= 6
    for client in (flooder, calm):
        await client.close()


def _another_live_session(facilitator):
    from sessions.services.room import room_control

    session = SessionFactory(created_by=facilitator, state="open")
    session.companies.set(facilitator.created_sessions.first().companies.all())
    room_control(session_id=session.pk, user=facilitator, action="start")
    session.refresh_from_db()
    return session
