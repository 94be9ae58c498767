from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "integrations"

    def ready(self) -> None:
        # Lower apps never import integrations: the audit log listens to their signals.
        from integrations import receivers, schema  # noqa: F401
