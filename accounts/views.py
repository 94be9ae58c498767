"""Portal pages of the accounts app: registration, team, invitations."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from accounts import selectors, services
from accounts.forms import InvitationAcceptForm, InvitationForm, RegistrationForm
from accounts.ratelimits import RateLimited, limit_client, limit_email
from companies.roles import can, role_required


def _forbidden(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "accounts/forbidden.html", {}, status=403)


def company_admin_required(view):
    """Signed in as an administrator of a company, or a 403 page."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can(request.user, "manage_team"):
            return _forbidden(request)
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return _forbidden(request)

    wrapper.role_actions = {"get": "manage_team", "post": "manage_team"}
    return wrapper


def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST":
        # The API's `register` rate, per client address and per email, shared with it.
        try:
            limit_client(scope="register", request=request)
            form.is_valid()  # any well-formed email counts, whatever else is wrong
            if form.cleaned_data.get("email"):
                limit_email(scope="register", email=form.cleaned_data["email"], request=request)
        except RateLimited as error:
            form.add_error(None, str(error))
            return TemplateResponse(request, "accounts/register.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.company_register(
                email=data["email"],
                password=data["password"],
                full_name=data["full_name"],
                company_name=data["company_name"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # The same page whether the email was new or taken (services.company_register).
            return redirect("accounts:register_done")
    return TemplateResponse(request, "accounts/register.html", {"form": form})


def register_done(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "accounts/register_done.html", {"message": services.REGISTRATION_ANSWER})


def _team_context(request: HttpRequest, **extra) -> dict:
    company = request.user.company
    context = {
        "members": selectors.team_members(company=company),
        "can_manage": can(request.user, "manage_team"),
        "invitations": [],
        "invite_form": None,
        "issued": None,
    }
    if context["can_manage"]:
        context["invitations"] = selectors.pending_invitations(company=company)
        context["invite_form"] = InvitationForm()
    context.update(extra)
    return context


@role_required("read")
def team(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "accounts/team.html", _team_context(request))


@company_admin_required
@require_POST
def invitation_create(request: HttpRequest) -> HttpResponse:
    form = InvitationForm(request.POST)
    issued = None
    if form.is_valid():
        try:
            issued = services.invitation_create(
                invited_by=request.user, email=form.cleaned_data["email"], role=form.cleaned_data["role"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = InvitationForm()
    # Rendered, not redirected: the link exists only in this response (it is never stored).
    template = "accounts/team.html"
    if request.htmx:
        template += "#team-admin"
    return TemplateResponse(
        request,
        template,
        _team_context(request, invite_form=form, issued=issued),
        status=201 if issued else 200,
    )


@company_admin_required
@require_POST
def invitation_revoke(request: HttpRequest, pk) -> HttpResponse:
    invitation = selectors.invitation_get(company=request.user.company, pk=pk)
    services.invitation_revoke(invitation=invitation, revoked_by=request.user)
    messages.success(request, f"The invitation for {invitation.email} was revoked.")
    return redirect("accounts:team")


def _set_active(request: HttpRequest, pk, *, active: bool) -> HttpResponse:
    member = selectors.team_member_get(company=request.user.company, pk=pk)
    try:
        services.user_set_active(user=member, active=active, changed_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        state = "reactivated" if active else "deactivated"
        messages.success(request, f"{member} was {state}.")
    return redirect("accounts:team")


@company_admin_required
@require_POST
def user_deactivate(request: HttpRequest, pk) -> HttpResponse:
    return _set_active(request, pk, active=False)


@company_admin_required
@require_POST
def user_reactivate(request: HttpRequest, pk) -> HttpResponse:
    return _set_active(request, pk, active=True)


def _unusable(request: HttpRequest, status: str) -> HttpResponse:
    error = services.InvitationUnusable(status)
    return TemplateResponse(
        request,
        "accounts/invitation_unusable.html",
        {"message": str(error)},
        status=404 if status == "unknown" else 410,
    )


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.invitation_for_token(token=token)
    if invitation is None or not invitation.is_usable:
        return _unusable(request, "unknown" if invitation is None else invitation.status)
    form = InvitationAcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                token=token, full_name=form.cleaned_data["full_name"], password=form.cleaned_data["password"]
            )
        except services.InvitationUnusable as error:
            return _unusable(request, error.status)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome to {user.company.name}.")
            return redirect("dashboard")
    return TemplateResponse(request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's view; the emailed link starts with SITE_URL like invitation links do,
    rather than with whatever Host header the request carried."""

    def post(self, request, *args, **kwargs):
        # Per client address and per target email: nobody floods an inbox with resets.
        form = self.get_form()
        try:
            limit_client(scope="password_reset", request=request)
            if form.is_valid():
                limit_email(scope="password_reset", email=form.cleaned_data["email"], request=request)
        except RateLimited as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return self.form_valid(form) if form.is_valid() else self.form_invalid(form)

    def form_valid(self, form):
        self.extra_email_context = {"site_url": settings.SITE_URL}
        return super().form_valid(form)
