from messaging import merge


def test_fields_are_found_in_order_once() -> None:
    assert merge.fields_in("Hi {candidate_first_name}, {job_title} at { company_name } {job_title}") == [
        "candidate_first_name",
        "job_title",
        "company_name",
    ]


def test_an_unknown_field_is_named_with_the_known_ones() -> None:
    [problem] = merge.check_fields("Dear {candidat_name}")
    assert "{candidat_name}" in problem and "{candidate_name}" in problem


def test_interview_fields_only_in_invitations() -> None:
    assert merge.check_fields("See you {interview_time}") == []
    [problem] = merge.check_fields("See you {interview_time}", allow_interview=False)
    assert "{interview_time}" in problem and "invitation" in problem


def test_user_text_is_never_executed() -> None:
    values = {"candidate_name": "Ada"}
    text = "{% load static %} {candidate_name.__class__} {0} {candidate_name} {{ candidate_name }}"
    # Only a field is replaced (double braces, a common habit, too): no tags, attributes or positions.
    assert merge.render(text, values) == "{% load static %} {candidate_name.__class__} {0} Ada Ada"
    assert merge.fields_in("{candidate_name.__class__} {0}") == []


def test_a_subject_stays_one_line() -> None:
    assert (
        merge.render_subject("Hello {candidate_name}", {"candidate_name": "Ada\r\nBcc: x@evil.test"})
        == "Hello Ada Bcc: x@evil.test"
    )


def test_the_html_part_escapes_everything() -> None:
    html = merge.as_html('Dear <script>alert("x")</script> & co\n\nBye')
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; co" in html
    assert html.count("<p>") == 2
