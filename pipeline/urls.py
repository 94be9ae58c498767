from django.urls import path

from pipeline import views

app_name = "pipeline"

urlpatterns = [
    path("candidates/<uuid:resume_id>/", views.resume_candidacies, name="resume_candidacies"),
    path("candidacies/<uuid:pk>/move/", views.candidacy_move, name="candidacy_move"),
    path("candidacies/<uuid:pk>/board-move/", views.candidacy_board_move, name="candidacy_board_move"),
    path("jobs/<uuid:job_id>/bulk/", views.job_bulk, name="job_bulk"),
]
