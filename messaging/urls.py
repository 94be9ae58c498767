from django.urls import path

from messaging import views

app_name = "messaging"

urlpatterns = [
    path("candidates/<uuid:resume_id>/", views.resume_messages, name="resume_messages"),
    path("candidates/<uuid:resume_id>/preview/", views.message_preview, name="preview"),
    path("templates/", views.template_list, name="template_list"),
    path("templates/new/", views.template_create, name="template_create"),
    path("templates/<uuid:pk>/", views.template_edit, name="template_edit"),
    path("templates/<uuid:pk>/delete/", views.template_delete, name="template_delete"),
]
