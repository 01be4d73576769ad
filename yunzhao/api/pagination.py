"""Limit/offset pagination with the total count of the filtered set."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


class LimitOffsetPage(PaginationBase):
    """``?limit=&offset=``; answers ``{"count", "limit", "offset", "items"}``."""

    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="How many items to return.")
        offset: int = Field(0, ge=0, description="How many items to skip.")

    class Output(Schema):
        count: int = Field(description="How many items match, on all pages.")
        limit: int
        offset: int
        items: list[Any]

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Input, request: HttpRequest, **params: Any
    ) -> Any:
        offset, limit = pagination.offset, pagination.limit
        return {
            "count": queryset.order_by().count(),
            "limit": limit,
            "offset": offset,
            "items": list(queryset[offset : offset + limit]),
        }
