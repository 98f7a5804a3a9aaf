"""An invited leader follows the link from the email, signs up, gives buy-in, agrees, reaches the lobby."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from sessions.models import Membership

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_invited_participant_reaches_the_lobby(new_page, open_session, password):
    facilitator_page = new_page()
    sign_in(facilitator_page, open_session.created_by.email, password)
    facilitator_page.goto(f"/sessions/{open_session.pk}/invitations/")
    facilitator_page.get_by_label("Paste a list").fill(
        "Ana Reyes, ana@acme.example, Acme Contact\nBen Okafor, ben@bolt.example, Nowhere Inc"
    )
    facilitator_page.get_by_role("button", name="Send invitations").click()
    expect(facilitator_page.get_by_test_id("paste-problems")).to_contain_text("Line 2")
    expect(facilitator_page.get_by_role("table")).to_contain_text("ana@acme.example")

    invitation_email = next(m for m in mail.outbox if "ana@acme.example" in m.to[0])
    link = re.search(r"https?://\S+/invitations/\S+", invitation_email.body).group(0)
    path = link[link.index("/invitations/") :]

    page = new_page()
    page.goto(path)
    expect(page.get_by_role("heading", name="You are invited")).to_be_visible()
    page.get_by_label("Full name").fill("Ana Reyes")
    page.get_by_role("button", name="Create account and accept").click()

    expect(page.get_by_role("heading", name="Your buy-in")).to_be_visible()
    page.get_by_label("What I hope to gain").fill("New ways to coach under pressure")
    page.get_by_label("The strength I bring").fill("A peer-coaching circle")
    page.get_by_role("button", name="Give my buy-in").click()
    expect(page.get_by_text("Taking part means being willing to speak candidly")).to_be_visible()
    page.get_by_label("Yes, I am willing").check()
    page.get_by_role("button", name="Give my buy-in").click()

    expect(page.get_by_role("heading", name=re.compile("Ground rules"))).to_be_visible()
    page.get_by_label("Type your full name to agree").fill("Ana Reyes")
    page.get_by_role("button", name="I agree").click()

    expect(page.get_by_test_id("lobby")).to_be_visible()
    membership = Membership.objects.get(session=open_session, user__email="ana@acme.example")
    assert membership.bought_in_at is not None

    facilitator_page.goto(f"/sessions/{open_session.pk}/readiness/")
    expect(facilitator_page.get_by_test_id("agreements")).to_contain_text("Ana Reyes")
