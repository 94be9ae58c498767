from django.urls import re_path

from companies.api import OptionalSlashRouter
from notes.api.views import NoteViewSet, ResumeNotesView

router = OptionalSlashRouter()
router.register("notes", NoteViewSet, basename="note")

urlpatterns = [
    re_path(r"^resumes/(?P<resume_id>[0-9a-f-]{36})/notes/?$", ResumeNotesView.as_view(), name="resume-notes"),
    *router.urls,
]
