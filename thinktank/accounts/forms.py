from django import forms


class SignupNameForm(forms.Form):
    """Extra signup fields for allauth (ACCOUNT_SIGNUP_FORM_CLASS): the full name is required."""

    name = forms.CharField(
        label="Full name", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )

    def signup(self, request, user) -> None:
        user.name = self.cleaned_data["name"].strip()
        user.save(update_fields=["name"])
