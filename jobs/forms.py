from django import forms

from jobs.models import JobDescription
from jobs.services import EDITABLE_FIELDS


class SkillListField(forms.CharField):
    """Skills typed as a comma-separated list (rendered as chips by the portal)."""

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return ", ".join(value)
        return value

    def to_python(self, value):
        value = super().to_python(value) or ""
        return [part.strip() for part in value.replace("\n", ",").split(",") if part.strip()]


class JobForm(forms.ModelForm):
    skills_required = SkillListField(required=False, help_text="Comma-separated; the portal suggests skills from the description.")
    skills_nice_to_have = SkillListField(required=False)
    must_have_skills = SkillListField(
        required=False, help_text="Required skills every candidate must show (gates). Candidates are never hidden, only marked."
    )

    class Meta:
        model = JobDescription
        fields = list(EDITABLE_FIELDS)
        labels = {"hiring_company": "Company shown to candidates"}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 10}),
            "requirements": forms.Textarea(attrs={"rows": 5}),
        }

    def clean(self):
        cleaned = super().clean()
        similarity, skills = cleaned.get("similarity_weight"), cleaned.get("skills_weight")
        if similarity is not None and skills is not None and similarity + skills <= 0:
            raise forms.ValidationError("At least one of the two weights must be above zero.")
        return cleaned
