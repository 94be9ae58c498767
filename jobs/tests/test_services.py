import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jobs import services
from jobs.models import JobStatus
from jobs.signals import job_saved


@pytest.fixture
def saved_events():
    events = []

    def listener(sender, **kwargs):
        events.append(kwargs)

    job_saved.connect(listener, dispatch_uid="test-listener")
    yield events
    job_saved.disconnect(dispatch_uid="test-listener")


def create(company, user, **overrides):
    fields = {
        "title": "Data Engineer",
        "description": "Build pipelines in Python and SQL on Airflow.",
        "skills_required": ["Python", "SQL", " python "],
        "skills_nice_to_have": ["Airflow", "SQL"],
        "must_have_skills": ["python", "Kafka"],
    }
    fields.update(overrides)
    return services.job_create(company=company, created_by=user, **fields)


@pytest.mark.django_db(transaction=True)
def test_create_cleans_skills_and_announces_after_commit(company, recruiter, saved_events):
    job = create(company, recruiter)
    # A skill already required is not also nice-to-have; a must-have is required too,
    # so one the recruiter did not also list as required is added there, never dropped.
    assert job.skills_nice_to_have == ["Airflow"]
    assert job.must_have_skills == ["Python", "Kafka"]
    assert job.skills_required == ["Python", "SQL", "Kafka"]
    assert job.hiring_company == company.name
    assert saved_events == [{"signal": job_saved, "job_id": job.pk, "content_changed": True}]


@pytest.mark.django_db(transaction=True)
def test_update_announces_content_change_only_when_text_or_skills_change(company, recruiter, saved_events):
    job = create(company, recruiter)
    saved_events.clear()
    services.job_update(job=job, user=recruiter, location="Berlin")
    services.job_update(job=job, user=recruiter, description="Build streaming pipelines with Kafka.")
    assert [event["content_changed"] for event in saved_events] == [False, True]


@pytest.mark.django_db
def test_hiring_manager_cannot_write_jobs(company, hiring_manager):
    with pytest.raises(PermissionDenied):
        create(company, hiring_manager)


@pytest.mark.django_db
def test_invalid_fields_are_refused(company, recruiter):
    with pytest.raises(ValidationError):
        create(company, recruiter, similarity_weight=2.0)
    with pytest.raises(TypeError):
        create(company, recruiter, embedding=[0.1])


@pytest.mark.django_db
def test_close_reopen_and_delete(company, recruiter, admin_user):
    job = create(company, recruiter)
    assert services.job_close(job=job, user=recruiter).status == JobStatus.CLOSED
    assert services.job_reopen(job=job, user=recruiter).status == JobStatus.OPEN
    with pytest.raises(PermissionDenied):
        services.job_delete(job=job, user=recruiter)
    services.job_delete(job=job, user=admin_user)
    assert not type(job).objects.filter(pk=job.pk).exists()


@pytest.mark.django_db
def test_a_must_have_listed_as_nice_to_have_becomes_required(company, recruiter):
    job = create(company, recruiter, skills_nice_to_have=["Airflow", "kafka"], must_have_skills=["Kafka"])
    assert job.skills_required == ["Python", "SQL", "Kafka"]
    assert job.skills_nice_to_have == ["Airflow"]
    assert job.must_have_skills == ["Kafka"]
