from django.urls import re_path

from messaging.api.views import EmailTemplateListView, ResumeMessagesView

urlpatterns = [
    re_path(r"^email-templates/?$", EmailTemplateListView.as_view(), name="email-template-list"),
    re_path(r"^resumes/(?P<resume_id>[0-9a-f-]{36})/emails/?$", ResumeMessagesView.as_view(), name="resume-emails"),
]
