"""What every list's FilterSet shares.

Each list has one django-filter FilterSet in its app's `filters.py`; its selector
applies it with `filtered()`, so the portal view and the API view that call the
selector read the same parameters the same way. A value a filter cannot read
(`min_score=abc`, `status=bogus`, a malformed id) is refused with a ValidationError
naming the parameter, never dropped (a well-formed id that is not one of the
company's rows is a 404, as in a path): the API answers 400
(companies.api.api_exception_handler), the portal shows the error instead of a list
that only looks filtered (`refusal`, `refused_status`).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend


class CompanyFilterSet(django_filters.FilterSet):
    """A FilterSet that knows whose list it filters.

    An id filter (ModelChoiceFilter) chooses among the company's own rows only, so
    another company's id is a 404 like an unknown one (filtered()). `user` is whoever asks
    (`interviewer=me`). `aliases` are other names a parameter goes by: the portal's
    search box has always sent `q` where the API says `search`.
    """

    aliases: dict[str, str] = {}

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        queryset: QuerySet | None = None,
        *,
        company: Any,
        user: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(_with_aliases(data, self.aliases), queryset, **kwargs)
        self.company = company
        self.user = user
        for filter_ in self.filters.values():
            if isinstance(filter_, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter):
                filter_.queryset = filter_.queryset.for_company(company)


def _with_aliases(data: Mapping[str, Any] | None, aliases: Mapping[str, str]) -> Mapping[str, Any] | None:
    if data is None or not any(alias in data for alias in aliases):
        return data
    renamed: Any = data.copy()  # type: ignore[attr-defined]  # a dict or a QueryDict (its copy is mutable)
    for alias, name in aliases.items():
        if alias in renamed and name not in renamed:
            if hasattr(renamed, "setlist"):
                renamed.setlist(name, renamed.getlist(alias))
            else:
                renamed[name] = renamed[alias]
        renamed.pop(alias, None)
    return renamed


def filtered(
    filterset_class: type[CompanyFilterSet],
    data: Mapping[str, Any] | None,
    queryset: QuerySet,
    *,
    company: Any,
    user: Any = None,
) -> QuerySet:
    """`queryset` narrowed by the list's parameters in `data` (a query string, a form or
    a JSON body's `filters`). Raises ValidationError naming every parameter it refused:
    a FilterSet alone would silently skip an invalid one and return the whole list."""
    filterset = filterset_class(data if data is not None else {}, queryset, company=company, user=user)
    if not filterset.is_valid():
        raise_404_for_unknown_rows(filterset.form)
        raise ValidationError(filterset.form.errors.as_data())
    return filterset.qs


def raise_404_for_unknown_rows(form: forms.Form) -> None:
    """Another company's row is a 404, as an unknown id is, in a filter as in a path: raise
    Http404 when a refused id field (a ModelChoiceField over the company's rows) was given
    well-formed ids. A malformed id stays a 400 naming the parameter."""
    for name in form.errors:
        field = form.fields.get(name)
        if not isinstance(field, forms.ModelChoiceField):  # ModelMultipleChoiceField is one too
            continue
        values = form.data.getlist(name) if hasattr(form.data, "getlist") else form.data.get(name)
        values = values if isinstance(values, list | tuple) else [values]
        try:
            ids = [uuid.UUID(str(value)) for value in values if value not in (None, "")]
        except ValueError:
            continue
        if ids:
            raise Http404(f"No {name} with that id.")


def refusal(error: ValidationError) -> str:
    """The portal's message for refused filters: each parameter, as the address names it, and why."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    parts = []
    for name, messages in error.message_dict.items():
        text = " ".join(messages)
        parts.append(text if name == NON_FIELD_ERRORS else f"“{name}”: {text}")
    return "These filters cannot be applied, so nothing is listed. " + " ".join(parts)


def portal_list(request: Any, select: Any, model: Any) -> tuple[QuerySet, str, int]:
    """A portal list view's rows: (`select()`'s queryset, "", 200), or, when its filters
    are refused, (no rows of `model`, the message naming them, the status to answer)."""
    try:
        return select(), "", 200
    except ValidationError as error:
        return model.objects.none(), refusal(error), refused_status(request)


def refused_status(request: Any) -> int:
    """A page whose filters were refused is a 400; an htmx request gets its partial as a
    200, because htmx swaps in only a successful answer and the error must replace the rows."""
    return 200 if getattr(request, "htmx", False) else 400


class TextSearchFilter(django_filters.CharFilter):
    """Rows where any of `fields` contains the text (any case), or any of the array
    fields `listing` holds it as one element (a skill, exactly as stored)."""

    def __init__(self, *, fields: tuple[str, ...], listing: tuple[str, ...] = (), **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)
        self.searched, self.listing = fields, listing

    def filter(self, qs: QuerySet, value: str | None) -> QuerySet:
        text = (value or "").strip()
        if not text:
            return qs
        match = Q()
        for name in self.searched:
            match |= Q(**{f"{name}__icontains": text})
        for name in self.listing:
            match |= Q(**{f"{name}__contains": [text]})
        return qs.filter(match)


class FlagField(forms.Field):
    """A yes/no query parameter: 1/0, true/false, on/off, yes/no in any case; blank is
    not given. Anything else is refused (django-filter's own boolean reads it as not given)."""

    TRUE = frozenset({"1", "true", "on", "yes"})
    FALSE = frozenset({"0", "false", "off", "no"})

    def to_python(self, value: Any) -> bool | None:
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValidationError("Use true or false.", code="invalid")


class FlagFilter(django_filters.BooleanFilter):
    """A BooleanFilter (a boolean in the OpenAPI schema) that refuses what is not one."""

    field_class = FlagField


class UUIDListField(forms.Field):
    """A repeated id parameter (`?resume=a&resume=b`), or a list in a JSON body."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[str]:
        if value in (None, "", [], ()):
            return []
        values = value if isinstance(value, list | tuple) else [value]
        try:
            return [str(forms.UUIDField().to_python(item)) for item in values if item not in (None, "")]
        except ValidationError as error:
            raise ValidationError("Give ids (UUIDs).", code="invalid") from error


class UUIDListFilter(django_filters.MultipleChoiceFilter):
    """Rows whose `field_name` is any of the ids given: an array of UUIDs in the schema."""

    field_class = UUIDListField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("lookup_expr", "in")
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value: list[str]) -> QuerySet:
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__{self.lookup_expr}": value})


class FilterSetInSchema(DjangoFilterBackend):
    """Describes a view's `filterset_class` in the OpenAPI schema (drf-spectacular reads
    django-filter's backend) without filtering: the view's selector has applied the same
    FilterSet already, as it does for the portal."""

    def filter_queryset(self, request: Any, queryset: QuerySet, view: Any) -> QuerySet:
        return queryset
