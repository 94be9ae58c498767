"""One rate limit for everything a shared-link visitor can reach (the page, the
file, the public API): the "shared" rate of settings.REST_FRAMEWORK, per client
address, counted in the cache. Unknown tokens count too, so guessing is slow."""

from __future__ import annotations

import math

from rest_framework.throttling import SimpleRateThrottle


class SharedLinkThrottle(SimpleRateThrottle):
    scope = "shared"

    def get_cache_key(self, request, view):
        # By address even for signed-in visitors: the public surface is one budget.
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def retry_after(request) -> int | None:
    """None when the request may go ahead, else the seconds to wait (for plain Django views)."""
    throttle = SharedLinkThrottle()
    if throttle.allow_request(request, None):
        return None
    return max(1, math.ceil(throttle.wait() or 1))
