import pytest

PYTHON_RESUME = """Daniel Okafor
daniel.okafor@example.com | +1 (312) 555-0147 | Chicago, IL
github.com/dokafor

Summary
Backend engineer with 7 years of experience building web services in Python.

Experience
Senior Backend Engineer, Paystream Inc., Mar 2020 - Present
- Built REST APIs with Django and Django REST Framework for a payments platform.
- Designed PostgreSQL schemas and tuned slow queries; added Redis caching.
- Ran services in Docker on AWS; wrote CI/CD pipelines in GitHub Actions.
Backend Developer, Webshop GmbH, Jan 2017 - Feb 2020
- Developed Flask microservices and Celery workers; wrote unit tests with pytest.

Education
B.Sc. Computer Science, University of Illinois, 2016

Skills
Python, Django, Flask, PostgreSQL, Redis, Docker, AWS, Celery, Git, REST APIs
"""

NURSE_RESUME = """Grace Miller
grace.miller@example.com | (555) 201-3344 | Denver, CO

Summary
Compassionate registered nurse with 9 years of experience in acute care hospitals.

Experience
Registered Nurse, St. Luke's Medical Center, Jun 2016 - Present
- Provided patient care for 5-6 patients per shift on a medical-surgical unit.
- Administered medications, monitored vital signs and documented care in Epic.
Staff Nurse, Mercy Hospital, 2014 - 2016
- Triage and wound care in the emergency department.

Education
Bachelor of Science in Nursing, University of Colorado, 2014

Certifications
RN License, BLS, ACLS

Skills
Patient Care, Medication Administration, Wound Care, Triage, Epic, Patient Education
"""


@pytest.fixture
def ingest(company, recruiter):
    """Run the real pipeline (extract, parse, skills, embed) on a text resume."""

    from django.core.files.uploadedfile import SimpleUploadedFile

    from resumes import services as resume_services

    def run(text, *, job=None, name="resume.txt"):
        batch = resume_services.resume_upload(
            company=company, user=recruiter, files=[SimpleUploadedFile(name, text.encode())], job=job
        )
        resume = batch.results[0].resume
        resume.refresh_from_db()
        assert resume.status == "processed", resume.error
        return resume

    return run
