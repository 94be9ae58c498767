from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = "Candidate email"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from companies.models import Company
        from messaging import receivers

        # Every new company starts with a sensible template of each kind.
        post_save.connect(receivers.seed_company_templates, sender=Company, dispatch_uid="messaging.seed_templates")
