"""schema.org JobPosting for one job, as search engines read it (Google's job
posting guidelines: title, description, datePosted, hiringOrganization and a
location — jobLocation, or applicantLocationRequirements for remote work)."""

from __future__ import annotations

import json
from datetime import datetime, time
from typing import Any

from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe

from careers.models import CareersSite
from jobs.models import EmploymentType, JobDescription, Workplace

EMPLOYMENT_TYPES = {
    EmploymentType.FULL_TIME: "FULL_TIME",
    EmploymentType.PART_TIME: "PART_TIME",
    EmploymentType.CONTRACT: "CONTRACTOR",
    EmploymentType.TEMPORARY: "TEMPORARY",
    EmploymentType.INTERNSHIP: "INTERN",
}

# What json_script escapes: the block can never close itself or open markup.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def job_posting(*, job: JobDescription, site: CareersSite, job_url: str, logo_url: str = "") -> dict[str, Any]:
    organization: dict[str, str] = {"@type": "Organization", "name": job.hiring_company or site.company.name}
    if logo_url:
        organization["logo"] = logo_url
    description = job.description + (f"\n\n{job.requirements}" if job.requirements else "")
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": job.title,
        # Google wants HTML here; linebreaks escapes the recruiter's text first.
        "description": linebreaks(description, autoescape=True),
        "datePosted": timezone.localtime(job.created_at).date().isoformat(),
        "hiringOrganization": organization,
        "employmentType": EMPLOYMENT_TYPES.get(EmploymentType(job.employment_type), "OTHER"),
        "identifier": {"@type": "PropertyValue", "name": site.company.name, "value": str(job.pk)},
        "url": job_url,
        "directApply": True,
    }
    if job.valid_through:
        end_of_day = timezone.make_aware(datetime.combine(job.valid_through, time(23, 59, 59)))
        data["validThrough"] = end_of_day.isoformat()
    if job.workplace == Workplace.REMOTE:
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = {"@type": "Country", "name": job.location or "Anywhere"}
    if job.workplace != Workplace.REMOTE or job.location:
        data["jobLocation"] = {
            "@type": "Place",
            "address": {"@type": "PostalAddress", "addressLocality": job.location or site.company.name},
        }
    return data


def as_script(data: dict[str, Any]) -> SafeString:
    """The `<script type="application/ld+json">` block: data, never executed, so CSP allows it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')
