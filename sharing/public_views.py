"""The public shared-candidate page: no account, no portal navigation, no indexing.

Answers 404 for a token that never existed, 410 for an expired or revoked link,
429 (with Retry-After) past the rate limit.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from resumes.views import original_file_response
from sharing import selectors, services
from sharing.models import ViewKind
from sharing.throttling import retry_after

MESSAGES = {
    404: ("Link not found", "This link does not exist. Check that you copied all of it."),
    410: (
        "Link no longer available",
        "This link has expired or was withdrawn. Ask the person who sent it for a new one.",
    ),
    429: ("Too many requests", "Please wait a moment and try again."),
}


def private_headers(response: HttpResponse) -> HttpResponse:
    """Keep shared pages out of search engines, referrers and shared caches."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store, private"
    return response


def _message(request, status: int, wait: int | None = None) -> HttpResponse:
    title, text = MESSAGES[status]
    response = TemplateResponse(request, "sharing/public_message.html", {"title": title, "text": text}, status=status)
    if wait is not None:
        response["Retry-After"] = str(wait)
    return private_headers(response)


def _open_link(request, token):
    """(link, None) when the link may be shown, else (None, the error page)."""
    wait = retry_after(request)
    if wait is not None:
        return None, _message(request, 429, wait)
    link = selectors.shared_link_by_token(token=token)
    if link is None:
        return None, _message(request, 404)
    if not link.is_active:
        return None, _message(request, 410)
    return link, None


@require_GET
def shared_page(request, token):
    link, refusal = _open_link(request, token)
    if refusal:
        return refusal
    services.shared_link_record_view(link=link, kind=ViewKind.PAGE)
    candidate = selectors.public_candidate(link=link)
    return private_headers(
        TemplateResponse(request, "sharing/public_candidate.html", {"candidate": candidate, "token": token})
    )


@require_GET
def shared_file(request, token):
    link, refusal = _open_link(request, token)
    if refusal:
        return refusal
    if not link.allow_download or not link.resume.file:
        return _message(request, 404)
    services.shared_link_record_view(link=link, kind=ViewKind.DOWNLOAD)
    # Always the link's own resume: the token is the only input.
    return private_headers(original_file_response(link.resume))
