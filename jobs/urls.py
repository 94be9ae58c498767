from django.urls import path

from jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("new/", views.job_create, name="create"),
    path("<uuid:pk>/", views.job_detail, name="detail"),
    path("<uuid:pk>/edit/", views.job_edit, name="edit"),
    path("<uuid:pk>/close/", views.job_set_status, {"action": "close"}, name="close"),
    path("<uuid:pk>/reopen/", views.job_set_status, {"action": "reopen"}, name="reopen"),
    path("<uuid:pk>/delete/", views.job_delete, name="delete"),
]
