from django.urls import path

from notes import views

app_name = "notes"

urlpatterns = [
    path("candidates/<uuid:resume_id>/", views.resume_notes, name="resume_notes"),
    path("<uuid:pk>/", views.note_detail, name="detail"),
    path("<uuid:pk>/edit/", views.note_edit, name="edit"),
    path("<uuid:pk>/delete/", views.note_delete, name="delete"),
]
