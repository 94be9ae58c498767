import uuid

from django.core.validators import RegexValidator
from django.db import models

from companies.models import TenantModel

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", "A colour as #rrggbb, for example #2554c7.")
# /careers/withdraw/<token>/ is the withdrawal link: no company may take that address.
not_reserved = RegexValidator(r"^withdraw$", "This address is reserved.", inverse_match=True)


class CareersSite(TenantModel):
    """A company's public careers page: its address, logo and colours (set in the admin)."""

    slug = models.SlugField(
        max_length=60, unique=True, validators=[not_reserved], help_text="The page lives at /careers/<slug>/."
    )
    published = models.BooleanField(default=True)
    intro = models.TextField(blank=True, help_text="A short paragraph above the list of jobs.")
    logo = models.ImageField(upload_to="careers/logos/", blank=True)
    # Only validated #rrggbb values reach the generated stylesheet: nothing else can be injected into CSS.
    brand_colour = models.CharField(max_length=7, default="#2554c7", validators=[hex_colour])
    text_on_brand_colour = models.CharField(max_length=7, default="#ffffff", validators=[hex_colour])
    embed_origins = models.CharField(
        max_length=500,
        blank=True,
        help_text="Space-separated origins (https://www.example.com) allowed to frame the embeddable list; "
        "blank allows any site.",
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["company"], name="careers_site_one_per_company")]

    def __str__(self) -> str:
        return self.slug


class QuestionKind(models.TextChoices):
    YES_NO = "yes_no", "Yes / no"
    SHORT_TEXT = "short_text", "Short text"


class KnockoutAnswer(models.TextChoices):
    NONE = "", "No knock-out"
    YES = "yes", "Answering yes rejects"
    NO = "no", "Answering no rejects"


class ScreeningQuestion(TenantModel):
    """A question the recruiter asks every applicant to one job."""

    job = models.ForeignKey("jobs.JobDescription", on_delete=models.CASCADE, related_name="screening_questions")
    text = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=QuestionKind.choices, default=QuestionKind.YES_NO)
    required = models.BooleanField(default=True)
    # Only for yes/no questions: the answer that ends the application with a kind rejection email.
    knockout_answer = models.CharField(max_length=3, choices=KnockoutAnswer.choices, blank=True, default="")
    position = models.PositiveSmallIntegerField(default=0)
    # A question someone has answered is archived, not deleted: the form stops asking it and
    # its answers keep naming it.
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "created_at"]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.knockout_answer and self.kind != QuestionKind.YES_NO:
            raise ValidationError({"knockout_answer": "Only a yes/no question can have a knock-out answer."})


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    KNOCKED_OUT = "knocked_out", "Rejected by a screening answer"


class Application(TenantModel):
    """One candidate's application to one job through the careers page.

    The candidate's data lives on the resume (and, once the pipeline exists, its
    candidacy); this row keeps what only the application knows: the answers, the
    cover letter, where the candidate came from and when they consented.
    Deleting the resume (erasure, retention) deletes the application with it.
    """

    job = models.ForeignKey("jobs.JobDescription", on_delete=models.CASCADE, related_name="+")
    resume = models.ForeignKey("resumes.Resume", on_delete=models.CASCADE, related_name="+")
    full_name = models.CharField(max_length=200)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    cover_letter = models.TextField(blank=True)
    links = models.TextField(blank=True)
    answers = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.RECEIVED)
    utm_source = models.CharField(max_length=100, blank=True)
    referral_code = models.CharField(max_length=100, blank=True)
    consented_at = models.DateTimeField()
    # How many times the candidate sent this application (duplicates are merged into the first).
    submissions = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["job", "email"], name="application_job_email")]

    def __str__(self) -> str:
        return f"{self.full_name} → {self.job_id}"

    @property
    def source_label(self) -> str:
        """Where the candidate came from, as recruiters read it: "Careers page (utm_source: newsletter)"."""
        details = [f"utm_source: {self.utm_source}"] if self.utm_source else []
        if self.referral_code:
            details.append(f"referral code: {self.referral_code}")
        return "Careers page" + (f" ({', '.join(details)})" if details else "")


class SelfIdChoice:
    """Each question's answers; "declined" is "prefer not to say", blank is not answered."""

    DECLINED = ("declined", "Prefer not to say")
    GENDER = [
        ("woman", "Woman"),
        ("man", "Man"),
        ("non_binary", "Non-binary"),
        ("self_described", "I describe myself another way"),
        DECLINED,
    ]
    ETHNICITY = [
        ("hispanic_latino", "Hispanic or Latino"),
        ("white", "White"),
        ("black", "Black or African American"),
        ("asian", "Asian"),
        ("native_american", "American Indian or Alaska Native"),
        ("pacific_islander", "Native Hawaiian or other Pacific Islander"),
        ("two_or_more", "Two or more races"),
        DECLINED,
    ]
    DISABILITY = [("yes", "Yes, I have a disability"), ("no", "No, I do not have a disability"), DECLINED]
    VETERAN = [
        ("protected_veteran", "I am a protected veteran"),
        ("not_veteran", "I am not a protected veteran"),
        DECLINED,
    ]


class SelfIdentification(models.Model):
    """Voluntary self-identification, kept apart from the candidate.

    No foreign key to the resume or the application: nothing that follows a
    candidate's rows (the recruiter's JSON export walks the resume's cascade,
    serializers follow relations) can reach it. It names its application by id
    only, and careers deletes it when that application goes (erasure,
    retention). Only the adverse-impact monitor reads it, in aggregate.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    company = models.ForeignKey("companies.Company", on_delete=models.CASCADE, related_name="+")
    job = models.ForeignKey("jobs.JobDescription", on_delete=models.CASCADE, related_name="+")
    application_id = models.UUIDField(unique=True)
    gender = models.CharField(max_length=20, choices=SelfIdChoice.GENDER, blank=True)
    ethnicity = models.CharField(max_length=20, choices=SelfIdChoice.ETHNICITY, blank=True)
    disability = models.CharField(max_length=20, choices=SelfIdChoice.DISABILITY, blank=True)
    veteran = models.CharField(max_length=20, choices=SelfIdChoice.VETERAN, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    CATEGORIES = ("gender", "ethnicity", "disability", "veteran")

    def __str__(self) -> str:
        return "Self-identification"
