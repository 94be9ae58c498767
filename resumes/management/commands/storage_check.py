"""Check the storage of uploaded files from this host: write a probe object, read it
back, delete it. Run it on each new web or worker host: a host that cannot reach
the bucket (or sees another MEDIA_ROOT) fails here, not in a recruiter's upload.

    python manage.py storage_check
    python manage.py storage_check --create-bucket   # S3: create the bucket first if missing (compose's MinIO)
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Write, read back and delete a probe file in the storage of uploaded files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--create-bucket", action="store_true", help="create SHORTLIST_S3_BUCKET if it does not exist (private)"
        )

    def handle(self, *args: Any, create_bucket: bool = False, **options: Any) -> None:
        bucket = settings.SHORTLIST_S3_BUCKET
        if create_bucket:
            if not bucket:
                raise CommandError(
                    "--create-bucket: SHORTLIST_S3_BUCKET is not set, so uploaded files would stay in MEDIA_ROOT. "
                    "Set it (and SHORTLIST_S3_ENDPOINT_URL, the keys) on every host."
                )
            self._ensure_bucket(bucket)
        where = f"bucket {bucket!r}" if bucket else f"folder {settings.MEDIA_ROOT}"
        probe = f"storage check {uuid.uuid4()}".encode()
        try:
            name = default_storage.save(f"storage-check/{uuid.uuid4().hex}.txt", ContentFile(probe))
            try:
                with default_storage.open(name, "rb") as handle:
                    if handle.read() != probe:
                        raise CommandError(f"{where}: the probe read back differs from what was written")
            finally:
                default_storage.delete(name)
            if default_storage.exists(name):
                raise CommandError(f"{where}: the probe could not be deleted")
        except CommandError:
            raise
        except Exception as error:
            raise CommandError(f"{where}: {type(error).__name__}: {error}") from error
        self.stdout.write(f"Uploaded files: {where} can be written, read and deleted from this host.")

    def _ensure_bucket(self, bucket: str) -> None:
        from botocore.exceptions import ClientError

        client = default_storage.connection.meta.client  # type: ignore[attr-defined]
        try:
            client.head_bucket(Bucket=bucket)
            return
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") not in ("404", "NoSuchBucket"):
                raise CommandError(f"bucket {bucket!r}: {error}") from error
        region = settings.STORAGES["default"]["OPTIONS"].get("region_name")
        extra = (
            {"CreateBucketConfiguration": {"LocationConstraint": region}} if region and region != "us-east-1" else {}
        )
        # A new bucket is private: no ACL, no policy; files leave it only through Django.
        client.create_bucket(Bucket=bucket, **extra)
        self.stdout.write(f"Created the bucket {bucket!r}.")
