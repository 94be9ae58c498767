from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from messaging.models import CandidateMessage, EmailTemplate


def template_list(*, company: Any, kind: str | None = None) -> QuerySet[EmailTemplate]:
    templates = EmailTemplate.objects.for_company(company)
    return templates.filter(kind=kind) if kind else templates


def message_list(*, company: Any, resume: Any) -> QuerySet[CandidateMessage]:
    return (
        CandidateMessage.objects.for_company(company).filter(resume=resume)
        .select_related("job", "sent_by", "template").defer("job__description", "job__requirements", "job__embedding")
        .order_by("-created_at")
    )
