"""Buy-in, and the room's gate: only facilitators, counsel and participants who are ready get in."""

import pytest
from django.urls import reverse

from groundrules.services import agreement_accept
from sessions.models import Membership
from sessions.selectors import room_admission

from ..factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _room(session):
    return reverse("sessions:room", args=[session.pk])


def test_participant_without_buy_in_is_sent_to_buy_in(login, open_session, participant_of):
    response = login(participant_of(open_session)).get(_room(open_session))
    assert response.status_code == 302
    assert response.url == reverse("sessions:buy_in", args=[open_session.pk])


def test_buy_in_must_say_yes_to_candour(login, open_session, participant_of):
    person = participant_of(open_session)
    response = login(person).post(
        reverse("sessions:buy_in", args=[open_session.pk]), {"hopes": "ideas", "strength": "coaching"}
    )
    assert response.status_code == 200
    assert "willing to speak candidly" in response.content.decode()
    assert Membership.objects.get(user=person).bought_in_at is None


def test_after_buy_in_the_missing_step_is_the_agreement(login, open_session, participant_of):
    person = participant_of(open_session)
    client = login(person)
    response = client.post(
        reverse("sessions:buy_in", args=[open_session.pk]),
        {"willing": "on", "hopes": "Coaching ideas", "strength": "Night-shift experience"},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=person)
    assert (membership.hopes, membership.strength) == ("Coaching ideas", "Night-shift experience")
    response = client.get(_room(open_session))
    assert response.url == reverse("groundrules:agree", args=[open_session.pk])


def test_ready_participant_enters_and_sees_others_introductions(login, open_session, participant_of):
    person = participant_of(open_session, name="Ana Reyes")
    client = login(person)
    client.post(
        reverse("sessions:buy_in", args=[open_session.pk]),
        {"willing": "on", "hopes": "Coaching ideas", "strength": "Night shifts"},
    )
    response = client.post(reverse("groundrules:agree", args=[open_session.pk]), {"typed_name": "ana  reyes"})
    assert response.status_code == 302
    assert client.get(_room(open_session)).status_code == 200
    other = login(participant_of(open_session))
    page = other.get(open_session.get_absolute_url()).content.decode()
    assert "Ana Reyes" in page and "Coaching ideas" in page and "Night shifts" in page


def test_agreement_needs_the_persons_own_full_name(login, open_session, participant_of):
    person = participant_of(open_session, name="Ana Reyes")
    response = login(person).post(
        reverse("groundrules:agree", args=[open_session.pk]), {"typed_name": "A. Reyes"}
    )
    assert response.status_code == 200
    assert "Type your full name" in response.content.decode()
    assert not person.agreements.exists()


def test_facilitator_and_counsel_are_admitted_without_buy_in(login, open_session):
    counsel = MembershipFactory(session=open_session, role="counsel", company=None).user
    assert login(open_session.created_by).get(_room(open_session)).status_code == 200
    assert login(counsel).get(_room(open_session)).status_code == 200


def test_outsiders_get_404_everywhere(login, open_session):
    client = login(UserFactory())
    for name in ("room", "buy_in", "readiness", "invitations"):
        assert client.get(reverse(f"sessions:{name}", args=[open_session.pk])).status_code == 404
    assert client.get(reverse("groundrules:agree", args=[open_session.pk])).status_code == 404
    response = client.post(reverse("groundrules:agree", args=[open_session.pk]), {"typed_name": "x"})
    assert response.status_code == 404


def test_participants_do_not_see_readiness(login, open_session, participant_of):
    assert (
        login(participant_of(open_session))
        .get(reverse("sessions:readiness", args=[open_session.pk]))
        .status_code
        == 403
    )


def test_rule_change_sends_everyone_back_to_agree(login, open_session, participant_of):
    from groundrules.selectors import ruleset_current
    from groundrules.services import RuleDraft, ruleset_revise

    person = participant_of(open_session, name="Ana Reyes")
    client = login(person)
    client.post(
        reverse("sessions:buy_in", args=[open_session.pk]), {"willing": "on", "hopes": "a", "strength": "b"}
    )
    agreement_accept(session=open_session, user=person, typed_name="Ana Reyes")
    assert room_admission(session=open_session, user=person).admitted

    current = ruleset_current(session=open_session)
    rules = [
        RuleDraft(slug=r.slug, title=r.title, description=r.description, watch_phrases=tuple(r.watch_phrases))
        for r in current.rules.all()
    ]
    rules.append(RuleDraft(title="No headcount talk", watch_phrases=("headcount", "FTEs")))
    new = ruleset_revise(
        session=open_session, by=open_session.created_by, antitrust_statement="Be careful.", rules=rules
    )
    assert new.number == current.number + 1
    response = client.get(_room(open_session))
    assert response.url == reverse("groundrules:agree", args=[open_session.pk])
    agreement_accept(session=open_session, user=person, typed_name="Ana Reyes")
    assert client.get(_room(open_session)).status_code == 200
    # Both agreements stay on record.
    assert [a.version.number for a in person.agreements.order_by("agreed_at")] == [1, 2]


def test_readiness_shows_each_company_and_flags_those_with_nobody_ready(login, open_session, participant_of):
    acme, bolt = open_session.companies.order_by("name")
    ready = participant_of(open_session, name="Ana Reyes")
    login(ready).post(
        reverse("sessions:buy_in", args=[open_session.pk]), {"willing": "on", "hopes": "a", "strength": "b"}
    )
    agreement_accept(session=open_session, user=ready, typed_name="Ana Reyes")
    MembershipFactory(session=open_session, company=bolt, user=UserFactory(company=bolt, name="Ben Okafor"))
    response = login(open_session.created_by).get(reverse("sessions:readiness", args=[open_session.pk]))
    rows = {row.company: row for row in response.context["rows"]}
    assert (rows[acme.name].joined, rows[acme.name].ready) == (1, 1)
    assert (rows[bolt.name].joined, rows[bolt.name].bought_in, rows[bolt.name].ready) == (1, 0, 0)
    page = response.content.decode()
    assert "nobody ready" in page and "Ben Okafor (no buy-in)" in page
    assert "Ana Reyes" in page  # in the agreements record


def test_facilitator_removes_a_participant_who_then_cannot_enter(login, open_session, participant_of):
    person = participant_of(open_session)
    client = login(open_session.created_by)
    url = reverse("sessions:member_remove", args=[open_session.pk, person.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not Membership.objects.filter(session=open_session, user=person).exists()
    assert login(person).get(_room(open_session)).status_code == 404


def test_participants_cannot_remove_anyone(login, open_session, participant_of):
    person, other = participant_of(open_session), participant_of(open_session)
    response = login(person).post(reverse("sessions:member_remove", args=[open_session.pk, other.pk]))
    assert response.status_code == 403
    assert Membership.objects.filter(session=open_session, user=other).exists()
