from django.urls import re_path

from companies.api import OptionalSlashRouter
from sharing.api.views import PublicSharedCandidateView, SharedLinkViewSet

router = OptionalSlashRouter()
router.register("shared-links", SharedLinkViewSet, basename="shared-link")

urlpatterns = [
    re_path(r"^shared/(?P<token>[^/]+)/?$", PublicSharedCandidateView.as_view(), name="shared-candidate"),
    *router.urls,
]
