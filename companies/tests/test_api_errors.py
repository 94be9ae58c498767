"""One exception handler for the whole API: a service's Django errors answer as API
errors wherever they are raised, without each view wrapping its service calls."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from rest_framework import permissions
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView


def _answer(error: Exception):
    class RaisingView(APIView):
        authentication_classes: list = []
        permission_classes = [permissions.AllowAny]

        def post(self, request):
            raise error

    return RaisingView.as_view()(APIRequestFactory().post("/", {}, format="json"))


def test_field_errors_answer_400_by_field():
    response = _answer(ValidationError({"title": ["Too long."], "location": ["Unknown place."]}))
    assert response.status_code == 400
    assert response.data == {"title": ["Too long."], "location": ["Unknown place."]}


def test_errors_about_the_whole_request_answer_under_detail():
    response = _answer(ValidationError({"__all__": ["This company was registered a moment ago."]}))
    assert response.status_code == 400
    assert response.data == {"detail": "This company was registered a moment ago."}

    mixed = _answer(ValidationError({"__all__": ["Check the dates."], "starts_at": ["In the past."]}))
    assert mixed.data == {"detail": "Check the dates.", "starts_at": ["In the past."]}


def test_a_plain_validation_error_answers_under_detail():
    response = _answer(ValidationError("A rejected candidate cannot be interviewed."))
    assert response.status_code == 400
    assert response.data == {"detail": "A rejected candidate cannot be interviewed."}


def test_permission_denied_answers_403_with_its_reason():
    response = _answer(PermissionDenied("Only a company administrator may do this."))
    assert response.status_code == 403
    assert response.data == {"detail": "Only a company administrator may do this."}


def test_http404_answers_404():
    assert _answer(Http404("No such job.")).status_code == 404
