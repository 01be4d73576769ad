"""Types shared by the API's schemas: amounts as decimal text, references to units and people."""

from decimal import Decimal
from typing import Annotated, Any

from django.db import models
from ninja import Schema
from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema
from pydantic_core import PydanticCustomError


def _decimal_text(value: Decimal) -> str:
    return format(value, "f")


def _refuse_json_numbers(value: Any) -> Any:
    # A JSON number arrives as a float and may already have lost digits; amounts travel as text.
    if isinstance(value, float):
        raise PydanticCustomError("amount_not_text", "amounts are written as text")
    return value


# An amount or rate in JSON: always a string of decimals, such as "150000000.00".
DecimalText = Annotated[
    Decimal,
    BeforeValidator(_refuse_json_numbers),
    PlainSerializer(_decimal_text, return_type=str),
    WithJsonSchema({"type": "string", "format": "decimal", "pattern": r"^-?\d+(\.\d+)?$"}),
]


class UnitRef(Schema):
    """An organisation unit, as a reference."""

    id: int
    code: str
    name: str

    @staticmethod
    def resolve_name(obj: models.Model) -> str:
        return obj.display_name


class UserRef(Schema):
    """A member of staff, as a reference."""

    id: int
    username: str
    name: str

    @staticmethod
    def resolve_name(obj: models.Model) -> str:
        return str(obj)


class ErrorOut(Schema):
    """An error: one sentence, in the language of the request."""

    detail: str


class ValidationErrorOut(Schema):
    """Bad input: one sentence, and the messages for each field (``__all__`` for the whole object)."""

    detail: str
    errors: dict[str, list[str]]


def choice_label(obj: models.Model, field: str) -> str:
    """The label of a choice field's value, in the active language."""
    return str(getattr(obj, f"get_{field}_display")())
