"""The Content-Security-Policy header on every response.

The portal has no inline script or style by design (htmx comes from a static
file, its indicator styles are off, and `hx-headers` is JSON, not code), so the
strict policy holds everywhere. Swagger UI (`/api/v1/docs/`) is served as split
static files, so it needs nothing more either. A path prefix in
CONTENT_SECURITY_POLICY_OVERRIDES can still get its own policy.
"""

from __future__ import annotations

from django.conf import settings

HEADER = "Content-Security-Policy"


def policy_for(path: str) -> str:
    for prefix, policy in getattr(settings, "CONTENT_SECURITY_POLICY_OVERRIDES", {}).items():
        if path.startswith(prefix):
            return policy
    return settings.CONTENT_SECURITY_POLICY


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if HEADER not in response and settings.CONTENT_SECURITY_POLICY:
            response[HEADER] = policy_for(request.path)
        return response
