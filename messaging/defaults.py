"""The templates every company starts with (new companies and, by a data migration, existing ones).

Pure data: the data migration imports it, so it must never import models.
"""

DEFAULT_TEMPLATES = [
    {
        "kind": "invitation",
        "name": "Interview invitation",
        "subject": "Interview for {job_title} at {company_name}",
        "body": (
            "Dear {candidate_first_name},\n\n"
            "Thank you for your interest in the {job_title} role at {company_name}. "
            "We would like to invite you to a {interview_type} interview.\n\n"
            "When: {interview_time}\n"
            "Duration: {interview_duration}\n"
            "Where: {interview_location}\n\n"
            "The attached calendar file adds the interview to your calendar. "
            "If the time does not suit you, simply reply to this email.\n\n"
            "Kind regards,\n{sender_name}\n{company_name}"
        ),
    },
    {
        "kind": "rejection",
        "name": "Rejection",
        "subject": "Your application for {job_title} at {company_name}",
        "body": (
            "Dear {candidate_first_name},\n\n"
            "Thank you for the time you spent applying for the {job_title} role at {company_name}. "
            "After careful consideration we have decided not to take your application further.\n\n"
            "We appreciate your interest and wish you every success in your search.\n\n"
            "Kind regards,\n{sender_name}\n{company_name}"
        ),
    },
    {
        "kind": "custom",
        "name": "Follow-up",
        "subject": "Your application for {job_title}",
        "body": (
            "Dear {candidate_first_name},\n\n"
            "Thank you for applying for the {job_title} role at {company_name}.\n\n\n\n"
            "Kind regards,\n{sender_name}\n{company_name}"
        ),
    },
]
