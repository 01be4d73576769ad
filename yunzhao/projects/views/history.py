"""The project timeline as people read it: labels instead of codes, amounts in 万元 / 亿元."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from yunzhao.core import money
from yunzhao.core.choices import Currency, TimelineEvent
from yunzhao.core.models import TimelineEntry
from yunzhao.crm.choices import InteractionKind
from yunzhao.crm.models import Investor

from ..models import Project

EMPTY = "—"


@dataclass
class Change:
    """One value that changed: its label, and what it was before and after (``None``: not shown)."""

    label: str
    before: str | None
    after: str | None


@dataclass
class TimelineRow:
    """A timeline entry ready for the page."""

    entry: TimelineEntry
    title: str
    changes: list[Change] = field(default_factory=list)


def _label(name: str) -> str:
    try:
        return capfirst(Project._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return {"capital": _("Capital in place"), "scheduling": _("Scheduling update")}.get(name, name)


def _amount(value: Any, currency: str | None) -> str:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    lang = get_language() or "zh-hans"
    if currency == Currency.USD:
        return money.format_usd(number, lang)
    return money.format_cny(number, lang)


def _is_record(value: Any) -> bool:
    """A dict of several fields, as opposed to one stored model reference ``{"id", "label"}``."""
    return isinstance(value, dict) and "label" not in value


def _interaction(summary: dict) -> str:
    kind = summary.get("kind")
    parts = [
        str(dict(InteractionKind.choices).get(kind, kind or "")),
        str(summary.get("date") or ""),
        _("round %(n)s") % {"n": summary["round"]} if summary.get("round") else "",
    ]
    return " · ".join(p for p in parts if p)


class _Reader:
    """Turns stored before/after values into text, with the investor names looked up once."""

    def __init__(self, project: Project, investor_names: dict[int, str]):
        self.project = project
        self.investor_names = investor_names

    def value(self, name: str, value: Any, *, currency: str | None = None) -> str:
        if value is None or value == "" or value == []:
            return EMPTY
        if isinstance(value, dict) and "label" in value:
            return str(value["label"])
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if name == "total_investment":
            return _amount(value, currency or self.project.currency)
        if name == "investors" and isinstance(value, list):
            return "、".join(self.investor_names.get(pk, f"#{pk}") for pk in value)
        try:
            choices = dict(Project._meta.get_field(name).flatchoices)
        except FieldDoesNotExist:
            choices = {}
        if value in choices:
            return str(choices[value])
        if isinstance(value, dict):
            return "; ".join(f"{k}: {v}" for k, v in value.items())
        return str(value)

    def changes(self, entry: TimelineEntry) -> list[Change]:
        before, after = entry.before, entry.after
        event = entry.event
        if event == TimelineEvent.CREATED:
            return [Change(_("Name"), None, str(after))] if after else []
        if event == TimelineEvent.CAPITAL_RECORDED and isinstance(after, dict):
            text = " · ".join(
                filter(
                    None,
                    [
                        str(after.get("date") or ""),
                        _amount(after.get("amount"), after.get("currency")),
                        self.value("source", after.get("source")),
                    ],
                )
            )
            return [Change(_("Capital in place"), None, text)]
        if event == TimelineEvent.SCHEDULING_UPDATED and isinstance(after, dict):
            return [Change(_("Period"), None, str(after.get("period", EMPTY)))]
        if event == TimelineEvent.INTERACTION_RECORDED and isinstance(after, dict):
            return [Change(_("Interaction"), None, _interaction(after))]
        if _is_record(before) or _is_record(after):
            only_after = before is None
            before, after = before or {}, after or {}
            currency_before = before.get("currency", after.get("currency"))
            currency_after = after.get("currency", before.get("currency"))
            return [
                Change(
                    _label(name),
                    None if only_after else self.value(name, before.get(name), currency=currency_before),
                    self.value(name, after.get(name), currency=currency_after),
                )
                for name in dict.fromkeys([*before, *after])
            ]
        name = entry.field or ""
        return [Change(_label(name) if name else "", self.value(name, before), self.value(name, after))]


def timeline_rows(project: Project, entries: Iterable[TimelineEntry], user) -> list[TimelineRow]:
    """The entries of a project's timeline, readable; investor names come from one query."""
    entries = list(entries)
    investor_ids = {
        pk
        for e in entries
        if e.field == "investors"
        for side in (e.before, e.after)
        if isinstance(side, list)
        for pk in side
        if isinstance(pk, int)
    }
    names = {}
    if investor_ids:
        names = {i.pk: i.display_name for i in Investor.objects.visible_to(user).filter(pk__in=investor_ids)}
    reader = _Reader(project, names)
    return [TimelineRow(e, e.get_event_display(), reader.changes(e)) for e in entries]
