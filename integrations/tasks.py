from celery import shared_task


# Not retried: tomorrow's beat is its retry, and a purge run twice removes nothing twice.
@shared_task(autoretry_for=())  # type: ignore[untyped-decorator]
def purge_audit_log() -> int:
    from integrations.audit import audit_purge

    return audit_purge()
