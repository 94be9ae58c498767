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
        from jobs.signals import job_saved

        # Any job write (portal, API, admin, tasks) changes what the public page shows.
        for model in (JobDescription, CareersSite):
            post_save.connect(cache.invalidate_for_row, sender=model, dispatch_uid=f"careers-{model.__name__}-save")
            post_delete.connect(cache.invalidate_for_row, sender=model, dispatch_uid=f"careers-{model.__name__}-delete")
        # Closing and reopening are UPDATEs (no post_save): jobs announces them after the commit.
        job_saved.connect(cache.invalidate_for_job, dispatch_uid="careers-job-saved")
        post_delete.connect(self_id_forget, sender=Application, dispatch_uid="careers-self-id-forget")
