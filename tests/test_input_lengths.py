"""Names, emails and company names longer than their columns are a form error at every door that
takes them, never a server error, and nothing half-done is left behind."""

from django.urls import reverse

from sessions.models import Invitation, Session
from thinktank.accounts.models import Company, User

LONG_NAME = "N" * 151
LONG_EMAIL = "e" * 250 + "@example.com"  # valid in form, longer than the 254-character column
LONG_COMPANY = "C" * 121


def test_signing_up_with_an_over_long_name_or_email_is_a_form_error(client, db):
    for name, email in ((LONG_NAME, "ok@example.com"), ("Ana Reyes", LONG_EMAIL)):
        response = client.post(
            reverse("account_signup"),
            {
                "email": email,
                "name": name,
                "password1": "a-long-passphrase",
                "password2": "a-long-passphrase",
            },
        )
        assert response.status_code == 200
        assert response.context["form"].errors
    assert not User.objects.exists()


def test_an_over_long_new_company_is_a_form_error_and_creates_no_company(login, facilitator):
    client = login(facilitator)
    response = client.post(
        reverse("sessions:create"),
        {
            "title": "Think tank",
            "purpose": "Better service",
            "starts_at": "2030-01-01T10:00",
            "ends_at": "2030-01-01T12:00",
            "timezone": "UTC",
            "new_companies": f"Fine Company\n{LONG_COMPANY}",
            "agenda-TOTAL_FORMS": "1",
            "agenda-INITIAL_FORMS": "0",
            "agenda-0-text": "How do we coach?",
            "agenda-0-ORDER": "1",
        },
    )
    assert response.status_code == 200
    assert "at most 120 characters" in response.content.decode()
    assert not Company.objects.exists() and not Session.objects.exists()


def test_inviting_someone_with_an_over_long_email_is_a_form_error(login, open_session):
    client = login(open_session.created_by)
    company = open_session.companies.first()
    response = client.post(
        reverse("sessions:invitations", args=[open_session.pk]),
        {
            "action": "one",
            "name": "Ana Reyes",
            "email": LONG_EMAIL,
            "role": "participant",
            "company": company.pk,
        },
    )
    assert response.status_code in (200, 302)
    assert not Invitation.objects.exists()


def test_a_pasted_list_reports_over_long_names_and_emails_by_line(login, open_session):
    client = login(open_session.created_by)
    company = open_session.companies.first().name
    pasted = f"{LONG_NAME}, ana@example.com, {company}\nBen Okafor, {LONG_EMAIL}, {company}\nCara Lind, cara@example.com, {company}"
    response = client.post(
        reverse("sessions:invitations", args=[open_session.pk]), {"action": "paste", "people": pasted}
    )
    assert response.status_code in (200, 302)
    assert list(Invitation.objects.values_list("email", flat=True)) == ["cara@example.com"]


def test_an_invitee_registering_with_an_over_long_name_is_told(client, open_session, invite):
    _, path = invite(open_session, "dana@example.com", name="Dana")
    response = client.post(path, {"name": LONG_NAME, "password": ""})
    assert response.status_code == 400
    assert "150 characters" in response.content.decode()
    assert not User.objects.filter(email="dana@example.com").exists()
