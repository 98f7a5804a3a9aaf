"""Grouping similar ideas in the live room (docs/protocol.md, "Groups"): through the real ASGI app,
a facilitator and two participants."""

import uuid

import pytest
from channels.db import database_sync_to_async

from sessions.models import IdeaGroup, RecordEntry
from sessions.services.groups import similar_clusters
from sessions.services.room import idea_flag, idea_post

from .room_client import open_room

pytestmark = pytest.mark.django_db(transaction=True)

PRICING_TITLE = "What we bill per hour"


@database_sync_to_async
def _post(room, person, text, **options):
    return idea_post(
        session_id=room.session.pk,
        user=person,
        client_id=uuid.uuid4(),
        question_id=room.question.pk,
        text=text,
        **options,
    ).idea


async def _sockets(room):
    fran, _ = await open_room(room.session, room.facilitator)
    ana, _ = await open_room(room.session, room.ana)
    ben, _ = await open_room(room.session, room.ben)
    return fran, ana, ben


async def test_the_facilitator_groups_ideas_and_everyone_sees_the_group(room):
    first = await _post(room, room.ana, "Peer coaching circles every Friday")
    second = await _post(room, room.ben, "Friday peer coaching sessions")
    fran, ana, ben = await _sockets(room)
    await fran.send({"type": "group.create", "title": "Peer coaching", "idea_ids": [first.pk, second.pk]})
    for socket in (fran, ana, ben):
        frame = await socket.receive_type("group.updated")
        assert frame["group"]["title"] == "Peer coaching"
        assert frame["group"]["idea_ids"] == [first.pk, second.pk]
        assert frame["group"]["question_id"] == room.question.pk
        assert isinstance(frame["seq"], int)
    group_id = frame["group"]["id"]

    third = await _post(room, room.ana, "Coaching circles across shifts")

    async def everyone_sees(frame, kind="group.updated"):
        await fran.send({"type": "group.update", "group_id": group_id, **frame})
        seen = [await socket.receive_type(kind) for socket in (fran, ana, ben)]
        assert seen[0] == seen[1] == seen[2]
        return seen[0]

    grown = await everyone_sees({"action": "add", "idea_ids": [third.pk]})
    assert grown["group"]["idea_ids"] == [first.pk, second.pk, third.pk]
    shrunk = await everyone_sees({"action": "remove", "idea_ids": [first.pk]})
    assert shrunk["group"]["idea_ids"] == [second.pk, third.pk]
    renamed = await everyone_sees({"action": "rename", "title": "Coaching"})
    assert renamed["group"]["title"] == "Coaching"
    removed = await everyone_sees({"action": "ungroup"}, kind="group.removed")
    assert removed["group_id"] == group_id
    assert not await database_sync_to_async(IdeaGroup.objects.exists)()
    for socket in (fran, ana, ben):
        await socket.close()


async def test_held_hidden_or_already_grouped_ideas_cannot_be_grouped(room):
    published = await _post(room, room.ana, "Shadow a top rep for an afternoon")
    other = await _post(room, room.ben, "Shadow the night shift lead")
    held = await _post(room, room.ana, "we bill 14 an hour on that account")
    flagged = await _post(room, room.ben, "Rotate who leads the huddle")
    await database_sync_to_async(idea_flag)(session_id=room.session.pk, user=room.ana, idea_id=flagged.pk)
    fran, ana, ben = await _sockets(room)
    for ids in ([published.pk, held.pk], [published.pk, flagged.pk], [published.pk, 999_999]):
        await fran.send({"type": "group.create", "title": "Shadowing", "idea_ids": ids})
        error = await fran.receive_type("error")
        assert error["code"] == "not_found", ids
    await fran.send({"type": "group.create", "title": "Shadowing", "idea_ids": [published.pk]})
    assert (await fran.receive_type("error"))["code"] == "invalid"  # one idea is no group
    await fran.send({"type": "group.create", "title": "  ", "idea_ids": [published.pk, other.pk]})
    assert (await fran.receive_type("error"))["code"] == "empty"
    await fran.send({"type": "group.create", "title": "x" * 121, "idea_ids": [published.pk, other.pk]})
    assert (await fran.receive_type("error"))["code"] == "too_long"
    await fran.send({"type": "group.create", "title": "Shadowing", "idea_ids": [published.pk, other.pk]})
    await fran.receive_type("group.updated")
    third = await _post(room, room.ben, "Shadow a supervisor")
    await fran.send({"type": "group.create", "title": "Again", "idea_ids": [published.pk, third.pk]})
    assert (await fran.receive_type("error"))["code"] == "already_grouped"
    await fran.send({"type": "group.update", "group_id": 999_999, "action": "ungroup"})
    assert (await fran.receive_type("error"))["code"] == "not_found"
    await fran.send({"type": "group.update", "group_id": 1, "action": "explode"})
    assert (await fran.receive_type("error"))["code"] == "invalid"
    await fran.send({"type": "group.create", "title": "Shadowing", "idea_ids": "all of them"})
    assert (await fran.receive_type("error"))["code"] == "invalid"
    await ana.receive_type("group.updated")
    await ana.receive_type("idea.published")  # the third idea
    assert await ana.nothing()  # the room saw one group and nothing else
    for socket in (fran, ana, ben):
        await socket.close()


async def test_a_group_title_that_may_touch_a_rule_is_refused_and_on_the_record(room):
    first = await _post(room, room.ana, "Peer coaching circles every Friday")
    second = await _post(room, room.ben, "Friday peer coaching sessions")
    fran, ana, ben = await _sockets(room)
    await fran.send({"type": "group.create", "title": PRICING_TITLE, "idea_ids": [first.pk, second.pk]})
    error = await fran.receive_type("error")
    assert error["code"] == "held"
    assert "pricing" in error["rules"]
    assert not await database_sync_to_async(IdeaGroup.objects.exists)()
    assert await ana.nothing()
    screenings = await database_sync_to_async(
        lambda: list(RecordEntry.objects.filter(kind="screening").values_list("payload", flat=True))
    )()
    assert any(p.get("group_title") == PRICING_TITLE and p["held"] for p in screenings)
    for socket in (fran, ana, ben):
        await socket.close()


async def test_suggestions_go_to_the_facilitator_alone_and_group_only_public_similar_ideas(room):
    first = await _post(room, room.ana, "Peer coaching circles every Friday")
    second = await _post(room, room.ben, "Friday peer coaching circles")
    await _post(room, room.ana, "Rotate who leads the morning huddle")
    await _post(room, room.ben, "we bill 14 an hour on that account, peer coaching circles")  # held
    fran, ana, ben = await _sockets(room)
    await fran.send({"type": "group.suggest"})
    found = await fran.receive_type("group.suggestions")
    assert found["question_id"] == room.question.pk
    assert [s["idea_ids"] for s in found["suggestions"]] == [sorted([first.pk, second.pk])]
    suggestion = found["suggestions"][0]
    # One click: the suggestion as it came, sent back as a group.
    await fran.send(
        {"type": "group.create", "title": suggestion["title"], "idea_ids": suggestion["idea_ids"]}
    )
    assert (await ben.receive_type("group.updated"))["group"]["idea_ids"] == sorted([first.pk, second.pk])
    await fran.send({"type": "group.suggest"})
    assert (await fran.receive_type("group.suggestions"))["suggestions"] == []  # grouped ideas are done
    await ana.send({"type": "group.suggest"})
    assert (await ana.receive_type("error"))["code"] == "forbidden"
    for socket in (fran, ana, ben):
        await socket.close()


def test_similar_clusters_are_bounded_and_leave_different_ideas_alone():
    ideas = [(1, "Peer coaching circles"), (2, "peer coaching circles, weekly"), (3, "A glossary of terms")]
    assert [c["idea_ids"] for c in similar_clusters(ideas)] == [[1, 2]]
    assert similar_clusters([(1, "alone")]) == []
    many = [(n, f"Coaching idea number {n % 7}") for n in range(300)]
    clusters = similar_clusters(many)
    assert 0 < len(clusters) <= 10


async def test_the_snapshot_brings_groups_to_a_reloading_client(room):
    first = await _post(room, room.ana, "Peer coaching circles every Friday")
    second = await _post(room, room.ben, "Friday peer coaching sessions")
    fran, _ = await open_room(room.session, room.facilitator)
    await fran.send({"type": "group.create", "title": "Peer coaching", "idea_ids": [first.pk, second.pk]})
    await fran.receive_type("group.updated")
    await database_sync_to_async(idea_flag)(session_id=room.session.pk, user=room.ben, idea_id=first.pk)
    ana, _ = await open_room(room.session, room.ana)
    await ana.send({"type": "sync", "after_seq": 0, "snapshot": True})
    snapshot = await ana.receive_type("snapshot")
    groups = [f for f in snapshot["frames"] if f["type"] == "group.updated"]
    assert [g["group"]["idea_ids"] for g in groups] == [[second.pk]]  # a hidden idea is not shown
    await fran.close()
    await ana.close()
