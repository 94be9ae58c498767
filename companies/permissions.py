"""The DRF side of companies.roles (a module of its own: DRF imports it from settings,
before its views exist, so it must not import viewsets)."""

from __future__ import annotations

from rest_framework import permissions

from companies.roles import ACTIONS, can


class RolePermission(permissions.BasePermission):
    """The API side of companies.roles: every authenticated endpoint names its action.

    A view declares `role_actions`, a dict from a viewset action (`list`,
    `retrieve`, `revoke`...) or an HTTP method (`get`, `post`...) to an action of
    the table; `"feedback.post"` overrides one method of a viewset action. A
    request the view did not name is refused (fail closed), so a new endpoint
    that forgets to say who may use it answers 403 to everyone, and the role
    matrix test names it.
    """

    message = "Your role does not allow this."

    @staticmethod
    def action_for(request, view) -> str | None:
        table = getattr(view, "role_actions", None) or {}
        method = request.method.lower()
        if method == "head":
            method = "get"
        name = getattr(view, "action", None)
        if name == "metadata":  # OPTIONS describes the endpoint: reading
            return "read"
        for key in (f"{name}.{method}", name, method):
            if key and key in table:
                return table[key]
        return None

    def has_permission(self, request, view):
        action = self.action_for(request, view)
        if action is None:
            return False
        if not can(request.user, action):
            self.message = f"Your role does not allow you to {ACTIONS[action][1]}."
            api_key = getattr(request.user, "api_key", None)
            if api_key is not None and not api_key.permits(action=action):
                self.message = "This API key's scope does not allow this."
            return False
        # An API key may also be limited to some resources (the API's collections).
        api_key = getattr(request.user, "api_key", None)
        if api_key is not None and not api_key.permits(action=action, path=request.path_info):
            self.message = "This API key's scope does not cover this resource."
            return False
        return True
