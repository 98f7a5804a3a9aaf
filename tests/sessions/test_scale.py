"""What must not grow with a session: the queries behind each page and behind a room snapshot stay
fixed whether a session has 10 ideas or 1,000, and a snapshot brings a reloading client to the room's
state in one frame, with each viewer's visibility."""

import uuid

import pytest
from channels.db import database_sync_to_async
from django.urls import reverse
from django.utils.timezone import now

from sessions.models import (
    ActionItem,
    Idea,
    IdeaGroup,
    IdeaGroupMember,
    Reaction,
    Role,
    Vote,
    VoteDots,
    VoteItem,
)
from sessions.services.actions import action_item_create
from sessions.services.room import idea_flag, idea_post, reaction_set
from sessions.services.room_events import Viewer
from sessions.services.room_snapshot import room_snapshot

from ..factories import MembershipFactory, UserFactory
from .room_client import idea_post as post_frame
from .room_client import open_room

# Measured: 11, 14, 12, 6 (9 the first time), 3, the same at 10 ideas as at 1,000.
QUERY_BUDGET = {
    "sessions:room": 12,
    "sessions:summary": 20,  # 15, four for the groups and votes of each question, one for commitments carried in
    "sessions:readiness": 13,
    "sessions:minutes": 10,
    "sessions:my_action_items": 4,
}


def _fill(room, count: int) -> None:
    """`count` published ideas by Ana and Ben (half of them anonymous), with reactions and items."""
    ideas = Idea.objects.bulk_create(
        Idea(
            session=room.session,
            question=room.question,
            author=(room.ana, room.ben)[n % 2],
            company=room.ana.company,
            client_id=uuid.uuid4(),
            text=f"Coaching practice number {n}",
            anonymous=n % 2 == 1,
            status="published",
        )
        for n in range(count)
    )
    Reaction.objects.bulk_create(Reaction(idea=idea, user=room.ben, kind="agree") for idea in ideas[::3])
    ActionItem.objects.bulk_create(
        ActionItem(
            session=room.session,
            title=f"Try practice {n}",
            owner=room.ana,
            created_by=room.facilitator,
            idea=ideas[n],
        )
        for n in range(min(count, 20))
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(QUERY_BUDGET))
def test_pages_run_a_fixed_number_of_queries_however_big_the_session(
    room, login, django_assert_max_num_queries, name
):
    counsel = UserFactory()
    MembershipFactory(session=room.session, user=counsel, role=Role.COUNSEL, company=None)
    viewer = room.ana if name in ("sessions:room", "sessions:my_action_items") else room.facilitator
    path = reverse(name) if name == "sessions:my_action_items" else reverse(name, args=[room.session.pk])
    client = login(viewer)
    for size in (10, 1000):
        _fill(room, size // 2 if size == 10 else size - 5)
        with django_assert_max_num_queries(QUERY_BUDGET[name]):
            assert client.get(path).status_code == 200


@pytest.mark.django_db
def test_a_snapshot_runs_a_fixed_number_of_queries(room, django_assert_max_num_queries):
    for size in (10, 990):
        _fill(room, size)
        with django_assert_max_num_queries(12):
            snapshot = room_snapshot(session_id=room.session.pk, viewer=Viewer(room.ana.pk, "participant"))
    assert len([f for f in snapshot["frames"] if f["type"] == "idea.published"]) == 1000


@pytest.mark.django_db(transaction=True)
async def test_a_snapshot_is_the_room_as_each_viewer_may_see_it(room):
    def setup():
        published = idea_post(
            session_id=room.session.pk,
            user=room.ana,
            client_id=uuid.uuid4(),
            question_id=room.question.pk,
            text="Huddle at nine",
        ).idea
        hidden = idea_post(
            session_id=room.session.pk,
            user=room.ana,
            client_id=uuid.uuid4(),
            question_id=room.question.pk,
            text="Rotate the huddle lead",
        ).idea
        held = idea_post(
            session_id=room.session.pk,
            user=room.ben,
            client_id=uuid.uuid4(),
            question_id=room.question.pk,
            text="we bill 14 an hour on that account",
        ).idea
        anonymous = idea_post(
            session_id=room.session.pk,
            user=room.ben,
            client_id=uuid.uuid4(),
            question_id=room.question.pk,
            text="Praise in public",
            anonymous=True,
        ).idea
        reaction_set(session_id=room.session.pk, user=room.ben, idea_id=published.pk, kind="agree", on=True)
        idea_flag(session_id=room.session.pk, user=room.ben, idea_id=hidden.pk, reason="names a client")
        action_item_create(
            session=room.session, by=room.facilitator, title="Try the nine o'clock huddle", owner=room.ana
        )
        return published, hidden, held, anonymous

    published, hidden, held, anonymous = await database_sync_to_async(setup)()

    async def snapshot_of(person):
        client, hello = await open_room(room.session, person)
        await client.send({"type": "sync", "after_seq": 0, "snapshot": True})
        snapshot = await client.receive_type("snapshot")
        assert (await client.receive_type("synced"))["last_seq"] == snapshot["last_seq"] >= hello["last_seq"]
        await client.close()
        assert all("seq" not in frame for frame in snapshot["frames"])
        return snapshot

    def ideas(snapshot, kind="idea.published"):
        return {f["idea"]["id"]: f["idea"] for f in snapshot["frames"] if f["type"] == kind}

    ana = await snapshot_of(room.ana)
    assert set(ideas(ana)) == {published.pk, hidden.pk, anonymous.pk}  # her own hidden idea, with its hiding
    assert hidden.pk in {f["idea_id"] for f in ana["frames"] if f["type"] == "idea.hidden"}
    assert ideas(ana)[anonymous.pk]["author"] is None
    assert ideas(ana)[published.pk]["reactions"]["agree"] == 1
    assert not ideas(ana, "idea.held")  # Ben's held idea is not hers
    ben = await snapshot_of(room.ben)
    assert set(ideas(ben)) == {published.pk, anonymous.pk} and set(ideas(ben, "idea.held")) == {held.pk}
    assert ideas(ben)[anonymous.pk]["author"]["name"] == "Ben Okafor"  # his own
    assert [published.pk, "agree"] in ben["my_reactions"]
    facilitator = await snapshot_of(room.facilitator)
    assert set(ideas(facilitator, "idea.held")) == {held.pk}
    assert {f["idea_id"] for f in facilitator["frames"] if f["type"] == "idea.flagged"} == {hidden.pk}
    assert [
        f["action_item"]["title"] for f in facilitator["frames"] if f["type"] == "action_item.created"
    ] == ["Try the nine o'clock huddle"]


@pytest.mark.django_db(transaction=True)
async def test_live_events_after_the_snapshot_are_not_lost_or_doubled(room):
    ana, _ = await open_room(room.session, room.ana)
    ben, _ = await open_room(room.session, room.ben)
    await ben.send({"type": "sync", "after_seq": 0, "snapshot": True})
    await ana.send(post_frame(room.question, "Posted while Ben loads the room"))
    snapshot = await ben.receive_type("snapshot")
    await ben.receive_type("synced")
    seen = [f["idea"]["text"] for f in snapshot["frames"] if f["type"] == "idea.published"]
    if "Posted while Ben loads the room" not in seen:
        live = await ben.receive_type("idea.published")
        assert live["seq"] > snapshot["last_seq"]
    for client in (ana, ben):
        await client.close()


# The snapshot's 12, plus two for the groups, two for the votes, three for the open vote's totals,
# one for this viewer's dots.
SNAPSHOT_WITH_DECISIONS = 20


def _fill_decisions(room, count: int) -> None:
    """`count` published ideas, groups of two of them, a closed vote on the ideas with every item
    counted, and an open vote on the groups with dots from Ana and Ben."""
    ideas = Idea.objects.bulk_create(
        Idea(
            session=room.session,
            question=room.question,
            author=room.ana,
            company=room.ana.company,
            client_id=uuid.uuid4(),
            text=f"Grouped practice number {n}",
            status="published",
        )
        for n in range(count)
    )
    groups = IdeaGroup.objects.bulk_create(
        IdeaGroup(
            session=room.session, question=room.question, title=f"Group {n}", created_by=room.facilitator
        )
        for n in range(count // 2)
    )
    IdeaGroupMember.objects.bulk_create(
        IdeaGroupMember(group=groups[n // 2], idea=idea) for n, idea in enumerate(ideas[: 2 * len(groups)])
    )
    closed = Vote.objects.create(
        session=room.session, question=room.question, opened_by=room.facilitator, closed_at=now(), voters=2
    )
    VoteItem.objects.bulk_create(
        VoteItem(vote=closed, idea=idea, position=n, total=n % 3) for n, idea in enumerate(ideas[:200], 1)
    )
    Vote.objects.filter(session=room.session, closed_at=None).update(closed_at=now())
    vote = Vote.objects.create(
        session=room.session, question=room.question, on="groups", opened_by=room.facilitator
    )
    items = VoteItem.objects.bulk_create(
        VoteItem(vote=vote, group=group, label=group.title, position=n)
        for n, group in enumerate(groups[:200], 1)
    )
    VoteDots.objects.bulk_create(
        VoteDots(vote=vote, item=item, voter=voter, count=1)
        for item in items[:3]
        for voter in (room.ana, room.ben)
    )


@pytest.mark.django_db
def test_a_snapshot_with_groups_and_votes_runs_a_fixed_number_of_queries(room, django_assert_max_num_queries):
    for size in (10, 400):
        _fill_decisions(room, size)
        with django_assert_max_num_queries(SNAPSHOT_WITH_DECISIONS):
            snapshot = room_snapshot(session_id=room.session.pk, viewer=Viewer(room.ana.pk, "participant"))
    kinds = [f["type"] for f in snapshot["frames"]]
    assert kinds.count("group.updated") == 5 + 200
    assert kinds.count("vote.closed") == 3 and kinds.count("vote.opened") == 1
    mine = next(f for f in snapshot["frames"] if f["type"] == "vote.mine")
    assert mine["remaining"] == 0  # three dots of three
