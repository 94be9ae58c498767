"""Everything under /api/v1/: each app's API routes plus the schema and docs."""

from importlib import import_module

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

API_APPS = ["accounts", "jobs", "resumes", "matching", "interviews", "notes", "sharing"]


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


urlpatterns = [
    *_app_routes(),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
