"""The public careers pages: no account, server-rendered, cached per company.

Pages carry no per-visitor content (no CSRF token, no user), so a rendered page
is the same for every visitor and the per-company cache can hold it whole; the
application form lives on its own, uncached page.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from accounts.ratelimits import RateLimited, limit_client, limit_email
from careers import cache, selectors, services
from careers.filters import CareersJobFilter
from careers.forms import ApplicationForm
from careers.models import CareersSite
from careers.structured_data import as_script, job_posting
from companies.filters import FlagField, refusal
from resumes.retention import retention_days

PUBLIC_MAX_AGE = 300


def _site_or_404(slug: str) -> CareersSite:
    site = selectors.site_by_slug(slug=slug)
    if site is None:
        raise Http404("No careers page here.")
    return site


def _cached_page(
    request: HttpRequest, site: CareersSite, render: Callable[[], str], *, cacheable: bool = True
) -> HttpResponse:
    # Keyed by the path only: made-up query strings (campaign tags, cache busters) cannot fill the cache.
    content = cache.get_page(site.company_id, request.path) if cacheable else None
    if content is None:
        content = render()
        if cacheable:
            cache.set_page(site.company_id, request.path, content)
    response = HttpResponse(content)
    response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    return response


def _common(request: HttpRequest, site: CareersSite) -> dict[str, Any]:
    return {
        "site": site,
        "company_name": site.company.name,
        "theme_url": reverse("careers:theme", kwargs={"slug": site.slug}),
        "logo_url": reverse("careers:logo", kwargs={"slug": site.slug}) if site.logo else "",
    }


# Where a candidate came from: kept from the page they landed on to the application they send.
TRACKING_PARAMETERS = ("utm_source", "ref")


def _tracking(request: HttpRequest) -> dict[str, str]:
    found = {name: request.GET.get(name, "").strip()[:100] for name in TRACKING_PARAMETERS}
    return {name: value for name, value in found.items() if value}


def _tracking_query(request: HttpRequest) -> str:
    """`?utm_source=…&ref=…` for the links onward to the application form, or ""."""
    tracking = _tracking(request)
    return "?" + urlencode(tracking) if tracking else ""


def _unfiltered(request: HttpRequest) -> bool:
    # The unfiltered list is the page everyone (and every crawler and embedding site) loads; a
    # filtered list is one indexed query, rendered fresh so that arbitrary filter values never fill the cache.
    return not any(request.GET.get(name, "").strip() for name in CareersJobFilter.base_filters)


def _job_list_context(request: HttpRequest, site: CareersSite) -> dict[str, Any]:
    try:
        jobs, refused = list(selectors.filtered_jobs(site=site, filters=request.GET)), ""
    except ValidationError as error:
        jobs, refused = [], refusal(error)
    return {
        **_common(request, site),
        "jobs": jobs,
        "refused": refused,
        # The form shows what was asked.
        "filters": {
            "location": request.GET.get("location", ""),
            "department": request.GET.get("department", ""),
            "remote": request.GET.get("remote", "").strip().lower() in FlagField.TRUE,
        },
        "facets": selectors.facets(site=site),
        "tracking_query": _tracking_query(request),
    }


def _job_list_page(request: HttpRequest, site: CareersSite, template: str) -> HttpResponse:
    if _unfiltered(request) and not _tracking(request):
        return _cached_page(
            request, site, lambda: render_to_string(template, _job_list_context(request, site), request=None)
        )
    context = _job_list_context(request, site)
    response = _cached_page(request, site, lambda: render_to_string(template, context, request=None), cacheable=False)
    if context["refused"]:
        response.status_code = 400
    return response


@require_GET
def careers_index(request: HttpRequest, slug: str) -> HttpResponse:
    return _job_list_page(request, _site_or_404(slug), "careers/index.html")


@require_GET
def careers_job(request: HttpRequest, slug: str, job_id: UUID) -> HttpResponse:
    site = _site_or_404(slug)
    job = selectors.open_job(site=site, job_id=job_id)
    if job is None:
        raise Http404("This job is not open.")

    def render() -> str:
        context = _common(request, site)
        posting = job_posting(
            job=job,
            site=site,
            job_url=request.build_absolute_uri(request.path),
            logo_url=request.build_absolute_uri(context["logo_url"]) if context["logo_url"] else "",
        )
        context.update(job=job, json_ld=as_script(posting), tracking_query=_tracking_query(request))
        return render_to_string("careers/job.html", context, request=None)

    # A visitor who came with a utm_source or referral code gets a page of their own (its
    # apply link carries them): such values never fill the cache.
    return _cached_page(request, site, render, cacheable=not _tracking(request))


def _frame_ancestors(site: CareersSite) -> str:
    return site.embed_origins.strip() or "*"


@xframe_options_exempt
@require_GET
def careers_embed(request: HttpRequest, slug: str) -> HttpResponse:
    """The job list for the company's own site to frame: the only page allowed in a frame."""
    site = _site_or_404(slug)
    response = _job_list_page(request, site, "careers/embed.html")
    policy = settings.CONTENT_SECURITY_POLICY.replace(
        "frame-ancestors 'none'", f"frame-ancestors {_frame_ancestors(site)}"
    )
    response["Content-Security-Policy"] = policy
    return response


@require_GET
def careers_theme(request: HttpRequest, slug: str) -> HttpResponse:
    """The company's colours as a stylesheet (no inline style anywhere: CSP forbids it)."""
    site = _site_or_404(slug)
    css = render_to_string("careers/theme.css", {"site": site})
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    return response


@require_GET
def careers_logo(request: HttpRequest, slug: str) -> HttpResponse:
    site = _site_or_404(slug)
    if not site.logo:
        raise Http404("No logo.")
    content_type = mimetypes.guess_type(site.logo.name or "")[0] or "application/octet-stream"
    with site.logo.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type=content_type)
    response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Applications --------------------------------------------------------------------------


def _private(response: HttpResponse) -> HttpResponse:
    # Forms and withdrawal links: never cached, indexed or leaked through a referrer to another site.
    # (Not no-referrer: Chromium then sends `Origin: null` with the form's POST and CSRF refuses it.)
    response["Cache-Control"] = "no-store, private"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


def careers_apply(request: HttpRequest, slug: str, job_id: UUID) -> HttpResponse:
    site = _site_or_404(slug)
    job = selectors.open_job(site=site, job_id=job_id)
    if job is None:
        raise Http404("This job is not open.")
    questions = list(selectors.screening_questions(job=job))
    status = 200
    if request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES, questions=questions)
        try:
            limit_client(scope="careers_apply", request=request)
            if form.is_valid():
                if form.is_bot():
                    # Answer as if it worked: a bot learns nothing from the honeypot.
                    return redirect("careers:applied", slug=site.slug, job_id=job.pk)
                limit_email(scope="careers_apply_email", email=form.cleaned_data["email"], request=request)
                services.application_submit(
                    site=site,
                    job=job,
                    full_name=form.cleaned_data["full_name"],
                    email=form.cleaned_data["email"],
                    phone=form.cleaned_data["phone"],
                    resume_file=form.cleaned_data["resume"],
                    cover_letter=form.cleaned_data["cover_letter"],
                    links=form.cleaned_data["links"],
                    questions=questions,
                    answers=form.answers(),
                    utm_source=form.cleaned_data["utm_source"],
                    referral_code=form.cleaned_data["ref"],
                    self_id=form.self_id(),
                )
                return redirect("careers:applied", slug=site.slug, job_id=job.pk)
        except RateLimited as error:
            form.add_error(None, str(error))
            status = 429
        except services.ApplicationRefused as error:
            form.add_error("resume", str(error))
    else:
        form = ApplicationForm(
            questions=questions,
            initial=_tracking(request),
        )
    if form.errors and status == 200:
        status = 400
    context = {
        **_common(request, site),
        "job": job,
        "form": form,
        "retention_days": retention_days(site.company),
    }
    return _private(TemplateResponse(request, "careers/apply.html", context, status=status))


@require_GET
def careers_applied(request: HttpRequest, slug: str, job_id: UUID) -> HttpResponse:
    site = _site_or_404(slug)
    job = selectors.open_job(site=site, job_id=job_id)
    context = {**_common(request, site), "job": job}
    return _private(TemplateResponse(request, "careers/applied.html", context))


def careers_withdraw(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the confirmation email: withdraw the application and erase the candidate's data."""
    application = services.application_by_withdraw_token(token)
    if request.method == "POST" and application is not None:
        services.application_withdraw(application=application)
        return _private(TemplateResponse(request, "careers/withdrawn.html", {"company_name": application.company.name}))
    if application is None:
        return _private(TemplateResponse(request, "careers/withdraw_invalid.html", {}, status=404))
    context = {"application": application, "company_name": application.company.name, "job_title": application.job.title}
    return _private(TemplateResponse(request, "careers/withdraw.html", context))
