from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Analytics, the candidate timeline, the dashboard and a candidate's data export:
    read-only views across every other app, so they live at the top layer."""

    name = "reports"
    default_auto_field = "django.db.models.BigAutoField"
