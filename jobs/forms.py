import re

from django import forms

from jobs.models import JobDescription, Workplace
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


class CriteriaField(forms.CharField):
    """Criteria typed one per line: "must ×2: led a team of five or more", "nice: worked in payments";
    a line without a prefix is a nice-to-have of weight 1."""

    widget = forms.Textarea(attrs={"rows": 4})
    LINE = re.compile(r"^\s*(must|nice)\s*(?:[x×*]\s*(\d+))?\s*:\s*(.+)$", re.IGNORECASE)

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return "\n".join(
                f"{item['kind']}{' ×{:g}'.format(item['weight']) if item.get('weight', 1) != 1 else ''}: {item['text']}"
                for item in value
            )
        return value

    def to_python(self, value):
        value = super().to_python(value) or ""
        criteria = []
        for line in value.splitlines():
            if not line.strip():
                continue
            match = self.LINE.match(line)
            if match:
                criteria.append({"text": match[3], "kind": match[1].lower(), "weight": int(match[2] or 1)})
            else:
                criteria.append({"text": line, "kind": "nice", "weight": 1})
        return criteria


class JobForm(forms.ModelForm):
    skills_required = SkillListField(
        required=False, help_text="Comma-separated; the portal suggests skills from the description."
    )
    skills_nice_to_have = SkillListField(required=False)
    must_have_skills = SkillListField(
        required=False,
        help_text="Skills every candidate must show (gates); each is also a required skill. Candidates are never hidden, only marked.",
    )
    criteria = CriteriaField(
        required=False,
        help_text="What you look for beyond skills, one per line: “must ×2: led a team of five or more”, "
        "“nice: worked in payments”. Each is checked against the resume and counts with its weight.",
    )

    class Meta:
        model = JobDescription
        fields = list(EDITABLE_FIELDS)
        labels = {"hiring_company": "Company shown to candidates"}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 10}),
            "requirements": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A form that predates the field (or a client that leaves it out) means the usual on-site job.
        self.fields["workplace"].required = False
        self.fields["valid_through"].widget = forms.DateInput(attrs={"type": "date"})
        self.fields["valid_through"].help_text = "The last day the careers page takes applications (optional)."

    def clean_workplace(self):
        return self.cleaned_data.get("workplace") or Workplace.ON_SITE

    def clean(self):
        cleaned = super().clean()
        similarity, skills = cleaned.get("similarity_weight"), cleaned.get("skills_weight")
        if similarity is not None and skills is not None and similarity + skills <= 0:
            raise forms.ValidationError("At least one of the two weights must be above zero.")
        return cleaned
