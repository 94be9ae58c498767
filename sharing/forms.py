from django import forms

from sharing.services import DEFAULT_EXPIRY_DAYS, MAX_EXPIRY_DAYS


class SharedLinkForm(forms.Form):
    job = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="No particular job",
        label="In the context of job",
        help_text="The page then shows the match explanation for this job.",
    )
    expires_in_days = forms.IntegerField(
        label="Expires after (days)", min_value=1, max_value=MAX_EXPIRY_DAYS, initial=DEFAULT_EXPIRY_DAYS
    )
    show_contact = forms.BooleanField(label="Show contact details", required=False, initial=False)
    allow_download = forms.BooleanField(
        label="Include the original file",
        required=False,
        initial=False,
        help_text="The original file shows the candidate’s email and phone, even with contact details hidden on the page.",
    )

    def __init__(self, *args, jobs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["job"].queryset = jobs
