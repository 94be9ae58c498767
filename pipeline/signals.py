"""What the pipeline tells the layers above it (they import it; it never imports them)."""

from django.dispatch import Signal

# Sent inside the transaction that moved candidates, once per move or bulk move, with
# ``changes``: the StageChange rows just written (each with its candidacy, resume,
# from_stage and to_stage loaded). Listeners write their own rows in batches: the
# audit log and webhooks (integrations.receivers).
stages_changed = Signal()
