"""Signup with mandatory email verification, login, logout and password reset through allauth."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from thinktank.accounts.models import User

pytestmark = pytest.mark.django_db


def _link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_signup_requires_full_name(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "nina@example.com", "password1": "a-long-passphrase-1", "password2": "a-long-passphrase-1"},
    )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert not User.objects.filter(email="nina@example.com").exists()


def test_signup_sends_verification_link_that_signs_the_person_in(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "Nina@Example.com",
            "name": "Nina Novak",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email__iexact="nina@example.com")
    assert user.name == "Nina Novak"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nina@example.com"] or mail.outbox[0].to == ["Nina@Example.com"]

    confirm_url = _link_in(mail.outbox[0])
    assert client.get(confirm_url).status_code == 200
    response = client.post(confirm_url)
    assert response.status_code == 302
    assert user.emailaddress_set.get().verified
    assert client.get(reverse("sessions:mine")).status_code == 200


def test_login_before_verification_is_refused_until_the_link_is_followed(client):
    client.post(
        reverse("account_signup"),
        {
            "email": "omar@example.com",
            "name": "Omar",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
        },
    )
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "omar@example.com", "password": "a-long-passphrase-1"}
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert client.get(reverse("sessions:mine")).status_code == 302


def test_verified_user_logs_in_and_out(client, user, password):
    response = client.post(reverse("account_login"), {"login": user.email, "password": password})
    assert response.status_code == 302
    assert client.get(reverse("sessions:mine")).status_code == 200
    client.post(reverse("account_logout"))
    assert client.get(reverse("sessions:mine")).status_code == 302


def test_wrong_password_is_refused_with_a_message(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": "not-it"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_password_reset_by_emailed_link(client, user):
    client.post(reverse("account_reset_password"), {"email": user.email})
    assert len(mail.outbox) == 1
    reset_url = _link_in(mail.outbox[0])
    response = client.get(reset_url, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else reset_url
    response = client.post(
        form_url, {"password1": "brand-new-passphrase-2", "password2": "brand-new-passphrase-2"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("brand-new-passphrase-2")
