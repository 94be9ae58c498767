"""/s/<token>/: the public side of shared links (no login)."""

from django.urls import path, re_path

from sharing import public_views

app_name = "shared"

urlpatterns = [
    path("<str:token>/", public_views.shared_page, name="page"),
    re_path(r"^(?P<token>[^/]+)/file/?$", public_views.shared_file, name="file"),
]
