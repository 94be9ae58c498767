"""Everything under /api/v1/: each app's API routes plus the schema and docs."""

from importlib import import_module

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config import api
from reports import api as reports_api

API_APPS = [
    "accounts",
    "jobs",
    "resumes",
    "matching",
    "pipeline",
    "interviews",
    "notes",
    "sharing",
    "integrations",
    "messaging",
    "careers",
    "merging",
]


def _app_routes():
    routes = []
    for app in API_APPS:
        try:
            module = import_module(f"{app}.api.urls")
        except ModuleNotFoundError as error:
            if error.name not in (f"{app}.api", f"{app}.api.urls"):
                raise
            continue
        routes.append(path("", include(module)))
    return routes


UUID = r"[0-9a-f-]{36}"

urlpatterns = [
    re_path(r"^health/?$", api.HealthView.as_view(), name="health"),
    re_path(r"^analytics/overview/?$", reports_api.AnalyticsOverviewView.as_view(), name="analytics-overview"),
    re_path(rf"^jobs/(?P<job_id>{UUID})/analytics/?$", reports_api.JobAnalyticsView.as_view(), name="job-analytics"),
    re_path(rf"^resumes/(?P<resume_id>{UUID})/export/?$", reports_api.ResumeExportView.as_view(), name="resume-export"),
    *_app_routes(),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline
    # script, so the strict Content-Security-Policy holds on this page too.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
