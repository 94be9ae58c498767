from django.urls import re_path

from pipeline.api import views

urlpatterns = [
    re_path(
        r"^jobs/(?P<job_id>[0-9a-f-]{36})/candidates/bulk/?$",
        views.JobCandidatesBulkView.as_view(),
        name="job-candidates-bulk",
    ),
    re_path(r"^jobs/(?P<job_id>[0-9a-f-]{36})/stages/?$", views.JobStagesView.as_view(), name="job-stages"),
]
