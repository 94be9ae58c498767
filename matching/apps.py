from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from jobs import selectors as job_selectors
        from matching import receivers  # noqa: F401 - connects the signal receivers
        from resumes import enrichment

        enrichment.register("matching", _LazyEnricher())
        job_selectors.register_annotation("candidate_count", _candidate_counts)


def _candidate_counts(jobs):
    from matching.selectors import jobs_with_candidate_counts  # on first use, as the enricher below

    return jobs_with_candidate_counts(jobs)


class _LazyEnricher:
    """Imports matching's services (numpy, the taxonomy, the model code) on first use,
    not in every process that loads Django."""

    def compute(self, resume):
        from matching.services import MatchingEnricher

        return MatchingEnricher().compute(resume)

    def apply(self, resume, computed):
        from matching.services import MatchingEnricher

        MatchingEnricher().apply(resume, computed)
