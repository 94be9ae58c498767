from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet

from companies.filters import filtered
from messaging.filters import EmailTemplateFilter
from messaging.models import CandidateMessage, EmailTemplate


def template_list(
    *, company: Any, kind: str | None = None, filters: Mapping[str, Any] | None = None
) -> QuerySet[EmailTemplate]:
    """The company's templates: of one kind, or as the list's parameters ask
    (EmailTemplateFilter; a value it cannot read raises ValidationError)."""
    templates = EmailTemplate.objects.for_company(company)
    if kind:
        templates = templates.filter(kind=kind)
    return filtered(EmailTemplateFilter, filters, templates, company=company)


def message_list(*, company: Any, resume: Any) -> QuerySet[CandidateMessage]:
    return (
        CandidateMessage.objects.for_company(company)
        .filter(resume=resume)
        .select_related("job", "sent_by", "template")
        .defer("job__description", "job__requirements", "job__embedding")
        .order_by("-created_at")
    )
