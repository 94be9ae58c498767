from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower

from companies.models import TenantModel


class InterviewType(models.TextChoices):
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video"
    IN_PERSON = "in_person", "In person"


class InterviewStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"
    RESCHEDULED = "rescheduled", "Rescheduled"


class Recommendation(models.TextChoices):
    STRONG_YES = "strong_yes", "Strong yes"
    YES = "yes", "Yes"
    NO = "no", "No"
    STRONG_NO = "strong_no", "Strong no"


class CompetencyRating(models.IntegerChoices):
    """How an interviewer rates one competency; no row (or NULL) means not assessed."""

    STRONG_NO = 1, "Strong no"
    NO = 2, "No"
    YES = 3, "Yes"
    STRONG_YES = 4, "Strong yes"


class Interview(TenantModel):
    resume = models.ForeignKey("resumes.Resume", on_delete=models.CASCADE, related_name="interviews")
    job = models.ForeignKey("jobs.JobDescription", on_delete=models.CASCADE, related_name="interviews")
    interview_type = models.CharField(max_length=20, choices=InterviewType.choices)
    scheduled_at = models.DateTimeField()
    # The IANA zone the interview was planned in, so the calendar shows local time.
    timezone = models.CharField(max_length=64, default="UTC")
    duration_minutes = models.PositiveIntegerField(
        default=60, validators=[MinValueValidator(5), MaxValueValidator(8 * 60)]
    )
    location = models.CharField(max_length=300, blank=True)
    meeting_link = models.URLField(max_length=500, blank=True)
    notes = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=InterviewStatus.choices, default=InterviewStatus.SCHEDULED)
    interviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="interviews")
    # A rescheduled interview points at the one that replaces it, so history is kept.
    rescheduled_to = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="rescheduled_from"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    sequence = models.PositiveIntegerField(default=0, help_text="iCalendar SEQUENCE")

    class Meta:
        ordering = ["scheduled_at"]
        indexes = [
            models.Index(fields=["company", "scheduled_at"], name="interview_company_time"),
            models.Index(fields=["job", "scheduled_at"], name="interview_job_time"),
            models.Index(fields=["resume"], name="interview_resume"),
        ]

    def __str__(self) -> str:
        # The wall-clock time in the interview's zone, named: a bare UTC time reads as local.
        return f"{self.get_interview_type_display()} interview, {self.local_start:%Y-%m-%d %H:%M %Z} ({self.timezone})"

    @property
    def local_start(self):
        """The start in the interview's own zone (what the candidate and calendar see)."""
        from interviews.timezones import in_zone

        return in_zone(self.scheduled_at, self.timezone)

    @property
    def ends_at(self):
        return self.scheduled_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_final(self) -> bool:
        return self.status != InterviewStatus.SCHEDULED


class Competency(TenantModel):
    """One thing a job's interviewers assess (a scorecard line), pre-filled from the
    job's required skills. Removing one archives it: past ratings keep their name."""

    job = models.ForeignKey("jobs.JobDescription", on_delete=models.CASCADE, related_name="competencies")
    name = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=0)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "competencies"
        constraints = [
            models.UniqueConstraint(Lower("name"), "job", name="competency_name_once_per_job"),
        ]
        indexes = [models.Index(fields=["job", "position"], name="competency_job_position")]

    def __str__(self) -> str:
        return self.name


class InterviewFeedback(TenantModel):
    """An interviewer's scorecard for one interview: a rating per competency of the job,
    an overall recommendation and notes. Keyed on the interview; the job and candidate
    are copied from it so "this candidate's scorecards for this job" needs no join."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="feedback")
    job = models.ForeignKey("jobs.JobDescription", on_delete=models.CASCADE, related_name="+")
    resume = models.ForeignKey("resumes.Resume", on_delete=models.CASCADE, related_name="+")
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The overall 1–5 rating of feedback recorded before scorecards; optional since.
    rating = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    recommendation = models.CharField(max_length=20, choices=Recommendation.choices)
    comments = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = "scorecard"
        constraints = [
            models.UniqueConstraint(fields=["interview", "interviewer"], name="feedback_once_per_interviewer"),
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_5"),
        ]
        indexes = [models.Index(fields=["job", "resume"], name="feedback_job_resume")]

    def __str__(self) -> str:
        return f"Scorecard by {self.interviewer} ({self.get_recommendation_display()})"


class ScorecardRating(TenantModel):
    """One competency's rating on a scorecard; a competency without a row was not assessed."""

    feedback = models.ForeignKey(InterviewFeedback, on_delete=models.CASCADE, related_name="ratings")
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="ratings")
    rating = models.PositiveSmallIntegerField(choices=CompetencyRating.choices)

    class Meta:
        ordering = ["competency__position", "competency__name"]
        constraints = [
            models.UniqueConstraint(fields=["feedback", "competency"], name="rating_once_per_competency"),
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=4), name="rating_1_4"),
        ]

    def __str__(self) -> str:
        return f"{self.competency}: {self.get_rating_display()}"
