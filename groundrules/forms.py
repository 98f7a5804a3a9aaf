from django import forms

from .services import RuleDraft


class AgreementForm(forms.Form):
    typed_name = forms.CharField(
        label="Type your full name to agree",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class RuleSetForm(forms.Form):
    antitrust_statement = forms.CharField(
        label="Antitrust statement", widget=forms.Textarea(attrs={"rows": 6})
    )


class RuleForm(forms.Form):
    slug = forms.CharField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label="Rule", max_length=120)
    description = forms.CharField(
        label="What it covers", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    watch_phrases = forms.CharField(
        label="Words or phrases to watch for",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One per line. An idea containing one is held for a moderator.",
    )
    builtin = forms.BooleanField(
        label="Also use ThinkTank's built-in screen for this rule", required=False, initial=True
    )

    def draft(self) -> RuleDraft:
        data = self.cleaned_data
        phrases = tuple(line.strip() for line in data["watch_phrases"].splitlines() if line.strip())
        return RuleDraft(
            slug=data["slug"],
            title=data["title"],
            description=data["description"],
            watch_phrases=phrases,
            builtin=data["builtin"],
        )


RuleFormSet = forms.formset_factory(RuleForm, extra=1, can_delete=True, max_num=30, validate_max=True)


def rules_initial(version) -> list[dict]:
    return [
        {
            "slug": rule.slug,
            "title": rule.title,
            "description": rule.description,
            "watch_phrases": "\n".join(rule.watch_phrases),
            "builtin": rule.builtin,
        }
        for rule in version.rules.all()
    ]


def rule_drafts(formset) -> list[RuleDraft]:
    return [
        form.draft()
        for form in formset.forms
        if form.has_changed() or form.cleaned_data.get("slug")
        if form.cleaned_data.get("title") and not formset._should_delete_form(form)
    ]
