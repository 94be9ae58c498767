"""Notes on the candidate page: a panel loaded by htmx, edited in place."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from companies.roles import role_required
from companies.tenancy import company_of, get_for_company_or_404
from matching.selectors import candidate_job_choices
from notes import selectors, services
from notes.forms import NoteForm
from notes.models import CandidateNote
from resumes.models import Resume

TEMPLATE = "notes/resume_notes.html"


def _with_permissions(notes, user):
    notes = list(notes)
    for note in notes:
        note.can_change = services.note_can_change(note=note, user=user)
    return notes


def _add_service_errors(form, error: ValidationError) -> None:
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


@role_required("read", post="write_notes")
def resume_notes(request, resume_id):
    """The candidate's notes, newest first, with a form to add one (GET shows, POST adds)."""
    company = company_of(request.user)
    resume = get_for_company_or_404(Resume, company, pk=resume_id)
    jobs = candidate_job_choices(company=company, resume=resume)
    form = NoteForm(request.POST or None, jobs=jobs)
    if request.method == "POST" and form.is_valid():
        try:
            services.note_create(
                resume=resume, author=request.user, body=form.cleaned_data["body"], job=form.cleaned_data["job"]
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            if not request.htmx:
                return redirect("resumes:detail", pk=resume.pk)
            form = NoteForm(jobs=jobs)
    context = {
        "resume": resume,
        "form": form,
        "notes": _with_permissions(selectors.note_list(company=company, resume=resume), request.user),
    }
    return TemplateResponse(request, TEMPLATE + "#notes-panel" if request.htmx else TEMPLATE, context)


@role_required("read")
def note_detail(request, pk):
    """One note as it appears in the list (htmx: what "Cancel" in the edit form swaps back)."""
    note = get_for_company_or_404(
        CandidateNote.objects.select_related("author", "job"), company_of(request.user), pk=pk
    )
    note.can_change = services.note_can_change(note=note, user=request.user)
    return TemplateResponse(request, TEMPLATE + "#note", {"note": note})


@role_required("read", post="write_notes")
def note_edit(request, pk):
    note = get_for_company_or_404(
        CandidateNote.objects.select_related("author", "job"), company_of(request.user), pk=pk
    )
    if not services.note_can_change(note=note, user=request.user):
        raise PermissionDenied("Only the author or a company administrator can change this note.")
    form = NoteForm(request.POST or None, initial={"body": note.body})
    if request.method == "POST" and form.is_valid():
        try:
            note = services.note_update(note=note, user=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            if not request.htmx:
                return redirect("resumes:detail", pk=note.resume_id)
            note = CandidateNote.objects.select_related("author", "job").get(pk=note.pk)
            note.can_change = True
            return TemplateResponse(request, TEMPLATE + "#note", {"note": note})
    template = "notes/note_edit.html#note-edit" if request.htmx else "notes/note_edit.html"
    return TemplateResponse(request, template, {"note": note, "form": form})


@role_required("write_notes")
@require_POST
def note_delete(request, pk):
    note = get_for_company_or_404(CandidateNote, company_of(request.user), pk=pk)
    services.note_delete(note=note, user=request.user)
    if request.htmx:
        # An empty answer: htmx swaps the note out of the list.
        return HttpResponse("")
    return redirect("resumes:detail", pk=note.resume_id)
