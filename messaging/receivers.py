from __future__ import annotations

from typing import Any

from companies.models import Company


def seed_company_templates(
    sender: type[Company], instance: Company, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if created and not raw:
        from messaging.services import templates_seed

        templates_seed(company=instance)
