from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from companies.api import request_company as _company
from companies.filters import FilterSetInSchema
from companies.tenancy import get_for_company_or_404
from jobs.models import JobDescription
from messaging import selectors, services
from messaging.api.serializers import CandidateMessageSerializer, EmailTemplateSerializer, SendSerializer
from messaging.filters import EmailTemplateFilter
from messaging.models import CandidateMessage, EmailTemplate
from resumes.models import Resume


class EmailTemplateListView(generics.ListAPIView[EmailTemplate]):
    """The company's candidate email templates (filter with `kind`)."""

    serializer_class = EmailTemplateSerializer
    role_actions = {"get": "read"}
    queryset = EmailTemplate.objects.none()  # the schema's model; get_queryset is the list
    filter_backends = [FilterSetInSchema]
    filterset_class = EmailTemplateFilter

    def get_queryset(self) -> QuerySet[EmailTemplate]:
        return selectors.template_list(company=_company(self.request), filters=self.request.query_params)


class ResumeMessagesView(generics.ListAPIView[CandidateMessage]):
    """The emails a candidate was sent, newest first; administrators and recruiters send one."""

    serializer_class = CandidateMessageSerializer
    role_actions = {"get": "read", "post": "email_candidates"}

    def _resume(self) -> Resume:
        resume: Resume = get_for_company_or_404(Resume, _company(self.request), pk=self.kwargs["resume_id"])
        return resume

    def get_queryset(self) -> QuerySet[CandidateMessage]:
        return selectors.message_list(company=_company(self.request), resume=self._resume())

    @extend_schema(request=SendSerializer, responses={201: CandidateMessageSerializer})
    def post(self, request: Request, resume_id: Any) -> Response:
        resume = self._resume()
        body = SendSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        company = resume.company
        job = get_for_company_or_404(JobDescription, company, pk=data["job_id"]) if data.get("job_id") else None
        if data.get("template_id"):
            template = get_for_company_or_404(EmailTemplate, company, pk=data["template_id"])
            [message] = services.email_candidates(user=request.user, job=job, resumes=[resume], template=template)
        else:
            message = services.email_candidate(
                user=request.user, resume=resume, job=job, subject=data["subject"], body=data["body"]
            )
        return Response(CandidateMessageSerializer(message).data, status=status.HTTP_201_CREATED)
