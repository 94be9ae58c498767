from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from companies.api import request_company
from companies.tenancy import get_for_company_or_404
from jobs.models import JobDescription
from pipeline import bulk
from pipeline.api.serializers import BulkActionSerializer, BulkReportSerializer, StageSerializer
from pipeline.models import Stage
from pipeline.selectors import pipeline_stages
from pipeline.status import status_of


class JobCandidatesBulkView(APIView):
    """One bulk action on a job's candidates, in one transaction, reported back."""

    role_actions = {"post": "change_status"}

    @extend_schema(
        request=BulkActionSerializer,
        responses={
            200: BulkReportSerializer,
            400: OpenApiResponse(description="Invalid action or parameters; nothing was changed"),
            403: OpenApiResponse(description="The role may not do this action"),
            404: OpenApiResponse(
                description="The job, or one of resume_ids, is not found among the job's candidates; nothing was changed"
            ),
        },
    )
    def post(self, request: Request, job_id: str) -> Response:
        company = request_company(request)
        job = get_for_company_or_404(JobDescription, company, pk=job_id)
        serializer = BulkActionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        stage = get_for_company_or_404(Stage, company, pk=data["stage_id"]) if data.get("stage_id") else None
        target = (
            get_for_company_or_404(JobDescription, company, pk=data["target_job_id"])
            if data.get("target_job_id")
            else None
        )
        template = None
        if data.get("email_template_id"):
            from messaging.models import EmailTemplate

            template = get_for_company_or_404(EmailTemplate, company, pk=data["email_template_id"])
        filters = {name: value for name, value in (data.get("filters") or {}).items() if value is not None}
        try:
            report = bulk.candidacies_bulk(
                user=request.user,
                job=job,
                action=data["action"],
                resume_ids=[str(value) for value in data.get("resume_ids", [])],
                all_matching=data["all_matching"],
                filters=filters,
                stage=stage,
                reason=data.get("reason", ""),
                email_template=template,
                target_job=target,
                expires_in_days=data.get("expires_in_days"),
                show_contact=data["show_contact"],
            )
        except DjangoValidationError as error:
            raise ValidationError(
                error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
            ) from error
        return Response(BulkReportSerializer(report.as_dict()).data)


class JobStagesView(APIView):
    """The stages a job's candidates move through, in order (the ids a move or a bulk move takes)."""

    role_actions = {"get": "read"}

    @extend_schema(
        responses={200: StageSerializer(many=True), 404: OpenApiResponse(description="No such job in your company")}
    )
    def get(self, request: Request, job_id: str) -> Response:
        company = request_company(request)
        job = get_for_company_or_404(JobDescription, company, pk=job_id)
        rows = [
            {
                "id": stage.pk,
                "name": stage.name,
                "kind": stage.kind,
                "position": stage.position,
                "status": status_of(stage.kind),
                "own": stage.job_id is not None,
            }
            for stage in pipeline_stages(job=job)
        ]
        return Response(StageSerializer(rows, many=True).data)
