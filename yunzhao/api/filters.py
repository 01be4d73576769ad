"""Query parameters taken from a django-filter FilterSet, so that the API filters exactly as the pages do."""

from typing import Any

import django_filters as filters
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Schema
from pydantic import create_model

from .errors import ApiValidationError

# Choice lists longer than this (countries) are described rather than enumerated in the OpenAPI document.
_MAX_ENUM = 40


def _describe(flt: filters.Filter) -> tuple[Any, dict[str, Any]]:
    """The parameter type and its OpenAPI details for one filter."""
    many = isinstance(flt, filters.MultipleChoiceFilter)
    annotation: Any = list[str] if many else str
    extra: dict[str, Any] = {}
    choices = flt.extra.get("choices")
    values = [str(value) for value, _label in choices] if isinstance(choices, list | tuple) else []
    if values and len(values) <= _MAX_ENUM:
        if many:
            extra["items"] = {"type": "string", "enum": values}
        else:
            extra["enum"] = values
    if isinstance(flt, filters.DateFilter):
        extra["format"] = "date"
    if isinstance(flt, filters.ModelChoiceFilter):
        extra["format"] = "id"
    description = str(flt.label or "")
    if flt.extra.get("help_text"):
        description += f" ({flt.extra['help_text']})"
    if many:
        description += " (repeat the parameter for several values)"
    return annotation, {"description": description, "json_schema_extra": extra or None}


def query_schema_for(filterset: type[filters.FilterSet], name: str) -> type[Schema]:
    """A query-parameter schema with one optional parameter per filter of ``filterset``.

    It documents the parameters; the values themselves are read and validated by the FilterSet.
    """
    fields: dict[str, Any] = {}
    with translation.override("en"):
        for filter_name, flt in filterset.base_filters.items():
            annotation, info = _describe(flt)
            fields[filter_name] = (annotation, Field(None, **info))
    return create_model(name, __base__=Schema, **fields)


def apply_filterset(filterset: type[filters.FilterSet], request: HttpRequest, queryset: QuerySet) -> QuerySet:
    """Filter ``queryset`` with the request's query string; bad values are a 422 naming each parameter."""
    bound = filterset(data=request.GET, queryset=queryset, request=request)
    if not bound.is_valid():
        raise ApiValidationError(bound.errors)
    return bound.qs
