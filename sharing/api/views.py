from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from companies.api import CompanyScopedViewSetMixin
from companies.filters import FilterSetInSchema
from companies.tenancy import get_for_company_or_404
from jobs.models import JobDescription
from resumes.models import Resume
from sharing import selectors, services
from sharing.api.serializers import (
    PublicCandidateSerializer,
    SharedLinkCreateSerializer,
    SharedLinkIssuedSerializer,
    SharedLinkSerializer,
)
from sharing.filters import SharedLinkFilter
from sharing.models import SharedLink, ViewKind
from sharing.public_views import private_headers
from sharing.throttling import SharedLinkThrottle


class Gone(APIException):
    status_code = status.HTTP_410_GONE
    default_detail = "This link has expired or was revoked."
    default_code = "gone"


class SharedLinkViewSet(
    CompanyScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Links to the public candidate page. Recruiters and admins create and revoke them."""

    queryset = SharedLink.objects.select_related("created_by")
    serializer_class = SharedLinkSerializer
    filter_backends = [FilterSetInSchema]
    filterset_class = SharedLinkFilter
    role_actions = {"list": "read", "retrieve": "read", "create": "share_candidates", "revoke": "share_candidates"}

    def get_queryset(self):
        if self.action == "list":
            return selectors.shared_link_list(company=self.get_company(), filters=self.request.query_params)
        return super().get_queryset()

    @extend_schema(request=SharedLinkCreateSerializer, responses={201: SharedLinkIssuedSerializer})
    def create(self, request):
        body = SharedLinkCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        company = self.get_company()
        resume = get_for_company_or_404(Resume, company, pk=data["resume_id"])
        job = get_for_company_or_404(JobDescription, company, pk=data["job_id"]) if data.get("job_id") else None
        issued = services.shared_link_create(
            resume=resume,
            user=request.user,
            job=job,
            expires_in_days=data["expires_in_days"],
            show_contact=data["show_contact"],
            allow_download=data["allow_download"],
        )
        link = SharedLinkSerializer(issued.link).data
        # Shaped as SharedLinkIssuedSerializer documents it; the token is in no other answer.
        payload = {"id": link["id"], "token": issued.token, "url": issued.url, **link, "warnings": issued.warnings}
        return Response(payload, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=SharedLinkSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        link = services.shared_link_revoke(link=self.get_object(), user=request.user)
        return Response(SharedLinkSerializer(link).data)


class PublicSharedCandidateView(APIView):
    """The shared candidate, for a hiring partner's own tools: only the token, no account."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [SharedLinkThrottle]

    @extend_schema(
        responses={
            200: PublicCandidateSerializer,
            404: OpenApiResponse(description="Unknown token"),
            410: OpenApiResponse(description="Expired or revoked link"),
            429: OpenApiResponse(description="Rate limit reached"),
        },
        auth=[],
        tags=["shared"],
    )
    def get(self, request, token):
        link = selectors.shared_link_by_token(token=token)
        if link is None:
            raise NotFound("This link does not exist.")
        if not link.is_active:
            raise Gone()
        services.shared_link_record_view(link=link, kind=ViewKind.API)
        candidate = selectors.public_candidate(link=link)
        return Response(PublicCandidateSerializer(candidate, context={"request": request, "token": token}).data)

    def finalize_response(self, request, response, *args, **kwargs):
        return private_headers(super().finalize_response(request, response, *args, **kwargs))
