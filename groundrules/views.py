"""Reading and agreeing to a session's ground rules; facilitators edit them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from sessions.access import Act, session_access
from sessions.services.sessions import EDITABLE_STATES

from .forms import AgreementForm, RuleFormSet, RuleSetForm, rule_drafts, rules_initial
from .selectors import agreement_to_current, ruleset_current
from .services import agreement_accept, ruleset_revise


@login_required
def agree(request: HttpRequest, session_id: int) -> HttpResponse:
    access = session_access(session_id=session_id, user=request.user, act=Act.AGREE)
    session = access.session
    version = ruleset_current(session=session)
    agreement = agreement_to_current(session=session, user=request.user)
    form = AgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agreement_accept(session=session, user=request.user, typed_name=form.cleaned_data["typed_name"])
        except ValidationError as error:
            form.add_error("typed_name", error.message_dict.get("typed_name", error.messages))
        else:
            messages.success(request, f"You agreed to version {version.number} of the ground rules.")
            return redirect("sessions:room", session_id=session.pk)
    context = {
        "session": session,
        "version": version,
        "agreement": agreement,
        "form": form,
        "is_facilitator": access.is_facilitator,
        "editable": session.state in EDITABLE_STATES,
    }
    return render(request, "groundrules/agree.html", context)


@login_required
def edit(request: HttpRequest, session_id: int) -> HttpResponse:
    session = session_access(session_id=session_id, user=request.user, act=Act.EDIT).session
    version = ruleset_current(session=session)
    if session.state not in EDITABLE_STATES:
        messages.error(request, "The session has started: its ground rules can no longer change.")
        return redirect("groundrules:agree", session_id=session.pk)
    form = RuleSetForm(request.POST or None, initial={"antitrust_statement": version.antitrust_statement})
    rules = RuleFormSet(request.POST or None, prefix="rules", initial=rules_initial(version))
    if request.method == "POST" and form.is_valid() and rules.is_valid():
        try:
            new = ruleset_revise(
                session=session,
                by=request.user,
                antitrust_statement=form.cleaned_data["antitrust_statement"],
                rules=rule_drafts(rules),
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            if new.pk == version.pk:
                messages.info(request, "Nothing changed.")
            else:
                messages.success(request, f"Saved as version {new.number}: everyone must agree again.")
            return redirect("groundrules:agree", session_id=session.pk)
    return render(request, "groundrules/edit.html", {"session": session, "form": form, "rules": rules})
