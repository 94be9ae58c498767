from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from matching import receivers  # noqa: F401 - connects the signal receivers
        from resumes import enrichment

        enrichment.register("matching", _LazyEnricher())


class _LazyEnricher:
    """Imports matching's services (numpy, the taxonomy, the model code) on first use,
    not in every process that loads Django."""

    def compute(self, resume):
        from matching.services import MatchingEnricher

        return MatchingEnricher().compute(resume)

    def apply(self, resume, computed):
        from matching.services import MatchingEnricher

        MatchingEnricher().apply(resume, computed)
