"""`Authorization: Api-Key <key>` for every API endpoint, beside JWT."""

from __future__ import annotations

from typing import Any

from rest_framework import authentication, exceptions

from integrations.keys import api_key_check

KEYWORD = "Api-Key"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """A key acts for the administrator who created it, within the key's scope.

    The principal is that user with the key attached (`user.api_key`):
    companies.roles.can and RolePermission read it, so the one role table and
    the one tenancy mechanism apply unchanged. A key whose creator is
    deactivated stops working with them.
    """

    def authenticate(self, request: Any) -> tuple[Any, Any] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        keyword, _, key = header.partition(" ")
        if keyword.lower() != KEYWORD.lower():
            return None
        api_key = api_key_check(key.strip())
        if api_key is None:
            raise exceptions.AuthenticationFailed("Unknown or revoked API key.")
        user: Any = api_key.created_by
        if not user.is_active or user.company_id != api_key.company_id:
            raise exceptions.AuthenticationFailed("This API key's owner can no longer act for the company.")
        user.api_key = api_key
        return (user, api_key)

    def authenticate_header(self, request: Any) -> str:
        return KEYWORD
