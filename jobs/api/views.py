from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from companies.api import CompanyScopedModelViewSet
from companies.filters import FilterSetInSchema
from jobs import selectors, services
from jobs.api.serializers import JobSerializer, JobStatusSerializer
from jobs.filters import JobFilter
from jobs.models import JobDescription


class JobViewSet(CompanyScopedModelViewSet):
    queryset = JobDescription.objects.select_related("created_by")
    serializer_class = JobSerializer
    filter_backends = [FilterSetInSchema]
    filterset_class = JobFilter
    role_actions = {
        "list": "read",
        "retrieve": "read",
        "create": "manage_jobs",
        "partial_update": "manage_jobs",
        "set_status": "manage_jobs",
        "destroy": "delete_jobs",
    }
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if self.action == "list":
            return selectors.job_list(company=self.get_company(), filters=self.request.query_params).select_related(
                "created_by"
            )
        return super().get_queryset()

    def perform_create(self, serializer):
        serializer.instance = services.job_create(
            company=self.get_company(),
            created_by=self.request.user,
            **serializer.validated_data,
        )

    def perform_update(self, serializer):
        serializer.instance = services.job_update(
            job=serializer.instance, user=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.job_delete(job=instance, user=self.request.user)

    @extend_schema(request=JobStatusSerializer, responses=JobSerializer)
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request, pk=None):
        job = self.get_object()
        body = JobStatusSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        function = services.job_close if body.validated_data["status"] == "closed" else services.job_reopen
        job = function(job=job, user=request.user)
        return Response(JobSerializer(job).data, status=status.HTTP_200_OK)
