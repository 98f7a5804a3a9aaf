"""A participant's way to the room: buy-in, then the room's gate; the facilitator's readiness view."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from groundrules.selectors import agreements_record, ruleset_current
from thinktank.accounts.models import User

from .. import selectors
from ..access import Act, NotAdmitted, session_access
from ..forms import BuyInForm, add_service_errors
from ..services.participation import buy_in_give
from ..services.room import RoomError, membership_remove

STEP_URLS = {"buy_in": "sessions:buy_in", "agreement": "groundrules:agree"}
STEP_MESSAGES = {
    "buy_in": "Before entering the room, tell us you are willing to speak candidly.",
    "agreement": "Before entering the room, read and agree to the current ground rules.",
}


@login_required
def buy_in(request: HttpRequest, session_id: int) -> HttpResponse:
    access = session_access(session_id=session_id, user=request.user, act=Act.GIVE_BUY_IN)
    session, membership = access.session, access.membership
    initial = {
        "willing": membership.bought_in_at is not None,
        "hopes": membership.hopes,
        "strength": membership.strength,
    }
    form = BuyInForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            buy_in_give(session=session, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Thank you for your buy-in.")
            return redirect("sessions:room", session_id=session.pk)
    return render(
        request, "sessions/buy_in.html", {"session": session, "form": form, "membership": membership}
    )


@login_required
def room(request: HttpRequest, session_id: int) -> HttpResponse:
    """The live room's door: everyone who is missing a step is sent to it."""
    try:
        access = session_access(session_id=session_id, user=request.user, act=Act.ENTER_ROOM)
    except NotAdmitted as refusal:
        messages.info(request, STEP_MESSAGES[refusal.missing])
        return redirect(reverse(STEP_URLS[refusal.missing], kwargs={"session_id": session_id}))
    session = access.session
    context = {
        "session": session,
        "admission": access,
        "rules": ruleset_current(session=session),
        "questions": session.questions.all(),
        "companies": selectors.members_by_company(session=session),
    }
    return render(request, "sessions/room.html", context)


@login_required
def readiness(request: HttpRequest, session_id: int) -> HttpResponse:
    """Facilitators and counsel: buy-in and agreement by company, and the agreements record."""
    access = session_access(session_id=session_id, user=request.user, act=Act.SEE_READINESS)
    session = access.session
    context = {
        "session": session,
        "rows": selectors.readiness_by_company(session=session),
        "current": ruleset_current(session=session),
        "agreements": agreements_record(session=session),
        "is_facilitator": access.is_facilitator,
    }
    return render(request, "sessions/readiness.html", context)


@require_POST
@login_required
def member_remove(request: HttpRequest, session_id: int, user_id: int) -> HttpResponse:
    """A facilitator removes someone from the session; their live-room sockets close at once."""
    session = session_access(session_id=session_id, user=request.user, act=Act.REMOVE_MEMBER).session
    person = get_object_or_404(User, pk=user_id, memberships__session=session)
    try:
        membership_remove(session=session, by=request.user, user=person)
    except RoomError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{person.name} no longer takes part in this session.")
    return redirect("sessions:readiness", session_id=session.pk)
