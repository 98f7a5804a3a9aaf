"""After the session: the summary with the action items (the collaboration contract), my action
items across sessions, the minutes' review, and unsubscribing from reminders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from thinktank.accounts.models import User

from .. import selectors
from ..access import Act, NotFound, session_access
from ..forms import ActionItemForm, DueDateForm, MinutesCommentForm, MinutesReviewForm, add_service_errors
from ..models import ActionItem, Idea, IdeaStatus, SessionState
from ..services import actions, minutes
from ..services.followups import UNSUBSCRIBE_SALT
from ..summary import session_summary


@login_required
def summary(request: HttpRequest, session_id: int) -> HttpResponse:
    access = session_access(session_id=session_id, user=request.user, act=Act.VIEW)
    session, is_facilitator = access.session, access.is_facilitator
    form = None
    if is_facilitator and session.state not in (SessionState.DRAFT, SessionState.OPEN):
        idea = _idea_from(session, request.GET.get("idea"))
        initial = {"idea": idea.pk, "title": idea.text[:200]} if idea else {}
        form = ActionItemForm(request.POST or None, session=session, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                item = actions.action_item_create(
                    session=session,
                    by=request.user,
                    title=data["title"],
                    details=data["details"],
                    owner=data["owner"],
                    due_date=data["due_date"],
                    idea=_idea_from(session, data["idea"]),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                note = (
                    " It comes from their anonymous idea: only they and the moderators see it until they accept it."
                    if item.owner_only
                    else ""
                )
                messages.success(request, f"Action item proposed to {data['owner'].name}.{note}")
                return redirect("sessions:summary", session_id=session.pk)
    elif request.method == "POST":
        raise PermissionDenied("Only facilitators create action items, once the session has started.")
    commitments = selectors.commitments_visible(session=session, user=request.user)
    context = {
        "session": session,
        "summary": session_summary(session=session, user=request.user),
        "form": form,
        "is_facilitator": is_facilitator,
        "is_moderator": access.is_moderator,
        "minutes_visible": minutes.minutes_visible(session=session, access=access),
        "membership": access.membership,
        "participants": form.fields["owner"].queryset if form else [],
        "commitments": commitments,
        "can_report": any(c.can_report for c in commitments),
    }
    return render(request, "sessions/summary.html", context)


@require_POST
@login_required
def action_item_act(request: HttpRequest, session_id: int, item_id: int) -> HttpResponse:
    session = session_access(session_id=session_id, user=request.user, act=Act.VIEW).session
    item = get_object_or_404(ActionItem, pk=item_id, session=session)
    move = request.POST.get("move", "")
    try:
        if move == "reassign":
            owner = get_object_or_404(User, pk=request.POST.get("owner") or 0)
            actions.action_item_reassign(item=item, by=request.user, owner=owner)
        elif move == "reschedule":
            form = DueDateForm(request.POST)
            if not form.is_valid():
                raise ValidationError("Give the new due date as a date (YYYY-MM-DD), or leave it empty.")
            actions.action_item_reschedule(item=item, by=request.user, due_date=form.cleaned_data["due_date"])
        elif move in ("screen_release", "screen_decline"):
            decision = move.removeprefix("screen_")
            actions.action_item_moderate(
                item=item, by=request.user, decision=decision, reason=request.POST.get("reason", "")
            )
        else:
            actions.action_item_respond(item=item, by=request.user, move=move)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = {
            "accept": "accepted",
            "decline": "declined",
            "complete": "marked done",
            "reassign": "reassigned",
            "reschedule": "due date changed (the owner's calendar is updated by email)",
            "screen_release": "released to everyone",
            "screen_decline": "declined",
        }
        messages.success(request, f"“{item.title}”: {done[move]}.")
    if request.POST.get("next") == "mine":
        return redirect("sessions:my_action_items")
    return redirect("sessions:summary", session_id=session.pk)


@login_required
def my_action_items(request: HttpRequest) -> HttpResponse:
    items = selectors.action_items_of_owner(user=request.user)
    return render(request, "sessions/my_action_items.html", {"items": items})


@login_required
def minutes_page(request: HttpRequest, session_id: int) -> HttpResponse:
    """The minutes' review: the facilitator submits, participants comment on the submitted draft,
    counsel approves or sends it back."""
    access = session_access(session_id=session_id, user=request.user, act=Act.SEE_MINUTES)
    session = access.session
    if not minutes.minutes_visible(session=session, access=access):
        raise NotFound("The minutes are not submitted yet.")
    review = minutes.minutes_review_for(session=session)
    form = MinutesReviewForm(request.POST or None)
    comment_form = MinutesCommentForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "submit":
                minutes.minutes_submit(session=session, by=request.user)
                messages.success(request, "Minutes submitted to counsel; participants can now review them.")
            elif action == "comment" and comment_form.is_valid():
                minutes.minutes_comment_add(
                    session=session, by=request.user, text=comment_form.cleaned_data["text"]
                )
                messages.success(request, "Your comment is with counsel and the facilitators.")
            elif action in ("approve", "return") and form.is_valid():
                minutes.minutes_review(
                    session=session,
                    by=request.user,
                    approve=action == "approve",
                    comment=form.cleaned_data["comment"],
                )
                messages.success(
                    request, "Minutes approved." if action == "approve" else "Minutes sent back."
                )
            else:
                raise ValidationError("Unknown action.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("sessions:minutes", session_id=session.pk)
    record = minutes.minutes_on_record(session=session)
    context = {
        "session": session,
        "review": review,
        "record": record,
        "comments": record.comments.select_related("author") if record else [],
        "form": form,
        "comment_form": comment_form,
        "is_facilitator": access.is_facilitator,
        "is_counsel": access.role == "counsel",
        "is_participant": access.role == "participant",
    }
    return render(request, "sessions/minutes.html", context)


@csrf_exempt  # RFC 8058 one-click: the mail client POSTs with no page and no CSRF token
def reminders_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One link in every reminder: no sign-in needed (the signed token is the proof). GET asks,
    POST does it, from the page or from a mail client's one-click unsubscribe."""
    try:
        user = User.objects.get(pk=signing.loads(token, salt=UNSUBSCRIBE_SALT))
    except (signing.BadSignature, User.DoesNotExist):
        return render(request, "sessions/unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "POST":
        user.reminders_opt_out = True
        user.save(update_fields=["reminders_opt_out"])
        return render(request, "sessions/unsubscribe.html", {"done": True, "person": user})
    return render(request, "sessions/unsubscribe.html", {"person": user})


def _idea_from(session, idea_id) -> Idea | None:
    try:
        return Idea.objects.filter(session=session, pk=int(idea_id), status=IdeaStatus.PUBLISHED).first()
    except (TypeError, ValueError):
        return None
