"""News from jobs for higher layers (matching subscribes; jobs never imports it)."""

from django.dispatch import Signal

# Sent after the transaction that saved, closed or reopened a job commits.
# kwargs: job_id, content_changed (title, text or skills changed: re-embed and re-match).
job_saved = Signal()
