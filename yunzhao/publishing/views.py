"""Staff pages for published content: lists, the bilingual editor, publish and unpublish, the timeline."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.forms import BoundField
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from yunzhao.core import timeline
from yunzhao.core.access import can_write
from yunzhao.core.forms import add_action_errors

from . import actions
from .choices import Status
from .models import Content
from .registry import KINDS, ContentKind, get_kind

PER_PAGE = 50
TIMELINE_LIMIT = 50


def _get_item(kind: ContentKind, pk: int, user) -> Content:
    """The item if the user may see it; 404 otherwise (another unit's content included)."""
    item = kind.queryset().visible_to(user).filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def _require_writer(request: HttpRequest) -> None:
    if not can_write(request.user):
        raise PermissionDenied(_("You may not publish content."))


def public_url(kind: ContentKind, item: Content, lang: str = "zh") -> str:
    """Where a published item is seen on the portal ("" if it has no page of its own)."""
    try:
        return reverse(kind.portal_url, kwargs={"lang": lang, **kind.portal_args(item)})
    except NoReverseMatch:
        return ""


def index(request: HttpRequest) -> HttpResponse:
    """Every kind of content with how many items are published and in draft."""
    rows = []
    for kind in KINDS.values():
        counts = kind.model.objects.visible_to(request.user).aggregate(
            published=Count("pk", filter=Q(status=Status.PUBLISHED)),
            drafts=Count("pk", filter=Q(status=Status.DRAFT)),
        )
        rows.append({"kind": kind, **counts})
    return render(request, "publishing/index.html", {"rows": rows, "can_write": can_write(request.user)})


def item_list(request: HttpRequest, kind: str) -> HttpResponse:
    """The items of one kind the user may see, newest change first, filtered by status and title."""
    kind = get_kind(kind)
    items = kind.queryset().visible_to(request.user).order_by("-updated_at", "-pk")
    status = request.GET.get("status", "")
    if status in Status.values:
        items = items.filter(status=status)
    query = request.GET.get("q", "").strip()[:100]
    if query:
        field = kind.model.title_field
        if field + "_zh" in {f.name for f in kind.model._meta.fields}:
            items = items.filter(Q(**{f"{field}_zh__icontains": query}) | Q(**{f"{field}_en__icontains": query}))
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "publishing/list.html", {
        "kind": kind, "page": page, "status": status, "query": query, "statuses": Status.choices,
        "can_write": can_write(request.user),
    })


def _form_rows(form) -> list[list[BoundField]]:
    """The form's fields paired: each Chinese field beside its English one."""
    rows, names = [], list(form.fields)
    for name in names:
        if name.endswith("_en") and name[:-3] + "_zh" in form.fields:
            continue
        pair = [form[name]]
        if name.endswith("_zh") and name[:-3] + "_en" in form.fields:
            pair.append(form[name[:-3] + "_en"])
        rows.append(pair)
    return rows


def _save_and_maybe_publish(request: HttpRequest, item: Content) -> None:
    if "publish" in request.POST:
        actions.publish_item(item, actor=request.user)
        messages.success(request, _("Saved and published."))
    else:
        messages.success(request, _("Saved. Publish it to put it on the public site.")
                         if item.status == Status.DRAFT else _("Saved as a draft; the published version "
                                                                 "stays online until you publish."))


def item_create(request: HttpRequest, kind: str) -> HttpResponse:
    """Write a new item in both languages; save it as a draft or publish it at once."""
    kind = get_kind(kind)
    _require_writer(request)
    form = kind.form(request.POST or None, user=request.user, creating=True)
    if request.method == "POST" and form.is_valid():
        try:
            item = kind.create(actor=request.user, **form.creation_kwargs(), **form.changes())
            _save_and_maybe_publish(request, item)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            return redirect("publishing:detail", kind.slug, item.pk)
    return render(request, "publishing/form.html", {"kind": kind, "form": form, "rows": _form_rows(form)})


def item_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Change an item's text; a published item keeps its public version until the edit is published."""
    kind = get_kind(kind)
    item = _get_item(kind, pk, request.user)
    _require_writer(request)
    draft = item.with_draft()
    initial = {name: getattr(draft, name) for name in item.content_fields}
    form = kind.form(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            item = actions.edit_item(item, actor=request.user, changes=form.changes())
            _save_and_maybe_publish(request, item)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            return redirect("publishing:detail", kind.slug, item.pk)
    return render(request, "publishing/form.html", {
        "kind": kind, "form": form, "rows": _form_rows(form), "item": item})


def _detail_rows(item: Content, draft: Content) -> list[dict[str, Any]]:
    """The draft's fields for reading: Chinese beside English, pending edits marked."""
    rows, pending = [], set(item.pending)
    for name in item.content_fields:
        if name.endswith("_en") and name[:-3] + "_zh" in item.content_fields:
            continue
        field = item._meta.get_field(name)
        if name.endswith("_zh") and name[:-3] + "_en" in item.content_fields:
            en = item._meta.get_field(name[:-3] + "_en")
            rows.append({"label": capfirst(str(field.verbose_name)),
                         "zh": getattr(draft, name), "en": getattr(draft, en.name), "bilingual": True,
                         "pending": field.attname in pending or en.attname in pending})
        else:
            value = getattr(draft, name)
            if field.choices:
                value = dict(field.flatchoices).get(value, value)
            rows.append({"label": capfirst(str(field.verbose_name)), "zh": value, "bilingual": False,
                         "pending": field.attname in pending})
    return rows


def item_detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """An item as it will be published, its status, the publish buttons and its timeline."""
    kind = get_kind(kind)
    item = _get_item(kind, pk, request.user)
    entries = list(timeline.for_object(item)[:TIMELINE_LIMIT])
    writable = actions.can_write_content(request.user, item.owner_unit)
    return render(request, "publishing/detail.html", {
        "kind": kind, "item": item, "rows": _detail_rows(item, item.with_draft()), "timeline": entries,
        "can_write": writable,
        "public_url": public_url(kind, item) if item.status == Status.PUBLISHED else "",
        "public_url_en": public_url(kind, item, "en") if item.status == Status.PUBLISHED else "",
    })


def _post_action(action, message: str):
    @require_POST
    def view(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
        content_kind = get_kind(kind)
        item = _get_item(content_kind, pk, request.user)
        _require_writer(request)
        try:
            action(item, actor=request.user)
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        else:
            messages.success(request, message)
        return redirect("publishing:detail", content_kind.slug, item.pk)

    view.__doc__ = action.__doc__
    return view


item_publish = _post_action(actions.publish_item, gettext_lazy("Published."))
item_unpublish = _post_action(actions.unpublish_item, gettext_lazy("Taken off the public site."))
item_discard = _post_action(actions.discard_edits, gettext_lazy("Unpublished edits discarded."))
