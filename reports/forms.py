"""The dashboard's choice of job: one of the company's, read like every list's filters
(companies.filters): a malformed id is refused and named, not dropped; another
company's job is a 404, as an unknown one is."""

from __future__ import annotations

from typing import Any

from django import forms

from jobs.models import JobDescription


class DashboardForm(forms.Form):
    job = forms.ModelChoiceField(queryset=JobDescription.objects.none(), required=False)

    def __init__(self, data: Any, *, company: Any) -> None:
        super().__init__(data)
        job = self.fields["job"]
        assert isinstance(job, forms.ModelChoiceField)
        job.queryset = JobDescription.objects.for_company(company)
