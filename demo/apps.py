from django.apps import AppConfig


class DemoConfig(AppConfig):
    """What shows Shortlist at work: the demo data (`load_demo_data`, run by `make demo`) and
    the end-to-end ingestion benchmark (`bench_ingest`). A top-layer app: they drive the
    apps below them together and nothing imports them."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
