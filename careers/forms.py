from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django import forms
from django.forms import BoundField

from careers.models import QuestionKind, ScreeningQuestion, SelfIdChoice

YES_NO = [("yes", "Yes"), ("no", "No")]
NOT_ANSWERED = [("", "—")]


class ApplicationForm(forms.Form):
    full_name = forms.CharField(
        max_length=200, label="Full name", widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(
        max_length=40, required=False, widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"})
    )
    resume = forms.FileField(label="Resume", help_text="PDF, DOCX or text.")
    cover_letter = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 6}), max_length=10000)
    links = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Links",
        help_text="LinkedIn, portfolio, GitHub: one per line.",
    )
    # The honeypot: hidden from people by CSS and from assistive technology; bots fill every field.
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    utm_source = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)
    ref = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)
    consent = forms.BooleanField(label="I agree that my data is processed for this application as described above.")

    gender = forms.ChoiceField(choices=NOT_ANSWERED + SelfIdChoice.GENDER, required=False)
    ethnicity = forms.ChoiceField(choices=NOT_ANSWERED + SelfIdChoice.ETHNICITY, required=False)
    disability = forms.ChoiceField(choices=NOT_ANSWERED + SelfIdChoice.DISABILITY, required=False)
    veteran = forms.ChoiceField(choices=NOT_ANSWERED + SelfIdChoice.VETERAN, required=False, label="Veteran status")

    SELF_ID_FIELDS = ("gender", "ethnicity", "disability", "veteran")

    def __init__(self, *args: Any, questions: Iterable[ScreeningQuestion] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            name = self.question_field(question)
            if question.kind == QuestionKind.YES_NO:
                self.fields[name] = forms.ChoiceField(
                    label=question.text, choices=YES_NO, widget=forms.RadioSelect, required=question.required
                )
            else:
                self.fields[name] = forms.CharField(label=question.text, max_length=500, required=question.required)

    @staticmethod
    def question_field(question: ScreeningQuestion) -> str:
        return f"question_{question.pk.hex}"

    def question_bound_fields(self) -> list[BoundField]:
        return [self[self.question_field(q)] for q in self.questions]

    def self_id_bound_fields(self) -> list[BoundField]:
        return [self[name] for name in self.SELF_ID_FIELDS]

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def answers(self) -> dict[str, str]:
        return {str(q.pk): self.cleaned_data.get(self.question_field(q), "") for q in self.questions}

    def self_id(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name, "") for name in self.SELF_ID_FIELDS}


if TYPE_CHECKING:  # ModelForm takes its model as a type argument in the stubs only
    _ModelForm = forms.ModelForm[ScreeningQuestion]
else:
    _ModelForm = forms.ModelForm


class ScreeningQuestionForm(_ModelForm):
    """The recruiter's question; the service checks it against the model's rules."""

    class Meta:
        model = ScreeningQuestion
        fields = ["text", "kind", "required", "knockout_answer"]
        labels = {"text": "Question", "knockout_answer": "Knock-out"}
        help_texts = {
            "knockout_answer": "Yes/no questions only: the answer that rejects the applicant with a kind email."
        }
