from django.urls import path

from matching import views

app_name = "matching"

urlpatterns = [
    path("jobs/<uuid:job_id>/candidates/", views.job_candidates, name="job_candidates"),
    path("jobs/<uuid:job_id>/candidates/export/", views.job_candidates_export, name="export"),
    path("matches/<uuid:match_id>/status/", views.candidate_status, name="candidate_status"),
    path("matches/<uuid:match_id>/add/", views.candidate_add, name="candidate_add"),
    path("matches/<uuid:match_id>/why/", views.candidate_explanation, name="explanation"),
    path("candidates/<uuid:resume_id>/matches/", views.resume_matches, name="resume_matches"),
    path("candidates/<uuid:resume_id>/text/", views.resume_text, name="resume_text"),
    path("candidates/<uuid:resume_id>/match-open-jobs/", views.match_open_jobs, name="match_open_jobs"),
    path("search/", views.search, name="search"),
    path("suggest-skills/", views.suggest_skills, name="suggest_skills"),
]
