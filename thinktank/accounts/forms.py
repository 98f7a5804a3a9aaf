from django import forms

from .models import User

EMAIL_MAX_LENGTH = User._meta.get_field("email").max_length


class SignupNameForm(forms.Form):
    """Extra signup fields for allauth (ACCOUNT_SIGNUP_FORM_CLASS): the full name is required.

    allauth's signup form derives from this one, so `clean` sees its email too.
    """

    name = forms.CharField(
        label="Full name", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )

    def clean(self):
        cleaned = super().clean()
        # allauth's field allows 320 characters and would cut a longer address to fit the column.
        if len(cleaned.get("email") or "") > EMAIL_MAX_LENGTH:
            self.add_error("email", f"Use an email address of at most {EMAIL_MAX_LENGTH} characters.")
        return cleaned

    def signup(self, request, user) -> None:
        user.name = self.cleaned_data["name"].strip()
        user.save(update_fields=["name"])
