"""A job's screening questions through the API: the same services as the portal."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from careers import selectors, services
from careers.api.serializers import (
    ScreeningQuestionRemovedSerializer,
    ScreeningQuestionSerializer,
    ScreeningQuestionWriteSerializer,
)
from careers.models import ScreeningQuestion
from companies.api import request_company as _company
from companies.tenancy import get_for_company_or_404
from jobs.models import JobDescription


def _job(request: Request, job_id: Any) -> JobDescription:
    job: JobDescription = get_for_company_or_404(JobDescription, _company(request), pk=job_id)
    return job


class JobScreeningQuestionsView(generics.ListAPIView[ScreeningQuestion]):
    """The questions a job's application form asks, in order; POST adds one (asked last unless `position` says)."""

    serializer_class = ScreeningQuestionSerializer
    role_actions = {"get": "read", "post": "manage_jobs"}

    def get_queryset(self) -> QuerySet[ScreeningQuestion]:
        return selectors.screening_questions(job=_job(self.request, self.kwargs["job_id"]))

    @extend_schema(request=ScreeningQuestionWriteSerializer, responses={201: ScreeningQuestionSerializer})
    def post(self, request: Request, job_id: Any) -> Response:
        job = _job(request, job_id)
        body = ScreeningQuestionWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        question = services.screening_question_create(job=job, user=request.user, **body.validated_data)
        return Response(ScreeningQuestionSerializer(question).data, status=status.HTTP_201_CREATED)


class JobScreeningQuestionView(APIView):
    """One question: change it (PATCH, `position` reorders) or stop asking it (DELETE: archived when answered)."""

    role_actions = {"get": "read", "patch": "manage_jobs", "delete": "manage_jobs"}

    def _question(self, request: Request, job_id: Any, question_id: Any) -> ScreeningQuestion:
        job = _job(request, job_id)
        question: ScreeningQuestion = get_for_company_or_404(
            ScreeningQuestion, job.company, pk=question_id, job=job, archived_at__isnull=True
        )
        return question

    @extend_schema(responses=ScreeningQuestionSerializer)
    def get(self, request: Request, job_id: Any, question_id: Any) -> Response:
        return Response(ScreeningQuestionSerializer(self._question(request, job_id, question_id)).data)

    @extend_schema(request=ScreeningQuestionWriteSerializer(partial=True), responses=ScreeningQuestionSerializer)
    def patch(self, request: Request, job_id: Any, question_id: Any) -> Response:
        question = self._question(request, job_id, question_id)
        body = ScreeningQuestionWriteSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        question = services.screening_question_update(question=question, user=request.user, **body.validated_data)
        return Response(ScreeningQuestionSerializer(question).data)

    @extend_schema(responses=ScreeningQuestionRemovedSerializer)
    def delete(self, request: Request, job_id: Any, question_id: Any) -> Response:
        question = self._question(request, job_id, question_id)
        archived = services.screening_question_remove(question=question, user=request.user)
        return Response({"id": str(question_id), "archived": archived})
