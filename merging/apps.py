from django.apps import AppConfig


class MergingConfig(AppConfig):
    """Merging duplicate candidates: a top-layer app, since a merge moves rows of every app above resumes."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "merging"
