"""Counsel's doors: approving the agenda, and putting the session under a legal hold (or releasing
it). Thin: the services decide (sessions.services.agenda, .retention)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from ..access import Act, session_access
from ..forms import LegalHoldForm
from ..services.agenda import agenda_approve
from ..services.retention import legal_hold_set


@require_POST
@login_required
def agenda_approval(request: HttpRequest, session_id: int) -> HttpResponse:
    session = session_access(session_id=session_id, user=request.user, act=Act.APPROVE_AGENDA).session
    try:
        agenda_approve(session=session, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, "You approved the agenda as it stands; any change needs your approval again."
        )
    return redirect(session)


@require_POST
@login_required
def legal_hold(request: HttpRequest, session_id: int) -> HttpResponse:
    session = session_access(session_id=session_id, user=request.user, act=Act.SET_LEGAL_HOLD).session
    form = LegalHoldForm(request.POST)
    on = request.POST.get("action") == "set"
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.get("reason", ["Check the reason."]))
        legal_hold_set(session=session, by=request.user, on=on, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, "Legal hold set: nothing of this session is deleted." if on else "Legal hold released."
        )
    return redirect(session)
