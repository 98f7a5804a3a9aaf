"""Invitations: single-use, expiring links bound to one email; resend, revoke, pasted lists."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from sessions.models import Invitation, Membership, Role
from thinktank.accounts.models import User
from thinktank.mail.models import OutboundEmail

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def test_invitation_email_carries_the_agenda_and_a_link(open_session, invite):
    invitation, path = invite(open_session, "ana@northwind.example", name="Ana Reyes")
    message = mail.outbox[-1]
    assert message.to == ["Ana Reyes <ana@northwind.example>"]
    for question in open_session.questions.all():
        assert question.text in message.body
    assert message.alternatives and "Accept the invitation" in message.alternatives[0][0]
    assert path == reverse("invitation", kwargs={"token": invitation.token})


def test_new_person_creates_an_account_without_password_and_joins_their_company(client, open_session, invite):
    invitation, path = invite(open_session, "ana@northwind.example", name="Ana Reyes")
    assert client.get(path).status_code == 200
    response = client.post(path, {"name": "Ana Reyes", "password": ""})
    assert response.status_code == 302
    assert response.url == reverse("sessions:buy_in", kwargs={"session_id": open_session.pk})
    user = User.objects.get(email="ana@northwind.example")
    assert not user.has_usable_password()
    assert user.company == invitation.company
    membership = Membership.objects.get(session=open_session, user=user)
    assert (membership.role, membership.company) == (Role.PARTICIPANT, invitation.company)
    assert user.emailaddress_set.get().verified
    # Signed in, and the link is used up.
    assert client.get(reverse("sessions:buy_in", kwargs={"session_id": open_session.pk})).status_code == 200
    client.logout()
    response = client.get(path)
    assert response.status_code == 410
    assert "already been used" in response.content.decode()


def test_existing_account_signs_in_then_accepts(client, open_session, invite, password):
    person = UserFactory(email="ben@bolt.example")
    _, path = invite(open_session, "ben@bolt.example")
    page = client.get(path).content.decode()
    assert "Email me a sign-in code" in page
    client.force_login(person)
    response = client.post(path)
    assert response.status_code == 302
    assert Membership.objects.filter(session=open_session, user=person, role=Role.PARTICIPANT).exists()


def test_get_never_accepts(client, open_session, invite):
    person = UserFactory(email="ben@bolt.example")
    _, path = invite(open_session, "ben@bolt.example")
    client.force_login(person)
    client.get(path)
    assert not Membership.objects.filter(session=open_session, user=person).exists()


def test_link_opened_while_signed_in_as_someone_else_changes_nothing(client, open_session, invite, user):
    invitation, path = invite(open_session, "ben@bolt.example")
    client.force_login(user)
    for response in (client.get(path), client.post(path)):
        assert response.status_code == 403
        assert "another email address" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not Membership.objects.filter(session=open_session, user=user).exists()


def test_expired_link_is_refused(client, open_session, invite):
    invitation, path = invite(open_session, "ana@northwind.example")
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.post(path, {"name": "Ana"})
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert not User.objects.filter(email="ana@northwind.example").exists()


def test_tampered_link_is_refused(client, open_session, invite):
    _, path = invite(open_session, "ana@northwind.example")
    tampered = path[:-3] + ("x" if path[-3] != "x" else "y") + path[-2:]
    response = client.post(tampered, {"name": "Ana"})
    assert response.status_code == 404
    assert "not valid" in response.content.decode()
    assert not User.objects.filter(email="ana@northwind.example").exists()


def test_revoked_link_is_refused_and_resend_sends_a_new_working_link(client, open_session, invite, login):
    invitation, old_path = invite(open_session, "ana@northwind.example")
    facilitator = login(open_session.created_by)
    facilitator.post(reverse("sessions:invitation_revoke", args=[open_session.pk, invitation.pk]))
    facilitator.logout()
    assert client.get(old_path).status_code == 410

    login(open_session.created_by).post(
        reverse("sessions:invitation_resend", args=[open_session.pk, invitation.pk])
    )
    client.logout()
    # on_commit does not fire inside the test transaction: the row is queued, send it as the worker would.
    from thinktank.mail.services import outbound_email_send

    row = OutboundEmail.objects.get(key=f"invitation:{invitation.pk}:2")
    outbound_email_send(email_id=row.pk)
    new_path = "/invitations/" + mail.outbox[-1].body.split("/invitations/")[1].split()[0]
    assert new_path != old_path
    assert client.get(old_path).status_code in (404, 410)
    assert client.post(new_path, {"name": "Ana"}).status_code == 302


def test_only_facilitators_invite(client, open_session, participant_of, login):
    client = login(participant_of(open_session))
    url = reverse("sessions:invitations", args=[open_session.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, {"name": "X", "email": "x@example.com", "role": "counsel"})
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_inviting_needs_an_open_session(login, draft_session):
    url = reverse("sessions:invitations", args=[draft_session.pk])
    company = draft_session.companies.first()
    response = login(draft_session.created_by).post(
        url, {"name": "Ana", "email": "ana@example.com", "role": "participant", "company": company.pk}
    )
    assert "Open the session" in response.content.decode()
    assert not Invitation.objects.exists()


def test_pasted_list_keeps_good_lines_and_reports_bad_ones(login, open_session):
    open_session.companies.first()
    text = "\n".join(
        [
            "Ana Reyes, ana@acme.example, Acme Contact",
            "no email here, Acme Contact",
            "Ben Okafor, not-an-email, Bolt CX",
            "",
            "Chloe Tanaka\tchloe@bolt.example\tbolt cx",
            "Dev Shah, dev@other.example, Unknown Corp",
            "Ana Again, ANA@acme.example, Acme Contact",
        ]
    )
    response = login(open_session.created_by).post(
        reverse("sessions:invitations", args=[open_session.pk]), {"people": text}
    )
    assert response.status_code == 200
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "ana@acme.example",
        "chloe@bolt.example",
    ]
    problems = [(p.line_number, p.message) for p in response.context["problems"]]
    assert [number for number, _ in problems] == [2, 3, 6, 7]
    assert "three fields" in problems[0][1]
    assert "email" in problems[1][1].lower()
    assert "Unknown Corp" in problems[2][1]
    assert "already invited" in problems[3][1]
    # The box now holds only the lines to fix.
    assert response.context["paste"].initial["people"].count("\n") == 3


def test_counsel_invitation_needs_no_company_and_skips_buy_in(client, open_session, invite):
    _, path = invite(open_session, "counsel@law.example", name="Cora Counsel", role="counsel")
    response = client.post(path, {"name": "Cora Counsel"})
    assert response.url == open_session.get_absolute_url()
    counsel = User.objects.get(email="counsel@law.example")
    assert Membership.objects.get(session=open_session, user=counsel).role == Role.COUNSEL
    assert client.get(reverse("sessions:readiness", args=[open_session.pk])).status_code == 200
    assert client.get(reverse("sessions:room", args=[open_session.pk])).status_code == 200


def test_invitation_email_is_not_sent_when_the_transaction_rolls_back(
    open_session, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from sessions.services.invitations import invitation_create

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                invitation_create(
                    session=open_session,
                    by=open_session.created_by,
                    name="Ana",
                    email="ana@acme.example",
                    company=open_session.companies.first(),
                )
                raise RuntimeError("something later in the same request failed")
        except RuntimeError:
            pass
    assert callbacks == []
    assert mail.outbox == []
    assert not Invitation.objects.exists()
