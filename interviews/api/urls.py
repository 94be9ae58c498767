from django.urls import re_path

from companies.api import OptionalSlashRouter
from interviews.api.views import InterviewViewSet, JobCompetenciesView, ResumeScorecardsView

router = OptionalSlashRouter()
router.register("interviews", InterviewViewSet, basename="interview")

urlpatterns = [
    # The calendar file under the name calendar programs expect: /api/v1/interviews/{id}.ics
    re_path(
        r"^interviews/(?P<pk>[0-9a-f-]{36})\.ics$",
        InterviewViewSet.as_view({"get": "ics"}, **InterviewViewSet.ics.kwargs),
        name="interview-ics-file",
    ),
    re_path(r"^jobs/(?P<job_id>[0-9a-f-]{36})/competencies/?$", JobCompetenciesView.as_view(), name="job-competencies"),
    re_path(
        r"^resumes/(?P<resume_id>[0-9a-f-]{36})/scorecards/?$", ResumeScorecardsView.as_view(), name="resume-scorecards"
    ),
    *router.urls,
]
