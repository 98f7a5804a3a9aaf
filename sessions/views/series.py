"""A series: planning the next session, and the review of the commitments carried into it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .. import selectors
from ..access import Act, session_access
from ..forms import ProgressReportForm
from ..models import CarriedCommitment, ProgressReport
from ..services import series


@require_POST
@login_required
def plan_next(request: HttpRequest, session_id: int) -> HttpResponse:
    session = session_access(session_id=session_id, user=request.user, act=Act.PLAN_NEXT_SESSION).session
    try:
        new = series.session_plan_next(session=session, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(session)
    messages.success(
        request,
        f"The next session is planned as a draft from “{session.title}”. Edit it; nothing has been sent: "
        "invitations go out when you send them from the invitations page, once it is open.",
    )
    return redirect(new)


@login_required
def commitments(request: HttpRequest, session_id: int) -> HttpResponse:
    """The carried commitments: owners report progress, moderators release or decline held notes.
    Who may do which is the services' (and sessions.access's) to say: a refusal is a 403."""
    access = session_access(session_id=session_id, user=request.user, act=Act.VIEW)
    session = access.session
    if request.method == "POST":
        _act(request, session)
        return redirect("sessions:commitments", session_id=session.pk)
    context = {
        "session": session,
        "commitments": selectors.commitments_visible(session=session, user=request.user),
        "is_moderator": access.is_moderator,
        "form": ProgressReportForm(),
        "reporting_open": session.state in series.REPORTING_STATES,
    }
    return render(request, "sessions/commitments.html", context)


def _act(request: HttpRequest, session) -> None:
    try:
        if "report" in request.POST:
            commitment = get_object_or_404(
                CarriedCommitment.objects.select_related("action_item", "session"),
                pk=request.POST.get("report") or 0,
                session=session,
            )
            form = ProgressReportForm(request.POST)
            if not form.is_valid():
                raise ValidationError([f"{field}: {' '.join(errs)}" for field, errs in form.errors.items()])
            report = series.progress_report(
                commitment=commitment,
                by=request.user,
                progress=form.cleaned_data["progress"],
                note=form.cleaned_data["note"],
            )
            if report.screen_state == "held":
                messages.warning(
                    request,
                    "Your report is in, but its note may touch a ground rule: only you and the moderators "
                    "see it until a moderator releases it.",
                )
            else:
                messages.success(
                    request, f"“{commitment.action_item.title}”: {report.get_progress_display()}."
                )
        elif "moderate" in request.POST:
            report = get_object_or_404(
                ProgressReport.objects.select_related("commitment__session"),
                pk=request.POST.get("moderate") or 0,
                commitment__session=session,
            )
            decision = request.POST.get("decision", "")
            series.progress_report_moderate(
                report=report, by=request.user, decision=decision, reason=request.POST.get("reason", "")
            )
            messages.success(request, "Report released." if decision == "release" else "Report declined.")
        else:
            raise ValidationError("Unknown action.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
