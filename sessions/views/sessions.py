"""Session pages. Views parse input and call one service; permission checks live in selectors
and services so every door (page, websocket, command, task) shares them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .. import selectors
from ..access import Act, session_access
from ..forms import AgendaFormSet, LegalHoldForm, SessionForm, add_service_errors, agenda_initial
from ..services import sessions as session_services
from ..services.agenda import agenda_approval, session_has_counsel

BLANK_AGENDA_ROWS = 3


@login_required
def my_sessions(request: HttpRequest) -> HttpResponse:
    sessions = selectors.sessions_for_user(user=request.user)
    return render(request, "sessions/my_sessions.html", {"sessions": sessions})


@login_required
def session_create(request: HttpRequest) -> HttpResponse:
    form = SessionForm(request.POST or None)
    agenda = AgendaFormSet(
        request.POST or None,
        prefix="agenda",
        initial=[{"ORDER": n} for n in range(1, BLANK_AGENDA_ROWS + 1)],
    )
    if request.method == "POST" and form.is_valid() and agenda.is_valid():
        try:
            session = session_services.session_create(facilitator=request.user, **_details(form, agenda))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Session created as a draft. Only you can see it until you open it.")
            return redirect(session)
    return render(request, "sessions/session_form.html", {"form": form, "agenda": agenda, "session": None})


@login_required
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    access = session_access(session_id=session_id, user=request.user, act=Act.VIEW)
    session = access.session
    context = {
        "session": session,
        "membership": access.membership,
        "is_facilitator": access.is_facilitator,
        "questions": session.questions.all(),
        "companies": selectors.members_by_company(session=session),
        "editable": session.state in session_services.EDITABLE_STATES,
        "is_moderator": access.is_moderator,
        "admission": selectors.room_admission(session=session, user=request.user),
        "has_counsel": session_has_counsel(session=session),
        "agenda_approval": agenda_approval(session=session),
        "is_counsel": access.role == "counsel",
        "hold_form": LegalHoldForm(),
        "has_commitments": session.carried_commitments.exists(),
        "planned_count": session.invitations.filter(planned=True).count() if access.is_facilitator else 0,
    }
    return render(request, "sessions/session_detail.html", context)


@login_required
def session_edit(request: HttpRequest, session_id: int) -> HttpResponse:
    session = session_access(session_id=session_id, user=request.user, act=Act.EDIT).session
    if session.state not in session_services.EDITABLE_STATES:
        messages.error(request, "This session has started; its details and agenda can no longer change.")
        return redirect(session)
    form = SessionForm(request.POST or None, initial=SessionForm.initial_for(session))
    agenda = AgendaFormSet(request.POST or None, prefix="agenda", initial=agenda_initial(session))
    if request.method == "POST" and form.is_valid() and agenda.is_valid():
        try:
            session_services.session_update(session=session, by=request.user, **_details(form, agenda))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Session saved.")
            return redirect(session)
    return render(request, "sessions/session_form.html", {"form": form, "agenda": agenda, "session": session})


@require_POST
@login_required
def session_open(request: HttpRequest, session_id: int) -> HttpResponse:
    session = session_access(session_id=session_id, user=request.user, act=Act.EDIT).session
    try:
        session_services.session_open(session=session, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The session is open: participants can now be invited.")
    return redirect(session)


def _details(form: SessionForm, agenda: AgendaFormSet) -> dict:
    data = form.cleaned_data
    companies = list(data["companies"]) + session_services.companies_get_or_create(
        names=form.new_company_names()
    )
    return {
        "title": data["title"],
        "purpose": data["purpose"],
        "starts_at": data["starts_at"],
        "ends_at": data["ends_at"],
        "timezone": data["timezone"],
        "companies": companies,
        "questions": agenda.questions(),
        "require_counsel_present": data["require_counsel_present"],
        "minutes_unattributed": data["minutes_unattributed"],
        "share_screen_decisions": data["share_screen_decisions"],
    }
