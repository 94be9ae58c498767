"""resumes/{id}/merge-preview and resumes/{id}/merge: the API side of merging duplicate candidates."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from companies.api import request_company
from companies.tenancy import company_of, get_for_company_or_404
from merging import selectors, services
from merging.api.serializers import MergePreviewSerializer, MergeRequestSerializer
from resumes.api.serializers import ResumeDetailSerializer
from resumes.models import Resume


def _pair(request: Request, resume_id, other_id) -> tuple[Resume, Resume]:
    company = request_company(request)
    # The resume of the URL first: another company's id is a 404 whatever `other` says.
    kept = get_for_company_or_404(Resume, company, pk=resume_id)
    if not other_id:
        raise ValidationError({"other": ["This field is required."]})
    return kept, get_for_company_or_404(Resume, company, pk=other_id)


class MergePreviewView(APIView):
    role_actions = {"get": "merge_candidates"}

    @extend_schema(
        operation_id="resumes_merge_preview",
        parameters=[OpenApiParameter("other", str, required=True, description="The candidate to merge into this one")],
        responses={200: MergePreviewSerializer, 400: OpenApiResponse(description="The two cannot be merged")},
    )
    def get(self, request: Request, resume_id) -> Response:
        kept, merged = _pair(request, resume_id, request.query_params.get("other"))
        return Response(MergePreviewSerializer(selectors.merge_preview(kept=kept, merged=merged)).data)


class MergeView(APIView):
    role_actions = {"post": "merge_candidates"}

    @extend_schema(
        operation_id="resumes_merge",
        request=MergeRequestSerializer,
        responses={200: ResumeDetailSerializer, 400: OpenApiResponse(description="The two cannot be merged")},
    )
    def post(self, request: Request, resume_id) -> Response:
        kept = get_for_company_or_404(Resume, company_of(request.user), pk=resume_id)
        body = MergeRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        kept, merged = _pair(request, kept.pk, body.validated_data["other"])
        kept = services.candidates_merge(kept=kept, merged=merged, user=request.user)
        kept.refresh_from_db()
        return Response(ResumeDetailSerializer(kept).data)
