"""The reports API: analytics (company and job) and a candidate's data export."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from companies.api import request_company as _company
from companies.tenancy import get_for_company_or_404
from jobs.models import JobDescription
from reports import analytics
from resumes.models import Resume
from resumes.signals import candidate_data_exported


class _ByStatusSerializer(serializers.Serializer[Any]):
    pending = serializers.IntegerField()
    maybe = serializers.IntegerField()
    shortlisted = serializers.IntegerField()
    rejected = serializers.IntegerField()


class _TimeToShortlistSerializer(serializers.Serializer[Any]):
    median_hours = serializers.FloatField(allow_null=True, help_text="Upload to first shortlisting, median")
    shortlisted = serializers.IntegerField(help_text="Candidates the median is taken over")


class _FunnelRowSerializer(serializers.Serializer[Any]):
    job_id = serializers.UUIDField()
    title = serializers.CharField()
    candidates = serializers.IntegerField()
    by_status = _ByStatusSerializer()
    interviewed = serializers.IntegerField()


class _StageStatsSerializer(serializers.Serializer[Any]):
    stage_id = serializers.UUIDField()
    name = serializers.CharField()
    kind = serializers.CharField()
    current = serializers.IntegerField(help_text="Candidates in this stage now")
    reached = serializers.IntegerField(
        allow_null=True, help_text="Candidates who ever reached this or a later stage (progress stages)"
    )
    conversion = serializers.FloatField(allow_null=True, help_text="reached / the previous progress stage's reached")
    median_hours_in_stage = serializers.FloatField(allow_null=True, help_text="Median of finished stays")
    stays = serializers.IntegerField(help_text="Finished stays the median is taken over")


class _TimeToHireSerializer(serializers.Serializer[Any]):
    median_days = serializers.FloatField(allow_null=True, help_text="Arrival to first hired stage, median")
    hired = serializers.IntegerField()


class _PipelineStatsSerializer(serializers.Serializer[Any]):
    stages = _StageStatsSerializer(many=True)
    time_to_hire = _TimeToHireSerializer()


class OverviewSerializer(serializers.Serializer[Any]):
    pipeline = _PipelineStatsSerializer()
    open_jobs = serializers.IntegerField()
    candidates = serializers.IntegerField()
    interviews_this_week = serializers.IntegerField()
    time_to_first_shortlist = _TimeToShortlistSerializer()
    funnel = _FunnelRowSerializer(many=True)


class _BucketSerializer(serializers.Serializer[Any]):
    low = serializers.IntegerField()
    high = serializers.IntegerField()
    count = serializers.IntegerField()


class _MissingSkillSerializer(serializers.Serializer[Any]):
    skill = serializers.CharField()
    missing = serializers.IntegerField()
    share = serializers.FloatField()


class JobAnalyticsSerializer(_FunnelRowSerializer):
    time_to_first_shortlist = _TimeToShortlistSerializer()
    score_distribution = _BucketSerializer(many=True)
    missing_skills = _MissingSkillSerializer(many=True)
    pipeline = _PipelineStatsSerializer()


class AnalyticsOverviewView(APIView):
    role_actions = {"get": "read"}

    @extend_schema(responses=OverviewSerializer)
    def get(self, request: Request) -> Response:
        return Response(OverviewSerializer(analytics.overview(_company(request))).data)


class JobAnalyticsView(APIView):
    role_actions = {"get": "read"}

    @extend_schema(responses=JobAnalyticsSerializer)
    def get(self, request: Request, job_id: UUID) -> Response:
        job = get_for_company_or_404(JobDescription, _company(request), pk=job_id)
        return Response(JobAnalyticsSerializer(analytics.job_analytics(job)).data)


# --- A candidate's data -------------------------------------------------------------


class ResumeExportView(APIView):
    role_actions = {"get": "export_candidates"}

    @extend_schema(
        responses={
            200: OpenApiResponse(
                response={"type": "object", "additionalProperties": True},
                description="The resume's fields and every row attached to it (`related`, by model), as `export_candidate` prints it",
            )
        }
    )
    def get(self, request: Request, resume_id: UUID) -> Response:
        from integrations.audit import audit_entries_about
        from resumes.retention import candidate_export

        resume = get_for_company_or_404(Resume, _company(request), pk=resume_id)
        export = candidate_export(resume=resume)
        # What was done with the candidate's data is part of it: the audit log's entries about them.
        export["audit"] = audit_entries_about(target=resume)
        candidate_data_exported.send(sender=Resume, company_id=resume.company_id, what="candidate_json", target=resume)
        response = Response(export)
        response["Content-Disposition"] = f'attachment; filename="candidate-{resume.pk}.json"'
        return response
