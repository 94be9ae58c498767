"""Portal forms: they check the shape of input; the rules live in accounts.services."""

from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from accounts.models import Role
from accounts.ratelimits import RateLimited, limit_client
from accounts.services import LoginThrottled, login_authenticate


class ThrottledLoginMixin:
    """AuthenticationForm.clean() with the API's sign-in rules: its per-address request
    rate and the failed-sign-in limit."""

    def clean(self):
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email is not None and password:
            try:
                limit_client(scope="login", request=self.request)
                self.user_cache = login_authenticate(request=self.request, email=email, password=password)
            except (LoginThrottled, RateLimited) as error:
                raise ValidationError(str(error), code="throttled") from error
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Wrong email or password.",
    }


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


class _PasswordConfirmMixin:
    def clean(self):
        cleaned = super().clean()
        password, confirm = cleaned.get("password"), cleaned.get("password_confirm")
        if password and confirm and password != confirm:
            self.add_error("password_confirm", "The two passwords do not match.")
        return cleaned


class RegistrationForm(_PasswordConfirmMixin, forms.Form):
    full_name = forms.CharField(label="Your name", max_length=200)
    email = forms.EmailField(label="Work email", max_length=254)
    company_name = forms.CharField(label="Company name", max_length=200)
    password = forms.CharField(
        label="Password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password_confirm = forms.CharField(
        label="Confirm password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label="Email", max_length=254)
    role = forms.ChoiceField(label="Role", choices=Role.choices, initial=Role.RECRUITER)


class InvitationAcceptForm(_PasswordConfirmMixin, forms.Form):
    # Deliberately no role or email field: both come from the invitation row.
    full_name = forms.CharField(label="Your name", max_length=200)
    password = forms.CharField(
        label="Password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password_confirm = forms.CharField(
        label="Confirm password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
