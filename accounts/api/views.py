"""Auth endpoints under /api/v1/auth/: thin views over accounts.services."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import update_last_login
from django.contrib.auth.signals import user_logged_in
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, permissions, status
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView
from rest_framework_simplejwt.views import TokenBlacklistView, TokenRefreshView

from accounts import selectors, services
from accounts.api.serializers import (
    LoginResponseSerializer,
    LoginSerializer,
    LogoutSerializer,
    RefreshSerializer,
    RegisterSerializer,
    RegistrationAnswerSerializer,
    UserSerializer,
)
from accounts.authentication import refresh_token_for
from accounts.ratelimits import RateLimited, limit_email
from companies.tenancy import company_of


class PublicAuthView(APIView):
    """No session or token is read: these endpoints are how a client gets one."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [ScopedRateThrottle]

    def get_authenticate_header(self, request):
        # Wrong credentials answer 401 with a challenge, not DRF's fallback 403.
        return 'Bearer realm="api"'


class RegisterView(PublicAuthView):
    throttle_scope = "register"

    @extend_schema(
        request=RegisterSerializer,
        responses={
            202: RegistrationAnswerSerializer,
            400: OpenApiResponse(description="Field errors"),
            429: OpenApiResponse(description="Too many attempts"),
        },
        summary="Register a company and its first administrator",
        description=(
            "Answers 202 with the same body whether the email is new or already has an "
            "account: a new one gets its company and a welcome email, a taken one's owner a notice."
        ),
        tags=["auth"],
    )
    def post(self, request):
        serializer = RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # The per-address rate is the scoped throttle; the per-email one is shared with the portal.
        try:
            limit_email(scope="register", email=serializer.validated_data["email"], request=request)
        except RateLimited as error:
            raise exceptions.Throttled(wait=error.wait, detail=str(error)) from error
        services.company_register(**serializer.validated_data)
        return Response({"detail": services.REGISTRATION_ANSWER}, status=status.HTTP_202_ACCEPTED)


class LoginView(PublicAuthView):
    throttle_scope = "login"

    @extend_schema(
        request=LoginSerializer,
        responses={
            200: LoginResponseSerializer,
            401: OpenApiResponse(description="Wrong email or password"),
            429: OpenApiResponse(description="Too many attempts"),
        },
        summary="Exchange email and password for JWT access and refresh tokens",
        tags=["auth"],
    )
    def post(self, request):
        serializer = LoginSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            user = services.login_authenticate(request=request, **serializer.validated_data)
        except services.LoginThrottled as error:
            raise exceptions.Throttled(wait=error.retry_after, detail=str(error)) from error
        if user is None:
            raise exceptions.AuthenticationFailed("No active account found with the given credentials.")
        refresh = refresh_token_for(user)
        # Sessions send this from login(); a token sign-in is a sign-in too (the audit log listens).
        user_logged_in.send(sender=type(user), request=request, user=user)
        if settings.SIMPLE_JWT.get("UPDATE_LAST_LOGIN"):
            update_last_login(None, user)
        data = {"access": str(refresh.access_token), "refresh": str(refresh), "user": UserSerializer(user).data}
        return Response(data)


@extend_schema(tags=["auth"], summary="Exchange a refresh token for a new access (and refresh) token")
class RefreshView(TokenRefreshView):
    serializer_class = RefreshSerializer


class LogoutView(TokenBlacklistView):
    """Revokes the given refresh token; the access token dies within its short lifetime."""

    serializer_class = LogoutSerializer

    @extend_schema(
        request=LogoutSerializer,
        responses={205: None, 401: OpenApiResponse(description="Invalid or already revoked token")},
        summary="Sign out: revoke a refresh token",
        tags=["auth"],
    )
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        return Response(status=status.HTTP_205_RESET_CONTENT) if response.status_code == 200 else response


class MeView(generics.RetrieveAPIView):
    serializer_class = UserSerializer
    role_actions = {"get": "read"}

    @extend_schema(summary="The signed-in user with company and role", tags=["auth"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_object(self):
        return self.request.user


class TeamView(generics.ListAPIView):
    serializer_class = UserSerializer
    role_actions = {"get": "read"}

    @extend_schema(summary="Members of the signed-in user's company", tags=["auth"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.team_members(company=company_of(self.request.user)).select_related("company")
