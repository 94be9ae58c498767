from django.urls import path

from interviews import views

app_name = "interviews"

urlpatterns = [
    path("", views.interview_list, name="list"),
    path("jobs/<uuid:job_id>/", views.interview_list, name="job_list"),
    path("jobs/<uuid:job_id>/competencies/", views.job_competencies, name="job_competencies"),
    path("candidates/<uuid:resume_id>/", views.resume_interviews, name="resume_interviews"),
    path("candidates/<uuid:resume_id>/scorecards/", views.resume_scorecards, name="resume_scorecards"),
    path("<uuid:pk>/", views.interview_detail, name="detail"),
    path("<uuid:pk>/status/", views.interview_status, name="status"),
    path("<uuid:pk>/reschedule/", views.interview_reschedule, name="reschedule"),
    path("<uuid:pk>/feedback/", views.interview_feedback, name="feedback"),
    path("<uuid:pk>/ics/", views.interview_ics, name="ics"),
    path("<uuid:pk>.ics", views.interview_ics, name="ics_file"),
]
