"""The room's door is checked for sockets already inside, not only at the handshake: a change of the
ground rules, a removal or a sign-out takes effect at once, presence list included."""

import pytest
from channels.db import database_sync_to_async

from groundrules.selectors import ruleset_current
from groundrules.services import RuleDraft, ruleset_revise
from sessions.services.room import membership_remove

from .room_client import open_room

pytestmark = pytest.mark.django_db(transaction=True)


def _add_a_rule(session) -> None:
    current = ruleset_current(session=session)
    rules = [
        RuleDraft(slug=r.slug, title=r.title, description=r.description, watch_phrases=tuple(r.watch_phrases))
        for r in current.rules.all()
    ]
    rules.append(RuleDraft(title="No headcount talk", watch_phrases=("headcount",)))
    ruleset_revise(session=session, by=session.created_by, antitrust_statement="Be careful.", rules=rules)


async def test_a_rule_change_closes_the_sockets_of_everyone_who_must_agree_again(
    open_session, ready_participant
):
    ana = await database_sync_to_async(ready_participant)(open_session, name="Ana Reyes")
    ana_ws, _ = await open_room(open_session, ana)
    facilitator_ws, _ = await open_room(open_session, open_session.created_by)
    await database_sync_to_async(_add_a_rule)(open_session)
    refused = await ana_ws.receive_type("error")
    assert (refused["code"], refused["missing"]) == ("not_admitted", "agreement")
    assert (await ana_ws.communicator.receive_output(timeout=1))["code"] == 4403
    await facilitator_ws.send({"type": "ping"})
    assert (await facilitator_ws.receive_type("pong"))["type"] == "pong"  # moderators need no agreement
    await facilitator_ws.close()


@pytest.mark.parametrize("how", ["logout", "removal"])
async def test_someone_signed_out_or_removed_leaves_everyone_s_presence_list_at_once(room, client, how):
    ana, _ = await open_room(room["session"], room["ana"])
    ben, _ = await open_room(room["session"], room["ben"])
    await ben.presence_change("presence.join", "Ben Okafor")  # his own arrival

    def log_in_and_out():
        client.force_login(room["ana"])
        client.post("/accounts/logout/")

    if how == "logout":
        await database_sync_to_async(log_in_and_out)()
    else:
        await database_sync_to_async(membership_remove)(
            session=room["session"], by=room["facilitator"], user=room["ana"]
        )
    assert (await ben.presence_change("presence.leave", "Ana Reyes"))["name"] == "Ana Reyes"
    await ben.close()
    ben, hello = await open_room(room["session"], room["ben"])
    assert "Ana Reyes" not in {person["name"] for person in hello["presence"]}
    await ben.close()
