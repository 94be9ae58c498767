from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from messaging.models import EmailTemplate
from messaging.services import MAX_BODY, MAX_SUBJECT


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


if TYPE_CHECKING:
    _TemplateModelForm = forms.ModelForm[EmailTemplate]
else:  # Django's forms take no type arguments at run time
    _TemplateModelForm = forms.ModelForm


class EmailTemplateForm(_TemplateModelForm):
    class Meta:
        model = EmailTemplate
        fields = ["name", "kind", "subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}


class ComposeForm(forms.Form):
    """An email to one candidate: a template, or a message written here (template left empty)."""

    job: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, required=False, label="About the job", empty_label="No particular job"
    )
    template: forms.ModelChoiceField[EmailTemplate] = forms.ModelChoiceField(
        queryset=None, required=False, label="Template", empty_label="Write a message"
    )
    subject = forms.CharField(max_length=MAX_SUBJECT, required=False, label="Subject")
    body = forms.CharField(
        max_length=MAX_BODY,
        required=False,
        label="Message",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Merge fields such as {candidate_first_name} or {job_title} are filled in.",
    )

    def __init__(self, *args: Any, jobs: QuerySet[Any], templates: QuerySet[EmailTemplate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["job"].queryset = jobs  # type: ignore[attr-defined]
        self.fields["template"].queryset = templates  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("template"):
            for field in ("subject", "body"):
                if not (cleaned.get(field) or "").strip() and field not in self.errors:
                    self.add_error(field, "Write a subject and a message, or choose a template.")
        return cleaned

    def wording(self) -> tuple[str, str]:
        """The subject and body to send, from the template or as written."""
        template = self.cleaned_data.get("template")
        if template is not None:
            return template.subject, template.body
        return self.cleaned_data["subject"], self.cleaned_data["body"]
