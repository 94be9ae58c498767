from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "careers"
    verbose_name = "Careers page"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from careers import cache
        from careers.models import Application, CareersSite
        from careers.services import self_id_forget
        from jobs.models import JobDescription

        # Any job write (portal, API, admin, tasks) changes what the public page shows.
        for model in (JobDescription, CareersSite):
            post_save.connect(cache.invalidate_for_row, sender=model, dispatch_uid=f"careers-{model.__name__}-save")
            post_delete.connect(cache.invalidate_for_row, sender=model, dispatch_uid=f"careers-{model.__name__}-delete")
        post_delete.connect(self_id_forget, sender=Application, dispatch_uid="careers-self-id-forget")
