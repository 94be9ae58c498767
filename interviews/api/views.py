from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, renderers, status, views, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from accounts.models import User
from companies.api import CompanyScopedViewSetMixin, request_company as _company
from companies.filters import FilterSetInSchema
from companies.tenancy import get_for_company_or_404
from interviews import selectors, services
from interviews.api.serializers import (
    CompetenciesUpdateSerializer,
    CompetencySerializer,
    FeedbackSerializer,
    InterviewCreateSerializer,
    InterviewDetailSerializer,
    InterviewSerializer,
    InterviewUpdateSerializer,
    RescheduleSerializer,
    ScorecardSummarySerializer,
)
from interviews.filters import InterviewFilter
from interviews.models import Interview, InterviewStatus
from interviews.views import ics_response
from jobs.models import JobDescription
from messaging.models import TemplateKind
from messaging.selectors import template_list
from resumes.models import Resume


class ICalendarRenderer(renderers.BaseRenderer):
    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class InterviewViewSet(
    CompanyScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Interviews: recruiters and admins schedule and change them; everyone in the
    company reads them; interviewers and admins record feedback after completion."""

    queryset = Interview.objects.all()
    filter_backends = [FilterSetInSchema]
    filterset_class = InterviewFilter
    role_actions = {
        "list": "read",
        "retrieve": "read",
        "ics": "read",
        "feedback": "read",
        "feedback.post": "give_feedback",
        "create": "schedule_interviews",
        "partial_update": "schedule_interviews",
        "reschedule": "schedule_interviews",
        "destroy": "delete_interviews",
    }
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_serializer_class(self):
        return InterviewSerializer if self.action == "list" else InterviewDetailSerializer

    def get_queryset(self):
        company = self.get_company()
        if self.action != "list":
            return selectors.interview_list(company=company)
        return selectors.interview_list(company=company, user=self.request.user, filters=self.request.query_params)

    def _interviewers(self, ids):
        people = list(User.objects.filter(pk__in=ids))
        # Unknown ids and other companies' users are the same error (the service checks companies).
        if len(people) != len(set(ids)):
            raise ValidationError({"interviewer_ids": ["Interviewers must be active members of your company."]})
        return people

    @staticmethod
    def _invitation(company, email_candidate: bool, template_id):
        """The invitation template to email, or None; the company's first invitation by default."""
        if not email_candidate:
            return None
        templates = template_list(company=company, kind=TemplateKind.INVITATION)
        if template_id:
            return get_for_company_or_404(templates, company, pk=template_id)
        template = templates.first()
        if template is None:
            raise ValidationError({"email_template_id": ["Your company has no interview invitation template."]})
        return template

    @extend_schema(
        request=InterviewCreateSerializer,
        responses={
            201: InterviewDetailSerializer,
            400: OpenApiResponse(description="Field errors, or {detail} (e.g. a rejected candidate)"),
        },
    )
    def create(self, request):
        body = InterviewCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        company = self.get_company()
        resume = get_for_company_or_404(Resume, company, pk=data.pop("resume_id"))
        job = get_for_company_or_404(JobDescription, company, pk=data.pop("job_id"))
        interviewers = self._interviewers(data.pop("interviewer_ids"))
        email_template = self._invitation(company, data.pop("email_candidate"), data.pop("email_template_id", None))
        interview = services.interview_schedule(
            resume=resume, job=job, user=request.user, interviewers=interviewers, email_template=email_template, **data
        )
        interview = selectors.interview_get(company=company, pk=interview.pk)
        return Response(InterviewDetailSerializer(interview).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=InterviewUpdateSerializer,
        responses={200: InterviewDetailSerializer},
        description=(
            "Edit a scheduled interview's details, or change its status: `completed`, `cancelled`, or "
            "`rescheduled` together with the new `scheduled_at` (answers the new interview; the old one "
            "is kept as history). Moving `scheduled_at` without rescheduling is refused."
        ),
    )
    def partial_update(self, request, pk=None):
        interview = self.get_object()
        body = InterviewUpdateSerializer(data=request.data, context={"timezone": interview.timezone})
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        new_status = data.pop("status", None)
        if "interviewer_ids" in data:
            data["interviewers"] = self._interviewers(data.pop("interviewer_ids"))
        if new_status == InterviewStatus.RESCHEDULED:
            if "scheduled_at" not in data:
                raise ValidationError({"scheduled_at": ["Rescheduling needs the new start time."]})
            interview = services.interview_reschedule(interview=interview, user=request.user, **data)
        else:
            if data:
                interview = services.interview_update(interview=interview, user=request.user, **data)
            if new_status:
                interview = services.interview_set_status(interview=interview, user=request.user, status=new_status)
        interview = selectors.interview_get(company=self.get_company(), pk=interview.pk)
        return Response(InterviewDetailSerializer(interview).data)

    def perform_destroy(self, instance):
        services.interview_delete(interview=instance, user=self.request.user)

    @extend_schema(request=RescheduleSerializer, responses={201: InterviewDetailSerializer})
    @action(detail=True, methods=["post"])
    def reschedule(self, request, pk=None):
        interview = self.get_object()
        body = RescheduleSerializer(data=request.data, context={"timezone": interview.timezone})
        body.is_valid(raise_exception=True)
        new = services.interview_reschedule(interview=interview, user=request.user, **body.validated_data)
        new = selectors.interview_get(company=self.get_company(), pk=new.pk)
        return Response(InterviewDetailSerializer(new).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        request=None,
        responses=FeedbackSerializer(many=True),
        description=(
            "The interview's scorecards the requester may read: administrators and recruiters all of them; "
            "anyone else their own, and the others once they have submitted theirs for this candidate and job."
        ),
    )
    @extend_schema(
        methods=["POST"],
        request=FeedbackSerializer,
        responses={201: FeedbackSerializer},
        description="Submit your scorecard (once, after completion): `ratings` of the job's competencies, "
        "`recommendation`, `comments`.",
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def feedback(self, request, pk=None):
        interview = self.get_object()
        if request.method == "GET":
            items = selectors.feedback_list(interview=interview, user=request.user)
            return Response(FeedbackSerializer(items, many=True).data)
        body = FeedbackSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        item = services.feedback_record(interview=interview, user=request.user, **body.service_arguments())
        item = selectors.feedback_list(interview=interview, user=request.user).get(pk=item.pk)
        return Response(FeedbackSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "text/calendar"): OpenApiResponse(OpenApiTypes.STR, description="RFC 5545 event")})
    @action(detail=True, methods=["get"], renderer_classes=[ICalendarRenderer, renderers.JSONRenderer])
    def ics(self, request, pk=None):
        return ics_response(self.get_object())


class JobCompetenciesView(views.APIView):
    """The competencies a job's scorecards assess, in order (pre-filled from its required
    skills); administrators and recruiters replace the list."""

    role_actions = {"get": "read", "put": "edit_competencies"}

    @extend_schema(responses=CompetencySerializer(many=True))
    def get(self, request, job_id):
        job = get_for_company_or_404(JobDescription, _company(request), pk=job_id)
        return Response(CompetencySerializer(selectors.competency_list(job=job), many=True).data)

    @extend_schema(request=CompetenciesUpdateSerializer, responses=CompetencySerializer(many=True))
    def put(self, request, job_id):
        job = get_for_company_or_404(JobDescription, _company(request), pk=job_id)
        body = CompetenciesUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        competencies = services.competencies_set(job=job, user=request.user, names=body.validated_data["names"])
        return Response(CompetencySerializer(competencies, many=True).data)


class ResumeScorecardsView(views.APIView):
    """A candidate's scorecards summarised per job: each competency's average and
    distribution, the overall recommendations and the scorecards themselves, as far as
    the requester may read them (a job they may not read yet shows only its count)."""

    role_actions = {"get": "read"}

    @extend_schema(responses=ScorecardSummarySerializer(many=True))
    def get(self, request, resume_id):
        company = _company(request)
        resume = get_for_company_or_404(Resume, company, pk=resume_id)
        summaries = selectors.scorecard_summaries(company=company, resume=resume, user=request.user)
        return Response(ScorecardSummarySerializer(summaries, many=True).data)
