from django.urls import re_path

from companies.api import OptionalSlashRouter
from interviews.api.views import InterviewViewSet

router = OptionalSlashRouter()
router.register("interviews", InterviewViewSet, basename="interview")

urlpatterns = [
    # The calendar file under the name calendar programs expect: /api/v1/interviews/{id}.ics
    re_path(
        r"^interviews/(?P<pk>[0-9a-f-]{36})\.ics$",
        InterviewViewSet.as_view({"get": "ics"}, **InterviewViewSet.ics.kwargs),
        name="interview-ics-file",
    ),
    *router.urls,
]
