"""Inviting people (facilitator side) and following an invitation link (invitee side)."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from thinktank.accounts.models import User

from ..access import Act, session_access
from ..forms import InvitationForm, PasteInvitationsForm, add_service_errors
from ..models import Invitation, Role
from ..services import invitations as invitation_services
from ..services.invitations import InvitationError


@login_required
def invitations(request: HttpRequest, session_id: int) -> HttpResponse:
    """The facilitator's invitation page: invite one person, paste a list, resend or revoke."""
    session = session_access(session_id=session_id, user=request.user, act=Act.INVITE).session
    single = InvitationForm(session=session)
    paste = PasteInvitationsForm()
    problems = []
    if request.method == "POST" and "send_planned" in request.POST:
        result = invitation_services.invitations_send_planned(session=session, by=request.user)
        if result.created:
            messages.success(request, f"{len(result.created)} planned invitation(s) sent.")
        for problem in result.problems:
            messages.error(request, f"{problem.line}: {problem.message}")
        return redirect("sessions:invitations", session_id=session.pk)
    if request.method == "POST" and "people" in request.POST:
        paste = PasteInvitationsForm(request.POST)
        if paste.is_valid():
            try:
                result = invitation_services.invitations_create_from_text(
                    session=session, by=request.user, text=paste.cleaned_data["people"]
                )
            except ValidationError as error:
                paste.add_error("people", error)
            else:
                problems = result.problems
                if result.created:
                    messages.success(request, f"{len(result.created)} invitation(s) sent.")
                if not problems:
                    return redirect("sessions:invitations", session_id=session.pk)
                # Keep only the lines that need fixing in the box.
                paste = PasteInvitationsForm(initial={"people": "\n".join(p.line for p in problems)})
    elif request.method == "POST":
        single = InvitationForm(request.POST, session=session)
        if single.is_valid():
            try:
                invitation_services.invitation_create(session=session, by=request.user, **single.cleaned_data)
            except ValidationError as error:
                add_service_errors(single, error)
            else:
                messages.success(request, f"Invitation sent to {single.cleaned_data['email']}.")
                return redirect("sessions:invitations", session_id=session.pk)
    context = {
        "session": session,
        "single": single,
        "paste": paste,
        "problems": problems,
        "invitations": session.invitations.select_related("company").order_by("company__name", "name"),
        "planned_count": session.invitations.filter(planned=True).count(),
    }
    return render(request, "sessions/invitations.html", context)


@require_POST
@login_required
def invitation_resend(request: HttpRequest, session_id: int, invitation_id: int) -> HttpResponse:
    invitation = _facilitators_invitation(request, session_id, invitation_id)
    planned = invitation.planned
    try:
        invitation_services.invitation_resend(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"Invitation sent to {invitation.email}."
            if planned
            else f"A new link was sent to {invitation.email}; the old one no longer works.",
        )
    return redirect("sessions:invitations", session_id=session_id)


@require_POST
@login_required
def invitation_revoke(request: HttpRequest, session_id: int, invitation_id: int) -> HttpResponse:
    invitation = _facilitators_invitation(request, session_id, invitation_id)
    planned = invitation.planned
    try:
        invitation_services.invitation_revoke(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"{invitation.email} is no longer planned for this session."
            if planned
            else f"The invitation of {invitation.email} was withdrawn.",
        )
    return redirect("sessions:invitations", session_id=session_id)


def invitation_landing(request: HttpRequest, token: str) -> HttpResponse:
    """Where an invitation link leads. Nothing changes on GET; accepting is a POST."""
    try:
        invitation = invitation_services.invitation_from_token(token=token)
    except InvitationError as error:
        return _invitation_problem(request, error)
    user = request.user
    if user.is_authenticated and user.email.lower() != invitation.email:
        return _invitation_problem(request, InvitationError("wrong_account"), invitation=invitation)
    has_account = user.is_authenticated or User.objects.filter(email__iexact=invitation.email).exists()
    here = reverse("invitation", kwargs={"token": token})
    context = {
        "invitation": invitation,
        "session": invitation.session,
        "has_account": has_account,
        "login_url": f"{reverse('account_login')}?next={here}",
        "code_url": f"{reverse('account_request_login_code')}?next={here}",
        "errors": [],
    }
    if request.method == "POST":
        if user.is_authenticated:
            return _accept(request, token=token, user=user)
        if not has_account:
            return _register(request, token=token, context=context)
    return render(request, "sessions/invitation_landing.html", context)


def _accept(request: HttpRequest, *, token: str, user: User) -> HttpResponse:
    try:
        membership = invitation_services.invitation_accept(token=token, user=user)
    except InvitationError as error:
        return _invitation_problem(request, error)
    messages.success(request, f"Welcome to “{membership.session.title}”.")
    return redirect(_next_step(membership))


def _register(request: HttpRequest, *, token: str, context: dict) -> HttpResponse:
    name = request.POST.get("name", "").strip()
    password = request.POST.get("password", "")
    errors = []
    if not name:
        errors.append("Give your full name.")
    if password:
        try:
            validate_password(password)
        except ValidationError as error:
            errors.extend(error.messages)
    if not errors:
        try:
            user, membership = invitation_services.invitee_register(token=token, name=name, password=password)
        except InvitationError as error:
            return _invitation_problem(request, error)
        except ValidationError as error:
            errors.extend(error.messages)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome to “{membership.session.title}”.")
            return redirect(_next_step(membership))
    context.update(errors=errors, name=name)
    return render(request, "sessions/invitation_landing.html", context, status=400)


def _next_step(membership) -> str:
    if membership.role == Role.PARTICIPANT:
        return reverse("sessions:buy_in", kwargs={"session_id": membership.session_id})
    return membership.session.get_absolute_url()


def _invitation_problem(request: HttpRequest, error: InvitationError, invitation=None) -> HttpResponse:
    status = 404 if error.code == "invalid" else 410 if error.code in {"used", "expired", "revoked"} else 403
    context = {"error": error, "invitation": invitation}
    return render(request, "sessions/invitation_problem.html", context, status=status)


def _facilitators_invitation(request: HttpRequest, session_id: int, invitation_id: int) -> Invitation:
    session = session_access(session_id=session_id, user=request.user, act=Act.INVITE).session
    return get_object_or_404(Invitation, pk=invitation_id, session=session)
