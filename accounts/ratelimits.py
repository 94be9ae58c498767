"""Request-rate limits on the public forms, one rule for the portal and the API.

The API's scoped throttles (`login`, `register`, `password_reset` in
REST_FRAMEWORK's DEFAULT_THROTTLE_RATES) count requests per client address. The
portal's forms call the same counters here, under the same cache keys, so a
client gets one allowance whichever door it uses; registration and password
reset also count per target email, so nobody can flood one inbox from many
addresses.
"""

from __future__ import annotations

import hashlib
import math

from rest_framework.throttling import BaseThrottle, SimpleRateThrottle


class RateLimited(Exception):
    def __init__(self, wait: float | None):
        self.wait = math.ceil(wait or 60)
        minutes = max(1, math.ceil(self.wait / 60))
        super().__init__(f"Too many attempts. Please wait {minutes} minute{'s' if minutes != 1 else ''} and try again.")


class _CountedThrottle(SimpleRateThrottle):
    # ScopedRateThrottle's key format: the API's throttle and the portal share a counter.
    cache_format = "throttle_%(scope)s_%(ident)s"

    def __init__(self, *, scope: str, ident: str):
        self.scope = scope
        self.ident = ident
        super().__init__()

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.ident}


def _count(*, scope: str, ident: str, request) -> None:
    throttle = _CountedThrottle(scope=scope, ident=ident)
    # Our throttle keys on scope and ident alone, so it needs no view.
    if not throttle.allow_request(request, None):  # type: ignore[arg-type]
        raise RateLimited(throttle.wait())


def limit_client(*, scope: str, request) -> None:
    """Count one request of this client address (as DRF sees it, NUM_PROXIES honoured)."""
    _count(scope=scope, ident=BaseThrottle().get_ident(request), request=request)


def limit_email(*, scope: str, email: str, request) -> None:
    """Count one request aimed at this email address (stored hashed)."""
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    _count(scope=scope, ident=f"email-{digest}", request=request)
