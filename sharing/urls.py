from django.urls import path

from sharing import views

app_name = "sharing"

urlpatterns = [
    path("candidates/<uuid:resume_id>/", views.resume_links, name="resume_links"),
    path("links/<uuid:pk>/revoke/", views.link_revoke, name="revoke"),
]
