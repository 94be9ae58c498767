"""News from resumes for higher layers (matching subscribes; resumes never imports it)."""

from django.dispatch import Signal

# Enrichment (skills, embeddings) is not a signal: it is the explicit step in
# resumes/enrichment.py, computed before the resume's row is locked.

# Sent after the transaction that marked a resume processed commits.
# kwargs: resume_id, job_ids (the jobs it was uploaded for; may be empty).
resume_processed = Signal()

# Sent after commit when an existing resume is attached to a job (re-upload to another job).
# kwargs: resume_id, job_id.
resume_attached = Signal()

# Sent inside the upload's transaction when a resume becomes a candidate of a job
# (a new upload for the job, or the same file uploaded again for another job).
# kwargs: resume, job, channel ("upload": the portal, "api", "application": a public job application).
resume_added_to_job = Signal()

# Sent when candidate data leaves Shortlist through an export (the audit log listens).
# kwargs: company_id, what ("original_file", "ranked_list", "candidate_json"), target (a row).
candidate_data_exported = Signal()
