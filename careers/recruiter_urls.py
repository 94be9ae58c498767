from django.urls import path

from careers import recruiter_views

app_name = "careers_portal"

urlpatterns = [
    path("jobs/<uuid:job_id>/screening-questions/", recruiter_views.screening_questions, name="questions"),
    path(
        "jobs/<uuid:job_id>/screening-questions/<uuid:question_id>/",
        recruiter_views.screening_question_edit,
        name="question_edit",
    ),
    path(
        "jobs/<uuid:job_id>/screening-questions/<uuid:question_id>/move/",
        recruiter_views.screening_question_move,
        name="question_move",
    ),
    path(
        "jobs/<uuid:job_id>/screening-questions/<uuid:question_id>/delete/",
        recruiter_views.screening_question_delete,
        name="question_delete",
    ),
    path("candidates/<uuid:resume_id>/applications/", recruiter_views.resume_applications, name="resume_applications"),
]
