from django.urls import re_path

from careers.api.views import JobScreeningQuestionsView, JobScreeningQuestionView

UUID = r"[0-9a-f-]{36}"

urlpatterns = [
    re_path(
        rf"^jobs/(?P<job_id>{UUID})/screening-questions/?$",
        JobScreeningQuestionsView.as_view(),
        name="job-screening-questions",
    ),
    re_path(
        rf"^jobs/(?P<job_id>{UUID})/screening-questions/(?P<question_id>{UUID})/?$",
        JobScreeningQuestionView.as_view(),
        name="job-screening-question",
    ),
]
