from django.urls import path

from careers import monitor_views

app_name = "fairness"

urlpatterns = [
    path("jobs/<uuid:job_id>/", monitor_views.adverse_impact, name="job"),
]
