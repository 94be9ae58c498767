"""API tokens that can be revoked.

Two mechanisms, each for what it does best:

- simplejwt's blacklist revokes one refresh token: logout, and the old token
  after each rotation.
- `User.token_version`, copied into every token as the `ver` claim, revokes
  everything a user holds at once: a new password or a deactivation bumps it, and
  access and refresh tokens carrying an older version are refused. It also covers
  tokens issued before the blacklist existed (they carry no claim: version 0).
"""

from __future__ import annotations

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed
from rest_framework_simplejwt.tokens import RefreshToken

VERSION_CLAIM = "ver"


def refresh_token_for(user) -> RefreshToken:
    """A refresh token (its access token copies the claims) bound to the user's token version."""
    token = RefreshToken.for_user(user)
    token[VERSION_CLAIM] = user.token_version
    return token


def check_token_version(token, user) -> None:
    if token.get(VERSION_CLAIM, 0) != user.token_version:
        raise AuthenticationFailed("This token was revoked. Sign in again.", code="token_revoked")


class RevocableJWTAuthentication(JWTAuthentication):
    def get_user(self, validated_token):
        user = super().get_user(validated_token)
        check_token_version(validated_token, user)
        return user


class RevocableJWTScheme(SimpleJWTScheme):
    """The OpenAPI description of simplejwt's bearer scheme, for this subclass."""

    target_class = "accounts.authentication.RevocableJWTAuthentication"
