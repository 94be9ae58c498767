from django.urls import path

from merging import views

app_name = "merging"

urlpatterns = [
    path("<uuid:resume_id>/duplicates/", views.resume_duplicates, name="duplicates"),
    path("<uuid:resume_id>/merge/", views.merge_review, name="review"),
]
