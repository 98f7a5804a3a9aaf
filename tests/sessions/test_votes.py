"""Dot-voting in the live room (docs/protocol.md, "Dot-voting"): a facilitator and two participants
through the real ASGI app; live totals, each person's own dots, refusals, and anonymity."""

import json
import uuid

import pytest
from channels.db import database_sync_to_async

from sessions.models import RecordEntry, RoomEvent, Session, Vote, VoteDots
from sessions.services.groups import group_create
from sessions.services.room import idea_flag, idea_post, room_control

from ..factories import UserFactory
from .room_client import open_room

pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def _ideas(room, *texts):
    return [
        idea_post(
            session_id=room.session.pk,
            user=(room.ana, room.ben)[n % 2],
            client_id=uuid.uuid4(),
            question_id=room.question.pk,
            text=text,
        ).idea
        for n, text in enumerate(texts)
    ]


async def _open(room, fran, **options):
    await fran.send({"type": "vote.open", **options})
    return (await fran.receive_type("vote.opened"))["vote"]


async def _dot(socket, vote, item, action="place"):
    await socket.send({"type": "vote.dot", "vote_id": vote["id"], "item_id": item["id"], "action": action})


async def test_participants_place_dots_and_everyone_sees_totals_never_who(room):
    await _ideas(room, "Peer coaching circles", "Shadow a top rep", "A glossary of terms")
    fran, _ = await open_room(room.session, room.facilitator)
    ana, _ = await open_room(room.session, room.ana)
    ben, _ = await open_room(room.session, room.ben)
    vote = await _open(room, fran, dots=3)
    assert (vote["dots"], vote["stacking"], vote["status"], vote["on"]) == (3, True, "open", "ideas")
    assert len(vote["items"]) == 3
    for socket in (ana, ben):
        assert (await socket.receive_type("vote.opened"))["vote"] == vote
    first, second, third = vote["items"]

    await _dot(ana, vote, first)
    await _dot(ana, vote, first)  # several dots on one item: allowed unless the facilitator says not
    mine = await ana.receive_type("vote.mine")
    mine = await ana.receive_type("vote.mine")
    assert mine == {"type": "vote.mine", "vote_id": vote["id"], "dots": {str(first["id"]): 2}, "remaining": 1}
    await _dot(ben, vote, second)
    assert (await ben.receive_type("vote.mine"))["remaining"] == 2

    # Totals reach everyone, coalesced; the newest carries every dot so far.
    tally = await _latest_tally(fran, version=3)
    assert tally["totals"] == {str(first["id"]): 2, str(second["id"]): 1}
    assert tally["voters"] == 2
    assert (await _latest_tally(ben, version=3))["totals"] == tally["totals"]

    await _dot(ana, vote, first, "remove")
    assert (await ana.receive_type("vote.mine"))["dots"] == {str(first["id"]): 1}

    await fran.send({"type": "vote.close", "vote_id": vote["id"]})
    closed = (await ben.receive_type("vote.closed"))["vote"]
    assert closed["status"] == "closed"
    assert closed["voters"] == 2
    assert closed["results"] == [
        {"item_id": first["id"], "dots": 1},
        {"item_id": second["id"], "dots": 1},
        {"item_id": third["id"], "dots": 0},
    ]
    # Anonymous to everyone: no per-voter row survives the close, and nothing stored names a voter.
    assert not await database_sync_to_async(VoteDots.objects.exists)()
    await _assert_no_voter_named(room)
    for socket in (fran, ana, ben):
        await socket.close()


async def _latest_tally(socket, version):
    while True:
        tally = await socket.receive_type("vote.tally")
        if tally["version"] >= version:
            return tally


PERSONAL_KEYS = {"user", "user_id", "voter", "voter_id", "by", "to", "author", "author_id", "private"}


@database_sync_to_async
def _assert_no_voter_named(room):
    """No stored vote event, and no entry of the record about a vote, names or numbers a voter."""
    stored = [e.payload for e in RoomEvent.objects.filter(type__startswith="vote.")]
    stored += [
        e.payload
        for e in RecordEntry.objects.filter(kind="room_event")
        if e.payload["type"].startswith("vote.")
    ]
    assert len(stored) == 4  # opened and closed, as events and on the record

    def keys(value):
        if isinstance(value, dict):
            for key, inner in value.items():
                yield key
                yield from keys(inner)
        elif isinstance(value, list):
            for inner in value:
                yield from keys(inner)

    assert not set(keys([p.get("payload", p) for p in stored])) & PERSONAL_KEYS
    text = json.dumps(stored)
    for person in (room.ana, room.ben):
        assert person.name not in text and person.email not in text


async def test_every_bad_vote_is_refused_with_a_clear_error(room, ready_participant):
    await _ideas(room, "Peer coaching circles", "Shadow a top rep")
    fran, _ = await open_room(room.session, room.facilitator)
    ana, _ = await open_room(room.session, room.ana)

    await ana.send({"type": "vote.dot", "item_id": 1, "action": "place"})
    assert (await ana.receive_type("error"))["code"] == "no_vote_open"
    for options, code in (({"dots": 0}, "invalid"), ({"dots": 11}, "invalid"), ({"on": "people"}, "invalid")):
        await fran.send({"type": "vote.open", **options})
        assert (await fran.receive_type("error"))["code"] == code
    await fran.send({"type": "vote.open", "on": "groups"})
    assert (await fran.receive_type("error"))["code"] == "nothing_to_vote_on"
    await ana.send({"type": "vote.open"})
    assert (await ana.receive_type("error"))["code"] == "forbidden"

    vote = await _open(room, fran, dots=2, stacking=False)
    await fran.send({"type": "vote.open"})
    assert (await fran.receive_type("error"))["code"] == "vote_open"
    first, second = vote["items"]
    await _dot(fran, vote, first)
    assert (await fran.receive_type("error"))["code"] == "forbidden"  # the facilitator is neutral
    await ana.send({"type": "vote.dot", "vote_id": vote["id"], "item_id": 999_999, "action": "place"})
    assert (await ana.receive_type("error"))["code"] == "not_in_vote"
    await _dot(ana, vote, first)
    await ana.receive_type("vote.mine")
    await _dot(ana, vote, first)
    assert (await ana.receive_type("error"))["code"] == "one_dot_per_item"
    await _dot(ana, vote, second, "remove")
    assert (await ana.receive_type("error"))["code"] == "no_dot_here"
    await _dot(ana, vote, second)
    await ana.receive_type("vote.mine")
    await _dot(ana, vote, second)
    assert (await ana.receive_type("error"))["code"] in ("no_dots_left", "one_dot_per_item")
    await ana.send({"type": "vote.dot", "vote_id": vote["id"], "item_id": first["id"], "action": "grab"})
    assert (await ana.receive_type("error"))["code"] == "invalid"

    # Someone who has not acknowledged the antitrust statement, and someone not admitted at all.
    late = await database_sync_to_async(ready_participant)(room.session, name="Lee Late")
    await database_sync_to_async(lambda: room.session.statement_acknowledgements.filter(user=late).delete())()
    lee, _ = await open_room(room.session, late)
    await _dot(lee, vote, first)
    assert (await lee.receive_type("error"))["code"] == "statement_unacknowledged"

    # An idea hidden since the vote opened takes no more dots.
    await database_sync_to_async(idea_flag)(
        session_id=room.session.pk, user=room.ben, idea_id=first["idea_id"]
    )
    await _dot(ana, vote, first, "remove")
    assert (await ana.receive_type("error"))["code"] == "not_in_vote"

    await fran.send({"type": "vote.close"})
    await ana.receive_type("vote.closed")
    await _dot(ana, vote, second, "remove")
    assert (await ana.receive_type("error"))["code"] == "vote_closed"
    await fran.send({"type": "vote.close", "vote_id": vote["id"]})
    assert (await fran.receive_type("error"))["code"] == "vote_closed"
    for socket in (fran, ana, lee):
        await socket.close()


async def test_a_participant_without_agreement_cannot_vote(room, participant_of):
    newcomer = await database_sync_to_async(participant_of)(room.session)
    from sessions.services.votes import vote_dot

    await _ideas(room, "Peer coaching circles")
    fran, _ = await open_room(room.session, room.facilitator)
    vote = await _open(room, fran)
    from sessions.access import NotAdmitted

    with pytest.raises(NotAdmitted):
        await database_sync_to_async(vote_dot)(
            session_id=room.session.pk, user=newcomer, item_id=vote["items"][0]["id"], action="place"
        )
    outsider = await database_sync_to_async(UserFactory)()
    from sessions.access import NotFound

    with pytest.raises(NotFound):
        await database_sync_to_async(vote_dot)(
            session_id=room.session.pk, user=outsider, item_id=vote["items"][0]["id"], action="place"
        )
    await fran.close()


async def test_voting_on_groups_and_the_session_close_closes_the_vote(room):
    a, b, c = await _ideas(room, "Peer coaching circles", "Friday peer coaching", "A glossary of terms")
    await database_sync_to_async(group_create)(
        session_id=room.session.pk, user=room.facilitator, title="Peer coaching", idea_ids=[a.pk, b.pk]
    )
    fran, _ = await open_room(room.session, room.facilitator)
    ana, _ = await open_room(room.session, room.ana)
    vote = await _open(room, fran, on="groups", dots=1)
    assert [(i["label"], i["idea_id"]) for i in vote["items"]] == [("Peer coaching", None)]
    await _dot(ana, vote, vote["items"][0])
    assert (await ana.receive_type("vote.mine"))["remaining"] == 0
    await fran.send({"type": "session.control", "action": "close"})
    closed = (await ana.receive_type("vote.closed"))["vote"]
    assert closed["results"] == [{"item_id": vote["items"][0]["id"], "dots": 1}]
    state = await database_sync_to_async(lambda: Session.objects.get(pk=room.session.pk).state)()
    assert state == "closed"
    assert await database_sync_to_async(Vote.objects.filter(closed_at=None).count)() == 0
    for socket in (fran, ana):
        await socket.close()


async def test_a_reloading_or_reconnecting_client_gets_the_vote_totals_and_only_its_own_dots(room):
    await _ideas(room, "Peer coaching circles", "Shadow a top rep")
    fran, _ = await open_room(room.session, room.facilitator)
    ana, _ = await open_room(room.session, room.ana)
    vote = await _open(room, fran)
    first, second = vote["items"]
    await _dot(ana, vote, first)
    await ana.receive_type("vote.mine")
    ben, hello = await open_room(room.session, room.ben)
    await _dot(ben, vote, second)
    await ben.receive_type("vote.mine")
    await ben.close()

    ben, hello = await open_room(room.session, room.ben)
    await ben.send({"type": "sync", "after_seq": 0, "snapshot": True})
    frames = (await ben.receive_type("snapshot"))["frames"]
    kinds = [f["type"] for f in frames if f["type"].startswith("vote.")]
    assert kinds == ["vote.opened", "vote.tally", "vote.mine"]
    tally, mine = frames[-2], frames[-1]
    assert tally["totals"] == {str(first["id"]): 1, str(second["id"]): 1}
    assert mine["dots"] == {str(second["id"]): 1}  # ben's own, not ana's

    await ben.send({"type": "sync", "after_seq": hello["last_seq"]})
    assert (await ben.receive_type("vote.tally"))["voters"] == 2
    assert (await ben.receive_type("vote.mine"))["remaining"] == 2
    await ben.receive_type("synced")

    await fran.send({"type": "sync", "after_seq": 0, "snapshot": True})
    frames = (await fran.receive_type("snapshot"))["frames"]
    assert [f["type"] for f in frames if f["type"].startswith("vote.")] == ["vote.opened", "vote.tally"]
    for socket in (fran, ana, ben):
        await socket.close()


async def test_voting_waits_while_paused(room):
    await _ideas(room, "Peer coaching circles")
    fran, _ = await open_room(room.session, room.facilitator)
    ana, _ = await open_room(room.session, room.ana)
    vote = await _open(room, fran)
    await database_sync_to_async(room_control)(
        session_id=room.session.pk, user=room.facilitator, action="pause"
    )
    await _dot(ana, vote, vote["items"][0])
    assert (await ana.receive_type("error"))["code"] == "paused"
    for socket in (fran, ana):
        await socket.close()


async def test_live_totals_are_coalesced_not_one_broadcast_per_dot(room):
    await _ideas(room, "Peer coaching circles")
    fran, _ = await open_room(room.session, room.facilitator)
    ana, _ = await open_room(room.session, room.ana)
    ben, _ = await open_room(room.session, room.ben)
    vote = await _open(room, fran, dots=10)
    await ben.receive_type("vote.opened")
    for _ in range(10):
        await _dot(ana, vote, vote["items"][0])
    tallies = []
    while not await ben.communicator.receive_nothing(timeout=1.5):
        frame = await ben.receive()
        if frame["type"] == "vote.tally":
            tallies.append(frame)
    assert 1 <= len(tallies) < 10
    assert tallies[-1]["totals"] == {str(vote["items"][0]["id"]): 10}
    assert tallies[-1]["version"] == 10
    for socket in (fran, ana, ben):
        await socket.close()
