from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from companies.api import request_company as _company
from companies.filters import FilterSetInSchema
from companies.tenancy import get_for_company_or_404
from jobs.models import JobDescription
from matching import selectors, services
from matching.api.serializers import (
    CandidateDetailSerializer,
    CandidateSerializer,
    CandidateStatusSerializer,
    JobQualitySerializer,
    ResumeMatchSerializer,
    SearchResponseSerializer,
    SearchSerializer,
)
from matching.filters import CandidateFilter
from matching.models import MatchResult
from matching.views import export_response
from pipeline import services as pipeline_services
from resumes.models import Resume

# What CandidateSerializer reads, and nothing else: a page of a long list loads
# no JSON it does not show (explanation_data, skill_matches, the resume's parse).
CANDIDATE_ROW_FIELDS = (
    "id",
    "company_id",
    "job_id",
    "resume_id",
    "source",
    "match_score",
    "similarity_score",
    "skills_score",
    "experience_score",
    "education_score",
    "confidence_score",
    "explanation",
    "key_strengths",
    "matched_skills",
    "missing_skills",
    "additional_skills",
    "gates",
    "meets_all_gates",
    "resume__id",
    "resume__candidate_name",
    "resume__original_filename",
    "resume__email",
)


class JobCandidatesView(generics.ListAPIView):
    serializer_class = CandidateSerializer
    role_actions = {"get": "read"}
    queryset = MatchResult.objects.none()  # the schema's model; get_queryset is the list
    filter_backends = [FilterSetInSchema]
    filterset_class = CandidateFilter

    def get_queryset(self):
        # Only what ranked_candidates reads of the job (not its text or its vector).
        job = get_for_company_or_404(
            JobDescription.objects.only("id", "company_id"), _company(self.request), pk=self.kwargs["job_id"]
        )
        return selectors.ranked_candidates(job=job, filters=self.request.query_params).only(*CANDIDATE_ROW_FIELDS)


class JobCandidateView(APIView):
    role_actions = {"get": "read", "patch": "change_status"}

    @extend_schema(responses=CandidateDetailSerializer)
    def get(self, request, job_id, resume_id):
        return Response(CandidateDetailSerializer(self._match(request, job_id, resume_id)).data)

    @extend_schema(request=CandidateStatusSerializer, responses=CandidateDetailSerializer)
    def patch(self, request, job_id, resume_id):
        match = self._match(request, job_id, resume_id)
        body = CandidateStatusSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        pipeline_services.candidate_set_status(match=match, status=body.validated_data["status"], user=request.user)
        return Response(CandidateDetailSerializer(self._match(request, job_id, resume_id)).data)

    def _match(self, request, job_id, resume_id):
        return get_for_company_or_404(
            selectors.with_candidacy(MatchResult.objects.select_related("resume", "job")),
            _company(request),
            job_id=job_id,
            resume_id=resume_id,
        )


class JobCandidatesExportView(APIView):
    role_actions = {"get": "export_candidates"}
    queryset = MatchResult.objects.none()  # the schema's model for the filters
    filter_backends = [FilterSetInSchema]
    filterset_class = CandidateFilter

    @extend_schema(
        filters=True,  # the list's FilterSet, though the answer is a file
        parameters=[OpenApiParameter("format", str, enum=["xlsx", "csv"])],
        responses={(200, "application/octet-stream"): OpenApiResponse(description="The ranked list as a file")},
    )
    def get(self, request, job_id):
        job = get_for_company_or_404(JobDescription, _company(request), pk=job_id)
        return export_response(job=job, params=request.query_params)


class ResumeMatchesView(generics.ListAPIView):
    serializer_class = ResumeMatchSerializer
    role_actions = {"get": "read"}

    def get_queryset(self):
        company = _company(self.request)
        resume = get_for_company_or_404(Resume, company, pk=self.kwargs["resume_id"])
        return selectors.resume_matches(company=company, resume=resume)


class SearchView(APIView):
    role_actions = {"post": "read"}

    @extend_schema(request=SearchSerializer, responses=SearchResponseSerializer)
    def post(self, request):
        body = SearchSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        results = selectors.semantic_search(
            company=_company(request), query=body.validated_data["query"], limit=body.validated_data["limit"]
        )
        return Response(SearchResponseSerializer({"query": body.validated_data["query"], "results": results}).data)


class MatchOpenJobsView(APIView):
    role_actions = {"post": "manage_candidates"}

    @extend_schema(request=None, responses=ResumeMatchSerializer(many=True))
    def post(self, request, resume_id):
        resume = get_for_company_or_404(Resume, _company(request), pk=resume_id)
        matches = services.match_resume_to_open_jobs(resume=resume)
        return Response(ResumeMatchSerializer(matches, many=True).data)


# A job without candidates yet: the panel's figures, empty.
NO_CANDIDATES: dict[str, object] = {
    "candidates": 0,
    "readable": 0,
    "readable_share": None,
    "top_gap": None,
    "top_close": False,
    "must_haves_nobody_meets": [],
    "unknown_spellings": [],
    "suggestions": [],
}


class JobQualityView(APIView):
    """The job's ranking quality, as the portal's panel shows it (selectors.job_ranking_quality)."""

    role_actions = {"get": "read"}

    @extend_schema(responses=JobQualitySerializer)
    def get(self, request, job_id):
        job = get_for_company_or_404(
            JobDescription.objects.defer("embedding", "description"), _company(request), pk=job_id
        )
        quality = selectors.job_ranking_quality(job=job) or NO_CANDIDATES
        body = {"job_id": job.pk, **quality, "feedback_decisions": selectors.feedback_decisions(job=job)}
        return Response(JobQualitySerializer(body).data)
