"""Every API error as JSON, in the language of the request.

The body is always ``{"detail": "<sentence>"}``; validation errors add ``"errors"``, a mapping from
field name to a list of messages (``"__all__"`` for errors about the whole object).
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

# Error codes raised by actions that mean "this already exists": answered with 409 Conflict.
CONFLICT_CODES = frozenset({"possible_duplicate", "duplicate_credit_code", "unique"})
# Where a request parameter came from; not part of the field name shown to the caller.
_SOURCES = frozenset({"body", "query", "path", "header", "cookie", "form", "file"})
# The names the endpoints give their parsed parameters; not part of the field name either.
PARAM_NAMES = frozenset({"payload", "filters", "ninja_pagination"})


class ApiValidationError(Exception):
    """Raised by endpoints for bad input found after parsing: ``errors`` maps fields to messages."""

    def __init__(self, errors: Mapping[str, Iterable[str]], *, status: int = 422):
        self.errors = {field: [str(m) for m in messages] for field, messages in errors.items()}
        self.status = status
        super().__init__(self.errors)


def _pydantic_message(error: Mapping[str, Any]) -> str:
    """One parsing error of pydantic, said in the words Django's own forms use (and translate)."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind.startswith("int_"):
        return _("Enter a whole number.")
    if kind == "amount_not_text":
        return _('Write amounts as text, such as "150000000.00", not as JSON numbers.')
    if kind.startswith(("decimal_", "float_")) or kind == "finite_number":
        return _("Enter a number.")
    if kind.startswith("datetime_"):
        return _("Enter a valid date/time.")
    if kind.startswith("date_"):
        return _("Enter a valid date.")
    if kind.startswith("bool_"):
        return _("Enter true or false.")
    if kind in ("enum", "literal_error"):
        return _("Select a valid choice. That choice is not one of the available choices.")
    if kind in ("list_type", "set_type", "tuple_type"):
        return _("Enter a list of values.")
    if kind in ("greater_than_equal", "greater_than"):
        return _("Ensure this value is greater than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("ge", ctx.get("gt"))
        }
    if kind in ("less_than_equal", "less_than"):
        return _("Ensure this value is less than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("le", ctx.get("lt"))
        }
    if kind == "extra_forbidden":
        return _("This field is unknown or cannot be set here.")
    if kind == "json_invalid":
        return _("The request body is not valid JSON.")
    if kind in ("model_attributes_type", "dict_type", "model_type"):
        return _("Send a JSON object.")
    if kind.startswith("string_"):
        return _("Enter text.")
    return _("Enter a valid value.")


def _field_name(loc: Iterable[Any]) -> str:
    """``("body", "payload", "investors", 0)`` → ``"investors.0"``; the whole body → ``"__all__"``."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
    if parts and parts[0] in PARAM_NAMES:
        parts = parts[1:]
    return ".".join(parts) or NON_FIELD_ERRORS


def _collect(errors: dict[str, list[str]], field: str, message: str) -> None:
    messages = errors.setdefault(field, [])
    if message not in messages:
        messages.append(message)


def validation_body(errors: Mapping[str, list[str]]) -> dict[str, Any]:
    """The JSON of a 422: a sentence, and the messages by field."""
    return {"detail": _("The request has errors; see the messages for each field."), "errors": dict(errors)}


def django_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    """A Django ValidationError as field → messages (already in the active language)."""
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for e in errs for m in e.messages] for field, errs in exc.error_dict.items()}
    return {NON_FIELD_ERRORS: [str(m) for m in exc.messages]}


def _error_codes(exc: DjangoValidationError) -> set[str]:
    if hasattr(exc, "error_dict"):
        return {e.code for errs in exc.error_dict.values() for e in errs if e.code}
    return {e.code for e in exc.error_list if e.code}


def unauthorized(api: NinjaAPI, request: HttpRequest) -> HttpResponse:
    """The 401 for a missing, unknown or revoked credential."""
    message = _("Authentication credentials were not provided or are not valid.")
    response = api.create_response(request, {"detail": message}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def not_found(api: NinjaAPI, request: HttpRequest) -> HttpResponse:
    """The 404 for another unit's record, a record that does not exist, or an unknown path."""
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


def install(api: NinjaAPI) -> None:
    """Register the handlers that turn every failure into a JSON answer in the request's language."""

    def on_parse_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            _collect(errors, _field_name(error.get("loc", ())), _pydantic_message(error))
        return api.create_response(request, validation_body(errors), status=422)

    def on_invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        status = 409 if _error_codes(exc) & CONFLICT_CODES else 422
        return api.create_response(request, validation_body(django_errors(exc)), status=status)

    def on_api_invalid(request: HttpRequest, exc: ApiValidationError) -> HttpResponse:
        return api.create_response(request, validation_body(exc.errors), status=exc.status)

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return not_found(api, request)

    def on_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        message = str(exc) or _("You may not do this.")
        return api.create_response(request, {"detail": message}, status=403)

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc, AuthenticationError):
            return unauthorized(api, request)
        if exc.status_code == 400:  # the only 400 django-ninja raises: a body that is not JSON
            return api.create_response(
                request, {"detail": _("The request body is not valid JSON.")}, status=400
            )
        return api.create_response(request, {"detail": exc.message}, status=exc.status_code)

    api.add_exception_handler(NinjaValidationError, on_parse_error)
    api.add_exception_handler(DjangoValidationError, on_invalid)
    api.add_exception_handler(ApiValidationError, on_api_invalid)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(PermissionDenied, on_denied)
    api.add_exception_handler(HttpError, on_http_error)
