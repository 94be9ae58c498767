from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from companies.api import CompanyScopedViewSetMixin
from companies.filters import FilterSetInSchema
from companies.tenancy import get_for_company_or_404
from jobs.models import JobDescription
from resumes import selectors, services
from resumes.api.serializers import (
    ResumeDetailSerializer,
    ResumeListSerializer,
    UploadResponseSerializer,
    UploadSerializer,
)
from resumes.filters import ResumeFilter
from resumes.models import Resume
from resumes.signals import candidate_data_exported
from resumes.views import original_file_response


class ResumeViewSet(
    CompanyScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Resume.objects.all()
    filter_backends = [FilterSetInSchema]
    filterset_class = ResumeFilter
    role_actions = {
        "list": "read",
        "retrieve": "read",
        "upload": "manage_candidates",
        "retry": "manage_candidates",
        "destroy": "manage_candidates",
        "file": "export_candidates",
    }

    def get_serializer_class(self):
        return ResumeListSerializer if self.action == "list" else ResumeDetailSerializer

    def get_queryset(self):
        if self.action == "list":
            return selectors.resume_list(company=self.get_company(), filters=self.request.query_params)
        return super().get_queryset()

    def perform_destroy(self, instance):
        services.resume_delete(resume=instance, user=self.request.user)

    @extend_schema(
        request={"multipart/form-data": UploadSerializer},
        responses={201: UploadResponseSerializer, 400: OpenApiResponse(description="Nothing was accepted")},
    )
    @action(detail=False, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def upload(self, request):
        body = UploadSerializer(
            data={
                "files": request.FILES.getlist("files"),
                **({"job_id": request.data["job_id"]} if request.data.get("job_id") else {}),
            }
        )
        body.is_valid(raise_exception=True)
        company = self.get_company()
        job = None
        if body.validated_data.get("job_id"):
            job = get_for_company_or_404(JobDescription, company, pk=body.validated_data["job_id"])
        try:
            batch = services.resume_upload(
                company=company,
                user=request.user,
                files=body.validated_data["files"],
                job=job,
                channel="api",
            )
        except services.TooManyFiles as error:
            raise ValidationError({"files": [str(error)]}) from error
        payload = UploadResponseSerializer({"results": batch.results}).data
        code = status.HTTP_201_CREATED if batch.accepted else status.HTTP_400_BAD_REQUEST
        return Response(payload, status=code)

    @extend_schema(request=None, responses=ResumeDetailSerializer)
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        resume = services.resume_retry(resume=self.get_object(), user=request.user)
        return Response(ResumeDetailSerializer(resume).data)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(description="The original file")})
    @action(detail=True, methods=["get"], url_path="file")
    def file(self, request, pk=None):
        resume = self.get_object()
        candidate_data_exported.send(sender=Resume, company_id=resume.company_id, what="original_file", target=resume)
        return original_file_response(resume)
