"""What is said stays with whom it is for: a replay shows each idea as it is now (not as it once
was), and nothing a participant receives or reads unmasks an anonymous author."""

import json

import pytest
from channels.db import database_sync_to_async

from sessions.models import ActionItem
from sessions.services.actions import action_item_create, action_item_respond

from .room_client import idea_post, open_room

pytestmark = pytest.mark.django_db(transaction=True)


async def _published_idea(client, question, text: str, **extra) -> int:
    await client.send(idea_post(question, text, **extra))
    ack = await client.receive_type("ack")
    assert ack["status"] == "published"
    return ack["idea_id"]


async def _replay(session, user) -> list[dict]:
    """Everything `user` gets from a sync from the very start, until `synced`."""
    client, _ = await open_room(session, user)
    await client.send({"type": "sync", "after_seq": 0})
    frames = []
    while (frame := await client.receive())["type"] != "synced":
        frames.append(frame)
    await client.close()
    return frames


def _shown(frames: list[dict]) -> set[int]:
    return {f["idea"]["id"] for f in frames if f["type"] in ("idea.published", "idea.restored")}


async def test_a_late_joiner_replays_no_idea_that_was_hidden_declined_or_is_still_flagged(
    room, ready_participant
):
    session, question = room["session"], room["question"]
    ana, _ = await open_room(session, room["ana"])
    ben, _ = await open_room(session, room["ben"])
    fac, _ = await open_room(session, room["facilitator"])
    declined = await _published_idea(ana, question, "Put the quality wallboard where the whole floor sees it")
    flagged = await _published_idea(ana, question, "Ask reps which script lines feel awkward")
    released = await _published_idea(ana, question, "Coach on tone, not on script")
    kept = await _published_idea(ana, question, "Huddle for five minutes before peak")
    for idea_id in (declined, flagged, released):
        await ben.send({"type": "idea.flag", "idea_id": idea_id, "reason": "client data"})
        await fac.receive_type("idea.flagged")
    await fac.send(
        {"type": "idea.moderate", "idea_id": declined, "decision": "decline", "reason": "Client data"}
    )
    await fac.send({"type": "idea.moderate", "idea_id": released, "decision": "release"})
    await fac.receive_type("idea.restored")
    for client in (ana, ben, fac):
        await client.close()

    cara = await database_sync_to_async(ready_participant)(session, name="Cara Lind")
    assert _shown(await _replay(session, cara)) == {released, kept}
    assert _shown(await _replay(session, room["ben"])) == {released, kept}
    assert _shown(await _replay(session, room["ana"])) == {declined, flagged, released, kept}  # her own
    assert _shown(await _replay(session, room["facilitator"])) == {declined, flagged, released, kept}


async def test_reactions_never_say_who_reacted_to_anyone_else(room):
    ana, _ = await open_room(room["session"], room["ana"])
    ben, _ = await open_room(room["session"], room["ben"])
    idea_id = await _published_idea(ana, room["question"], "Let reps pick a coaching goal", anonymous=True)
    await ben.receive_type("idea.published")
    await ana.send({"type": "reaction.set", "idea_id": idea_id, "kind": "agree", "on": True})
    seen_by_ben = await ben.receive_type("idea.reactions")
    assert seen_by_ben["reactions"]["agree"] == 1
    assert room["ana"].name not in json.dumps(seen_by_ben)
    assert "change" not in seen_by_ben and "user_id" not in json.dumps(seen_by_ben)
    assert (await ana.receive_type("idea.reactions"))["change"] == {"kind": "agree", "on": True}
    replayed = [f for f in await _replay(room["session"], room["ben"]) if f["type"] == "idea.reactions"]
    assert replayed and all("change" not in f for f in replayed)
    for client in (ana, ben):
        await client.close()


async def test_an_action_item_from_an_anonymous_idea_stays_its_authors_until_they_accept(room, client):
    session, ana, ben = room["session"], room["ana"], room["ben"]
    ana_ws, _ = await open_room(session, ana)
    ben_ws, _ = await open_room(session, ben)
    text = "Run a monthly calibration with the QA team"
    idea_id = await _published_idea(ana_ws, room["question"], text, anonymous=True)
    await ben_ws.receive_type("idea.published")

    def propose_to_its_author() -> ActionItem:
        idea = session.ideas.get(pk=idea_id)
        return action_item_create(session=session, by=room["facilitator"], title=text, owner=ana, idea=idea)

    item = await database_sync_to_async(propose_to_its_author)()
    assert item.owner_only
    offered = await ana_ws.receive_type("action_item.created")
    assert offered["action_item"]["owner_only"] and offered["action_item"]["idea_id"] is None
    assert await ben_ws.nothing()  # Ben is not told
    assert not [f for f in await _replay(session, ben) if f["type"].startswith("action_item")]

    @database_sync_to_async
    def action_items_on_summary_page(person) -> str:
        client.force_login(person)
        page = client.get(f"/sessions/{session.pk}/summary/").content.decode()
        return page.split("Ideas per question")[0]  # the idea itself is listed there, anonymously

    assert text not in await action_items_on_summary_page(ben)
    assert "your anonymous idea" in await action_items_on_summary_page(ana)

    # Ana accepts: she agrees to be named with it, and now it is everyone's to see.
    await database_sync_to_async(action_item_respond)(item=item, by=ana, move="accept")
    accepted = await ben_ws.receive_type("action_item.updated")
    assert accepted["action_item"]["owner"]["name"] == "Ana Reyes"
    assert accepted["action_item"]["idea_id"] is None  # still no link back to the anonymous idea
    assert text in await action_items_on_summary_page(ben)
    for ws in (ana_ws, ben_ws):
        await ws.close()


async def test_nothing_a_participant_receives_unmasks_an_anonymous_author(room):
    """A whole scripted exchange around an anonymous idea, live and replayed, as Ben sees it."""
    session, question = room["session"], room["question"]
    ana, _ = await open_room(session, room["ana"])
    ben, _ = await open_room(session, room["ben"])
    fac, _ = await open_room(session, room["facilitator"])
    idea_id = await _published_idea(ana, question, "Rotate who leads the huddle", anonymous=True)
    await ana.send({"type": "reaction.set", "idea_id": idea_id, "kind": "agree", "on": True})
    await ana.send(idea_post(question, "And let the newest rep go first", parent_id=idea_id, anonymous=True))
    await ana.receive_type("ack")
    await fac.send({"type": "idea.highlight", "idea_id": idea_id, "on": True})
    await fac.receive_type("idea.highlighted")
    live = []
    while not await ben.communicator.receive_nothing(timeout=0.5):
        live.append(await ben.receive())
    for client in (ana, ben, fac):
        await client.close()
    replayed = await _replay(session, room["ben"])
    ana_id = room["ana"].pk
    for frame in live + replayed:
        if frame["type"].startswith("presence."):
            continue  # being in the room is not authorship
        text = json.dumps(frame)
        assert "Ana Reyes" not in text, frame
        assert frame.get("idea", {}).get("author") is None, frame
        assert f'"user_id": {ana_id}' not in text and f'"id": {ana_id},' not in text.replace(
            f'"id": {idea_id},', ""
        ), frame
