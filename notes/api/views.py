from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, status, viewsets
from rest_framework.response import Response

from companies.api import CompanyScopedViewSetMixin, request_company as _company
from companies.tenancy import get_for_company_or_404
from jobs.models import JobDescription
from notes import selectors, services
from notes.api.serializers import NoteCreateSerializer, NoteSerializer, NoteUpdateSerializer
from notes.models import CandidateNote
from resumes.models import Resume


class ResumeNotesView(generics.ListAPIView):
    """A candidate's notes, newest first; anyone in the company may add one."""

    serializer_class = NoteSerializer
    role_actions = {"get": "read", "post": "write_notes"}

    def _resume(self):
        return get_for_company_or_404(Resume, _company(self.request), pk=self.kwargs["resume_id"])

    def get_queryset(self):
        return selectors.note_list(company=_company(self.request), resume=self._resume())

    @extend_schema(request=NoteCreateSerializer, responses={201: NoteSerializer})
    def post(self, request, resume_id):
        resume = self._resume()
        body = NoteCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        job = None
        if body.validated_data.get("job_id"):
            job = get_for_company_or_404(JobDescription, resume.company, pk=body.validated_data["job_id"])
        note = services.note_create(resume=resume, author=request.user, body=body.validated_data["body"], job=job)
        return Response(NoteSerializer(note, context={"request": request}).data, status=status.HTTP_201_CREATED)


class NoteViewSet(
    CompanyScopedViewSetMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """One note: its author or a company administrator edits or deletes it."""

    queryset = CandidateNote.objects.select_related("author", "job")
    serializer_class = NoteSerializer
    http_method_names = ["get", "patch", "delete", "head", "options"]
    # Whose note it is (author or moderator) is the service's object-level rule.
    role_actions = {"retrieve": "read", "partial_update": "write_notes", "destroy": "write_notes"}

    @extend_schema(request=NoteUpdateSerializer, responses=NoteSerializer)
    def partial_update(self, request, pk=None):
        note = self.get_object()
        body = NoteUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        note = services.note_update(note=note, user=request.user, body=body.validated_data["body"])
        return Response(NoteSerializer(note, context={"request": request}).data)

    def perform_destroy(self, instance):
        services.note_delete(note=instance, user=self.request.user)
