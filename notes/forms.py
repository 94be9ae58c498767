from django import forms

from notes.services import MAX_BODY_LENGTH


class NoteForm(forms.Form):
    """A new note (with the jobs it may be about) or an edit (`jobs=None`: body only)."""

    body = forms.CharField(
        label="Note",
        max_length=MAX_BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "What should the team know?"}),
    )
    job = forms.ModelChoiceField(queryset=None, required=False, empty_label="No particular job", label="About job")

    def __init__(self, *args, jobs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if jobs is None:
            del self.fields["job"]
        else:
            self.fields["job"].queryset = jobs
