from django.contrib import admin
from django.urls import include, path

from config import metrics
from reports import views as reports_views

urlpatterns = [
    path("", reports_views.dashboard, name="dashboard"),
    path("accounts/", include("accounts.urls")),
    path("jobs/", include("jobs.urls")),
    path("candidates/<uuid:resume_id>/timeline/", reports_views.candidate_timeline, name="candidate_timeline"),
    path("candidates/", include("merging.urls")),
    path("candidates/", include("resumes.urls")),
    path("matching/", include("matching.urls")),
    path("notes/", include("notes.urls")),
    path("pipeline/", include("pipeline.urls")),
    path("interviews/", include("interviews.urls")),
    path("sharing/", include("sharing.urls")),
    path("email/", include("messaging.urls")),
    path("s/", include("sharing.public_urls")),
    path("careers/", include("careers.urls")),
    path("fairness/", include("careers.portal_urls")),
    # Careers' panels of the job and candidate pages (jobs/<id>/screening-questions/, candidates/<id>/applications/).
    path("", include("careers.recruiter_urls")),
    path("api/v1/", include(("config.api_router", "api"), namespace="api")),
    path("admin/", admin.site.urls),
    path("metrics", metrics.metrics_view, name="metrics"),
]

admin.site.site_header = "Shortlist administration"
admin.site.site_title = "Shortlist admin"
admin.site.index_title = "Company administration"
