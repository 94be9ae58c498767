from django.urls import re_path

from matching.api import views

urlpatterns = [
    re_path(r"^jobs/(?P<job_id>[0-9a-f-]{36})/candidates/?$", views.JobCandidatesView.as_view(), name="job-candidates"),
    re_path(
        r"^jobs/(?P<job_id>[0-9a-f-]{36})/candidates/export/?$",
        views.JobCandidatesExportView.as_view(),
        name="job-candidates-export",
    ),
    re_path(
        r"^jobs/(?P<job_id>[0-9a-f-]{36})/candidates/(?P<resume_id>[0-9a-f-]{36})/?$",
        views.JobCandidateView.as_view(),
        name="job-candidate",
    ),
    re_path(r"^jobs/(?P<job_id>[0-9a-f-]{36})/quality/?$", views.JobQualityView.as_view(), name="job-quality"),
    re_path(
        r"^resumes/(?P<resume_id>[0-9a-f-]{36})/matches/?$", views.ResumeMatchesView.as_view(), name="resume-matches"
    ),
    re_path(
        r"^resumes/(?P<resume_id>[0-9a-f-]{36})/match-open-jobs/?$",
        views.MatchOpenJobsView.as_view(),
        name="resume-match-open-jobs",
    ),
    re_path(r"^matching/search/?$", views.SearchView.as_view(), name="matching-search"),
]
