from django.urls import re_path

from merging.api.views import MergePreviewView, MergeView

UUID = r"[0-9a-f-]{36}"

urlpatterns = [
    re_path(
        rf"^resumes/(?P<resume_id>{UUID})/merge-preview/?$", MergePreviewView.as_view(), name="resume-merge-preview"
    ),
    re_path(rf"^resumes/(?P<resume_id>{UUID})/merge/?$", MergeView.as_view(), name="resume-merge"),
]
