from django.urls import path

from resumes import views

app_name = "resumes"

urlpatterns = [
    path("", views.resume_list, name="list"),
    path("upload/", views.resume_upload, name="upload"),
    path("uploads/<uuid:batch_id>/", views.upload_batch, name="batch"),
    path("<uuid:pk>/", views.resume_detail, name="detail"),
    path("<uuid:pk>/status/", views.resume_status, name="status"),
    path("<uuid:pk>/retry/", views.resume_retry, name="retry"),
    path("<uuid:pk>/file/", views.resume_download, name="download"),
    path("<uuid:pk>/delete/", views.resume_delete, name="delete"),
]
