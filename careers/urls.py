from django.urls import path

from careers import views

app_name = "careers"

urlpatterns = [
    path("<slug:slug>/", views.careers_index, name="index"),
    path("<slug:slug>/embed/", views.careers_embed, name="embed"),
    path("<slug:slug>/theme.css", views.careers_theme, name="theme"),
    path("<slug:slug>/logo", views.careers_logo, name="logo"),
    path("<slug:slug>/jobs/<uuid:job_id>/", views.careers_job, name="job"),
    path("<slug:slug>/jobs/<uuid:job_id>/apply/", views.careers_apply, name="apply"),
    path("<slug:slug>/jobs/<uuid:job_id>/applied/", views.careers_applied, name="applied"),
    path("withdraw/<str:token>/", views.careers_withdraw, name="withdraw"),
]
