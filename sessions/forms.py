"""Forms validate shape; the services validate meaning."""

import zoneinfo
from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError

from thinktank.accounts.models import Company

from .models import Session
from .services.sessions import MAX_QUESTIONS, QuestionDraft

TIMEZONE_CHOICES = [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]
LOCAL_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SessionForm(forms.Form):
    title = forms.CharField(max_length=200)
    purpose = forms.CharField(
        label="Purpose (the shared vision)",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why these companies meet: the vision that is bigger than any one of them.",
    )
    starts_at = forms.DateTimeField(label="Starts", widget=LOCAL_INPUT)
    ends_at = forms.DateTimeField(label="Ends", widget=LOCAL_INPUT)
    timezone = forms.ChoiceField(label="Time zone", choices=TIMEZONE_CHOICES, initial="UTC")
    companies = forms.ModelMultipleChoiceField(
        label="Participating companies",
        queryset=Company.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "tt-checkboxes"}),
    )
    new_companies = forms.CharField(
        label="Add companies",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Names of companies not listed above, one per line.",
    )
    require_counsel_present = forms.BooleanField(
        label="Counsel must be in the room for the session to start",
        required=False,
        initial=True,
        help_text="Applies when the session has counsel.",
    )
    share_screen_decisions = forms.BooleanField(
        label="Share the moderators' decisions (without names) to improve the ground-rule screen",
        required=False,
    )
    minutes_unattributed = forms.BooleanField(
        label="The minutes name no authors",
        required=False,
        help_text="Ideas appear in the minutes without who posted them (anonymous ideas never are attributed).",
    )

    @classmethod
    def initial_for(cls, session: Session) -> dict:
        zone = session.zone
        return {
            "title": session.title,
            "purpose": session.purpose,
            "starts_at": session.starts_at.astimezone(zone).replace(tzinfo=None),
            "ends_at": session.ends_at.astimezone(zone).replace(tzinfo=None),
            "timezone": session.timezone,
            "companies": list(session.companies.all()),
            "require_counsel_present": session.require_counsel_present,
            "minutes_unattributed": session.minutes_unattributed,
            "share_screen_decisions": session.share_screen_decisions,
        }

    def clean(self):
        data = super().clean()
        zone_name = data.get("timezone")
        if zone_name and data.get("starts_at") and data.get("ends_at"):
            # The browser sends wall-clock times; they mean the session's own time zone.
            zone = zoneinfo.ZoneInfo(zone_name)
            data["starts_at"] = _as_zone(data["starts_at"], zone)
            data["ends_at"] = _as_zone(data["ends_at"], zone)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("ends_at", "The session must end after it starts.")
        return data

    def new_company_names(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data.get("new_companies", "").splitlines() if line.strip()
        ]


def _as_zone(value: datetime, zone: zoneinfo.ZoneInfo) -> datetime:
    return value.replace(tzinfo=None).replace(tzinfo=zone)


class QuestionForm(forms.Form):
    question_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(label="Question", max_length=300)
    time_box_minutes = forms.IntegerField(
        label="Time box (minutes)", required=False, min_value=1, max_value=480
    )


class BaseAgendaFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.questions():
            raise ValidationError("Add at least one agenda question.")

    def questions(self) -> list[QuestionDraft]:
        """The agenda in the order the facilitator gave it, without deleted or empty rows."""
        rows = [
            form
            for form in self.forms
            if form.has_changed() or form.cleaned_data.get("question_id")
            if not self._should_delete_form(form) and form.cleaned_data.get("text")
        ]
        rows.sort(key=lambda form: (form.cleaned_data.get("ORDER") or 10_000, self.forms.index(form)))
        return [
            QuestionDraft(
                text=form.cleaned_data["text"],
                time_box_minutes=form.cleaned_data.get("time_box_minutes"),
                question_id=form.cleaned_data.get("question_id"),
            )
            for form in rows
        ]


AgendaFormSet = forms.formset_factory(
    QuestionForm,
    formset=BaseAgendaFormSet,
    extra=0,
    can_order=True,
    can_delete=True,
    max_num=MAX_QUESTIONS,
    validate_max=True,
)


def agenda_initial(session: Session) -> list[dict]:
    return [
        {"question_id": q.pk, "text": q.text, "time_box_minutes": q.time_box_minutes, "ORDER": q.position}
        for q in session.questions.all()
    ]


class InvitationForm(forms.Form):
    name = forms.CharField(label="Name", max_length=150)
    email = forms.EmailField(label="Email")
    role = forms.ChoiceField(
        label="Invite as",
        choices=[("participant", "Participant (speaks for a company)"), ("counsel", "Counsel / observer")],
        initial="participant",
        widget=forms.RadioSelect,
    )
    company = forms.ModelChoiceField(label="Company", queryset=Company.objects.none(), required=False)

    def __init__(self, *args, session: Session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = session.companies.all()
        self.fields["company"].help_text = "Required for participants."


class PasteInvitationsForm(forms.Form):
    people = forms.CharField(
        label="Paste a list",
        widget=forms.Textarea(
            attrs={"rows": 6, "placeholder": "Ana Reyes, ana@northwind.example, Northwind Contact"}
        ),
        help_text="One person per line: name, email, company (commas or tabs, e.g. pasted from a spreadsheet).",
    )


class BuyInForm(forms.Form):
    willing = forms.BooleanField(
        label="Yes, I am willing to have candid conversations with leaders of the other companies.",
        required=False,
    )
    hopes = forms.CharField(
        label="What I hope to gain", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )
    strength = forms.CharField(
        label="The strength I bring", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )


class ActionItemForm(forms.Form):
    title = forms.CharField(label="Action", max_length=200)
    details = forms.CharField(label="Details", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ModelChoiceField(label="Owner", queryset=None)
    due_date = forms.DateField(
        label="Due date", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    idea = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, session: Session, **kwargs):
        super().__init__(*args, **kwargs)
        from thinktank.accounts.models import User

        self.fields["owner"].queryset = User.objects.filter(
            memberships__session=session, memberships__role="participant"
        ).order_by("name")
        self.fields["owner"].label_from_instance = lambda user: (
            f"{user.name} ({user.company or 'no company'})"
        )


class DueDateForm(forms.Form):
    due_date = forms.DateField(
        label="New due date", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ProgressReportForm(forms.Form):
    progress = forms.ChoiceField(
        label="Where it stands",
        choices=[("done", "Done"), ("ongoing", "Still on"), ("dropped", "Dropped")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Note (optional)", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class MinutesReviewForm(forms.Form):
    comment = forms.CharField(
        label="Comment for the facilitator", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class MinutesCommentForm(forms.Form):
    text = forms.CharField(
        label="Your comment on the draft", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class LegalHoldForm(forms.Form):
    reason = forms.CharField(
        label="Why (the matter or request)",
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error.messages)
