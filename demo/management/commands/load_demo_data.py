"""Create (once) a demo company with three users and four realistic jobs.

Safe to run any number of times: what exists is left exactly as it is, so a
second run changes nothing (and never resets a password someone changed).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Role, User
from companies.models import Company
from jobs.models import EducationLevel, EmploymentType, JobDescription
from jobs.services import job_create

COMPANY_NAME = "Demo Recruiting"

USERS = [
    # email, password, full name, role
    ("admin@demo.shortlist.local", "Demo-Admin-2026!", "Avery Admin", Role.ADMIN),
    ("recruiter@demo.shortlist.local", "Demo-Recruiter-2026!", "Riley Recruiter", Role.RECRUITER),
    ("manager@demo.shortlist.local", "Demo-Manager-2026!", "Morgan Manager", Role.HIRING_MANAGER),
]

JOBS = [
    {
        "title": "Senior Python Backend Engineer",
        "hiring_company": "Northwind Payments",
        "location": "Remote (EU time zones)",
        "salary_range": "€75,000 – €95,000",
        "employment_type": EmploymentType.FULL_TIME,
        "min_years_experience": 5,
        "education_level": EducationLevel.BACHELORS,
        "description": (
            "Northwind Payments moves money for 40,000 small businesses. Our backend team owns the "
            "ledger, the payouts pipeline and the public REST API that partners integrate with.\n\n"
            "As a senior backend engineer you will design and build services in Python and Django, "
            "model financial data in PostgreSQL, and keep latency low with Redis caching and Celery "
            "background jobs. You will review code, mentor two mid-level engineers, take part in a "
            "fair on-call rotation, and work with product managers to turn payment flows into "
            "clear, well-tested APIs.\n\n"
            "What you will do:\n"
            "- Build and evolve Django and Django REST Framework services that handle millions of "
            "transactions a month.\n"
            "- Design PostgreSQL schemas, write migrations that run without downtime, and tune slow "
            "queries.\n"
            "- Run services in Docker on AWS, with CI/CD pipelines, metrics and alerts.\n"
            "- Improve reliability: idempotent jobs, retries, and clear failure handling."
        ),
        "requirements": (
            "- 5+ years of professional Python development, at least 3 with Django.\n"
            "- Strong SQL and PostgreSQL experience, including indexing and query plans.\n"
            "- Experience designing REST APIs and writing automated tests with pytest.\n"
            "- Comfortable with Docker, Git and Linux; experience with AWS.\n"
            "- A bachelor's degree in computer science or equivalent experience.\n"
            "- Nice to have: Kubernetes, Kafka, payments or fintech background."
        ),
        "skills_required": ["Python", "Django", "PostgreSQL", "REST APIs", "Docker", "Git"],
        "skills_nice_to_have": ["Redis", "Celery", "AWS", "Kubernetes", "Kafka"],
        "must_have_skills": ["Python"],
    },
    {
        "title": "Registered Nurse – Medical-Surgical Unit",
        "hiring_company": "St. Aldric General Hospital",
        "location": "Portland, OR (on site)",
        "salary_range": "$42 – $56 per hour",
        "employment_type": EmploymentType.FULL_TIME,
        "min_years_experience": 2,
        "education_level": EducationLevel.BACHELORS,
        "description": (
            "St. Aldric General is a 320-bed teaching hospital. Our 32-bed medical-surgical unit "
            "cares for adult patients before and after surgery and with acute medical conditions.\n\n"
            "As a registered nurse you will assess patients, plan and deliver care, administer "
            "medications and IV therapy, and educate patients and families for a safe discharge. "
            "You will document care in Epic, work closely with physicians, pharmacists and "
            "therapists, and take charge-nurse shifts as you grow.\n\n"
            "Schedule: three 12-hour shifts a week, rotating weekends; day and night positions "
            "available. We offer tuition support, a clinical ladder and a paid preceptorship."
        ),
        "requirements": (
            "- Active RN license in Oregon (or a compact license) in good standing.\n"
            "- BLS certification required; ACLS within six months of hire.\n"
            "- 2+ years of acute-care nursing experience, medical-surgical preferred.\n"
            "- Bachelor of Science in Nursing (BSN).\n"
            "- Experience with electronic health records, ideally Epic.\n"
            "- Clear communication and calm under pressure."
        ),
        "skills_required": ["Patient care", "Medication administration", "IV therapy", "BLS", "Patient assessment"],
        "skills_nice_to_have": ["ACLS", "Epic", "Wound care", "Patient education"],
        "must_have_skills": ["BLS"],
    },
    {
        "title": "Financial Analyst (FP&A)",
        "hiring_company": "Brightline Retail Group",
        "location": "Chicago, IL (hybrid, 3 days in office)",
        "salary_range": "$80,000 – $98,000 + bonus",
        "employment_type": EmploymentType.FULL_TIME,
        "min_years_experience": 3,
        "education_level": EducationLevel.BACHELORS,
        "description": (
            "Brightline runs 180 home-goods stores and a growing online shop. The FP&A team is "
            "the CFO's partner for planning, forecasting and decision support.\n\n"
            "As a financial analyst you will own the monthly forecast for two business units, "
            "build the annual budget with their leaders, and explain the variance between plan "
            "and actuals. You will build financial models for store openings and pricing "
            "decisions, automate recurring reports, and present findings to senior management."
        ),
        "requirements": (
            "- 3+ years in FP&A, corporate finance or investment banking.\n"
            "- Advanced Excel: financial modeling, lookups, pivot tables; PowerPoint for "
            "presenting results.\n"
            "- Experience with budgeting, forecasting and variance analysis.\n"
            "- SQL for pulling your own data; Power BI or Tableau is a plus.\n"
            "- Bachelor's degree in finance, accounting or economics; CPA or CFA progress is a plus."
        ),
        "skills_required": ["Financial modeling", "Excel", "Forecasting", "Budgeting", "Variance analysis"],
        "skills_nice_to_have": ["SQL", "Power BI", "Tableau", "CFA", "PowerPoint"],
        "must_have_skills": ["Excel"],
    },
    {
        "title": "Product Designer",
        "hiring_company": "Fieldnote",
        "location": "London, UK (hybrid)",
        "salary_range": "£60,000 – £75,000",
        "employment_type": EmploymentType.FULL_TIME,
        "min_years_experience": 3,
        "education_level": EducationLevel.NONE,
        "description": (
            "Fieldnote makes the note-taking app that 2 million researchers and students use "
            "on web, iOS and Android.\n\n"
            "As a product designer you will own the end-to-end design of features in our "
            "collaboration area: from user research and problem framing to wireframes, "
            "prototypes and polished UI. You will work in a small team with a product manager "
            "and four engineers, run usability tests every sprint, and contribute to our design "
            "system so that the product stays consistent and accessible."
        ),
        "requirements": (
            "- 3+ years designing digital products, with a portfolio that shows your process.\n"
            "- Expert in Figma, including components and auto layout.\n"
            "- Experience with user research, usability testing and prototyping.\n"
            "- Working knowledge of accessibility (WCAG) and design systems.\n"
            "- Nice to have: HTML and CSS, motion design, experience with B2C subscription apps."
        ),
        "skills_required": ["Figma", "User research", "Prototyping", "Wireframing", "UI design"],
        "skills_nice_to_have": ["Design systems", "Usability testing", "Accessibility", "HTML", "CSS"],
        "must_have_skills": ["Figma"],
    },
]


class Command(BaseCommand):
    help = "Create the demo company, its admin, recruiter and hiring manager, and four jobs (idempotent)."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        # Found through its admin, not its name: company names are not unique, and a
        # registered company may be called "Demo Recruiting" too.
        demo_admin = User.objects.filter(email=USERS[0][0]).select_related("company").first()
        company = demo_admin.company if demo_admin is not None else None
        created = []
        if company is None:
            company = Company.objects.create(name=COMPANY_NAME)
            created.append("company")

        users = {}
        for email, password, full_name, role in USERS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(email, password, full_name=full_name, role=role, company=company)
                created.append(email)
            elif user.company_id != company.pk:
                raise CommandError(f"{email} exists but belongs to another company; not touching it.")
            users[role] = user

        existing_titles = set(JobDescription.objects.for_company(company).values_list("title", flat=True))
        for job in JOBS:
            if job["title"] not in existing_titles:
                job_create(company=company, created_by=users[Role.RECRUITER], **job)
                created.append(f"job “{job['title']}”")

        if created:
            self.stdout.write(f"Created: {', '.join(created)}.")
        else:
            self.stdout.write("Demo data already present; nothing changed.")
        self.stdout.write(self.style.SUCCESS(f"Demo company: {COMPANY_NAME}"))
        for email, password, _, role in USERS:
            self.stdout.write(f"  {role.label:<15} {email:<34} {password}")
