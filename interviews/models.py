from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

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
    status = models.CharField(
        max_length=20, choices=InterviewStatus.choices, default=InterviewStatus.SCHEDULED
    )
    interviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="interviews")
    # A rescheduled interview points at the one that replaces it, so history is kept.
    rescheduled_to = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="rescheduled_from"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
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


class InterviewFeedback(TenantModel):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="feedback")
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    recommendation = models.CharField(max_length=20, choices=Recommendation.choices)
    comments = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "interviewer"], name="feedback_once_per_interviewer"),
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_5"),
        ]
