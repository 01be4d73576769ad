"""Content that staff write in Chinese and English and publish on the investor portal.

How drafts work: an item's columns hold what the public sees once it is published. An item that has
never been published (status *draft*) is edited in place. Edits to a published item are kept in
``pending`` (field name → new value) and the published version stays live until someone publishes
again; publishing copies the pending values onto the columns and clears them. ``with_draft()`` gives
the item as it will look after the next publication, for the edit form and the preview.
"""

import copy
import re
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from yunzhao.core.access import Scope
from yunzhao.core.choices import Industry
from yunzhao.core.models import TimeStampedModel
from yunzhao.orgs.choices import UnitKind

from .choices import Status
from .querysets import ContentQuerySet
from .text import Localized, localized

# A mainland mobile number (with or without +86): personal, so never a zone's public contact.
MOBILE = re.compile(r"(0?086|86)?1[3-9]\d{9}")


class Content(TimeStampedModel):
    """Abstract: a bilingual item with a draft, a publish step and an owning unit."""

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    pending = models.JSONField(_("unpublished changes"), default=dict, blank=True, editable=False,
                               encoder=DjangoJSONEncoder)
    owner_unit = models.ForeignKey("orgs.Unit", verbose_name=_("owning unit"), on_delete=models.PROTECT,
                                   related_name="+")
    first_published_at = models.DateTimeField(_("first published at"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("last published at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+", editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", editable=False)

    # The fields staff edit; a published item's edits to these wait in ``pending``.
    content_fields: ClassVar[tuple[str, ...]] = ()
    # The bilingual field (without _zh/_en) that names the item.
    title_field: ClassVar[str] = "title"

    scope = Scope(district="owner_unit", zone="owner_unit")
    scope_is_multivalued = False
    objects = ContentQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title.text

    @property
    def title(self) -> Localized:
        """The item's name in the active language (or the Chinese original)."""
        return localized(self, self.title_field)

    def text(self, name: str) -> Localized:
        """A bilingual field in the active language, falling back visibly to the Chinese original."""
        return localized(self, name)

    @property
    def is_live(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def has_pending(self) -> bool:
        """A published item has edits that are not on the public site yet."""
        return bool(self.pending)

    def with_draft(self) -> "Content":
        """A copy of the item with its unpublished edits applied (never saved as such)."""
        draft = copy.copy(self)
        # The copy gets its own cache of related objects, so that changing its links leaves ours alone.
        draft._state = copy.copy(self._state)
        draft._state.fields_cache = dict(self._state.fields_cache)
        apply_values(draft, self.pending)
        return draft

    def content_values(self) -> dict[str, Any]:
        """The editable fields' current column values, by attribute name."""
        return {self._meta.get_field(name).attname: getattr(self, self._meta.get_field(name).attname)
                for name in self.content_fields}


def apply_values(obj: models.Model, values: dict[str, Any]) -> None:
    """Set attribute values kept as JSON back on ``obj``, converted by their model field."""
    by_attname = {f.attname: f for f in obj._meta.concrete_fields}
    for attname, value in values.items():
        field = by_attname[attname]
        setattr(obj, attname, None if value is None else field.to_python(value))


class SearchKind(models.TextChoices):
    """The kinds of content the portal's word search covers."""

    POLICY = "policy", _("Policy")
    NEWS = "news", _("News")


class Searchable(models.Model):
    """Abstract: content found by the portal's word search (see ``publishing.search``)."""

    # The published text's distinct words, `` word word … ``: the source of its ``SearchWord`` rows.
    search_text = models.TextField(editable=False, blank=True, default="")

    # The bilingual fields whose words are indexed, and the kind the index files them under.
    search_fields: ClassVar[tuple[str, ...]] = ()
    search_kind: ClassVar[str] = ""

    class Meta:
        abstract = True


class SearchWord(models.Model):
    """One word of one published policy or news article: the inverted index the portal searches."""

    word = models.CharField(max_length=64)
    kind = models.CharField(max_length=8, choices=SearchKind.choices)
    item_id = models.PositiveBigIntegerField()

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")
        constraints = [models.UniqueConstraint(fields=["word", "kind", "item_id"], name="publishing_word_once")]
        indexes = [models.Index(fields=["kind", "item_id"], name="publishing_word_item")]

    def __str__(self) -> str:
        return self.word


class ZoneProfile(Content):
    """A zone's public profile: what it is, its leading industries, figures staff publish, an office contact."""

    title_field = "name"
    content_fields = (
        "tagline_zh", "tagline_en", "summary_zh", "summary_en", "industries_zh", "industries_en",
        "figures_zh", "figures_en", "figures_as_of", "address_zh", "address_en", "office_phone",
        "office_email", "website", "featured",
    )

    unit = models.OneToOneField("orgs.Unit", verbose_name=_("zone"), on_delete=models.PROTECT,
                                related_name="profile", limit_choices_to={"kind": UnitKind.ZONE})
    tagline_zh = models.CharField(_("tagline (Chinese)"), max_length=120, blank=True)
    tagline_en = models.CharField(_("tagline (English)"), max_length=200, blank=True)
    summary_zh = models.TextField(_("summary (Chinese)"), max_length=5000)
    summary_en = models.TextField(_("summary (English)"), max_length=8000, blank=True)
    industries_zh = models.TextField(_("leading industries (Chinese)"), max_length=1000, blank=True,
                                     help_text=_("One per line."))
    industries_en = models.TextField(_("leading industries (English)"), max_length=1500, blank=True,
                                     help_text=_("One per line."))
    figures_zh = models.TextField(
        _("figures (Chinese)"), max_length=2000, blank=True,
        help_text=_("One per line as “label: value”, e.g. “高新技术企业：2600家”. Published figures only."))
    figures_en = models.TextField(_("figures (English)"), max_length=3000, blank=True,
                                  help_text=_("One per line as “label: value”."))
    figures_as_of = models.DateField(_("figures as of"), null=True, blank=True)
    address_zh = models.CharField(_("office address (Chinese)"), max_length=200, blank=True)
    address_en = models.CharField(_("office address (English)"), max_length=300, blank=True)
    office_phone = models.CharField(_("office phone"), max_length=32, blank=True,
                                    help_text=_("The investment office's line, never a person's mobile."))
    office_email = models.EmailField(_("office email"), blank=True,
                                     help_text=_("The investment office's shared address."))
    website = models.URLField(_("website"), blank=True)
    featured = models.BooleanField(_("featured on the home page"), default=False)

    class Meta:
        verbose_name = _("zone profile")
        verbose_name_plural = _("zone profiles")
        ordering = ["unit__order", "pk"]

    def clean(self) -> None:
        digits = re.sub(r"[\s()+-]", "", self.office_phone or "")
        if MOBILE.fullmatch(digits):
            raise ValidationError({"office_phone": _("Give the office's line, not a personal mobile number.")})

    @property
    def name_zh(self) -> str:
        return self.unit.name_zh

    @property
    def name_en(self) -> str:
        return self.unit.name_en

    @property
    def industries(self) -> list[str]:
        """Leading industries in the active language, one per line."""
        return [line.strip() for line in self.text("industries").text.splitlines() if line.strip()]

    @property
    def figures(self) -> list[tuple[str, str]]:
        """The published figures as (label, value) pairs in the active language."""
        pairs = []
        for line in self.text("figures").text.splitlines():
            label, sep, value = line.replace("：", ":").partition(":")
            if line.strip():
                pairs.append((label.strip(), value.strip()) if sep else ("", line.strip()))
        return pairs


class Policy(Searchable, Content):
    """An investment policy: its text in both languages, who issued it and when."""

    content_fields = (
        "title_zh", "title_en", "summary_zh", "summary_en", "body_zh", "body_en", "issuer_zh", "issuer_en",
        "document_number", "issued_on", "tags_zh", "tags_en", "attachment_url",
    )
    search_fields = ("title", "summary", "body", "issuer", "tags")
    search_kind = SearchKind.POLICY

    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    summary_zh = models.TextField(_("summary (Chinese)"), max_length=1000, blank=True)
    summary_en = models.TextField(_("summary (English)"), max_length=2000, blank=True)
    body_zh = models.TextField(_("text (Chinese)"), max_length=100_000)
    body_en = models.TextField(_("text (English)"), max_length=200_000, blank=True)
    issuer_zh = models.CharField(_("issuing body (Chinese)"), max_length=200)
    issuer_en = models.CharField(_("issuing body (English)"), max_length=300, blank=True)
    document_number = models.CharField(_("document number"), max_length=100, blank=True,
                                       help_text=_("文号, e.g. 济政发〔2023〕5号."))
    issued_on = models.DateField(_("issued on"))
    tags_zh = models.CharField(_("tags (Chinese)"), max_length=200, blank=True, help_text=_("Separated by commas."))
    tags_en = models.CharField(_("tags (English)"), max_length=300, blank=True, help_text=_("Separated by commas."))
    attachment_url = models.URLField(_("link to the official document"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["status", "-issued_on", "-id"], name="publishing_policy_live")]

    @property
    def tags(self) -> list[str]:
        """Tags in the active language."""
        raw = self.text("tags").text.replace("，", ",").replace("、", ",")
        return [t.strip() for t in raw.split(",") if t.strip()]


class Opportunity(Content):
    """A project staff open to investors, shown by a public teaser only (no internal ledger data)."""

    content_fields = (
        "title_zh", "title_en", "teaser_zh", "teaser_en", "industry", "public_figure_zh", "public_figure_en",
    )

    project = models.OneToOneField("projects.Project", verbose_name=_("project"), on_delete=models.PROTECT,
                                   related_name="opportunity")
    title_zh = models.CharField(_("public title (Chinese)"), max_length=200,
                                help_text=_("Shown to the public: do not name investors."))
    title_en = models.CharField(_("public title (English)"), max_length=300, blank=True)
    teaser_zh = models.TextField(_("teaser (Chinese)"), max_length=3000)
    teaser_en = models.TextField(_("teaser (English)"), max_length=5000, blank=True)
    industry = models.CharField(_("industry"), max_length=32, choices=Industry.choices, default=Industry.OTHER)
    public_figure_zh = models.CharField(
        _("public figure (Chinese)"), max_length=100, blank=True,
        help_text=_("Only if it may be published, e.g. “总投资约10亿元”. Ledger amounts are never shown."))
    public_figure_en = models.CharField(_("public figure (English)"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["-first_published_at", "-pk"]
        indexes = [models.Index(fields=["status", "-first_published_at"], name="publishing_opp_live")]


class NewsArticle(Searchable, Content):
    """A news item about investment in the city."""

    content_fields = ("title_zh", "title_en", "summary_zh", "summary_en", "body_zh", "body_en", "source_url")
    search_fields = ("title", "summary", "body")
    search_kind = SearchKind.NEWS

    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    summary_zh = models.TextField(_("summary (Chinese)"), max_length=1000, blank=True)
    summary_en = models.TextField(_("summary (English)"), max_length=2000, blank=True)
    body_zh = models.TextField(_("text (Chinese)"), max_length=100_000)
    body_en = models.TextField(_("text (English)"), max_length=200_000, blank=True)
    source_url = models.URLField(_("original article"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news")
        ordering = ["-first_published_at", "-pk"]
        indexes = [models.Index(fields=["status", "-first_published_at", "-id"], name="publishing_news_live")]


class VideoSeries(Content):
    """A series of videos in the library (city promotion films, zone tours, policy explainers…)."""

    content_fields = ("title_zh", "title_en", "description_zh", "description_en", "order")

    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description_zh = models.TextField(_("description (Chinese)"), max_length=2000, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=3000, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("video series")
        verbose_name_plural = _("video series")
        ordering = ["order", "pk"]


class Video(Content):
    """A video in the library: where it is watched, and the player to embed where the site allows it."""

    content_fields = (
        "series", "title_zh", "title_en", "description_zh", "description_en", "url", "embed_url",
        "duration_seconds", "order",
    )

    series = models.ForeignKey(VideoSeries, verbose_name=_("series"), on_delete=models.PROTECT,
                               related_name="videos")
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description_zh = models.TextField(_("description (Chinese)"), max_length=2000, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=3000, blank=True)
    url = models.URLField(_("link"), max_length=500, help_text=_("Where the video is watched."))
    embed_url = models.URLField(
        _("player link"), max_length=500, blank=True,
        help_text=_("The platform's embeddable player; embedded only from platforms the site allows."))
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), default=0,
                                                   validators=[MaxValueValidator(24 * 3600)])
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("videos")
        ordering = ["series", "order", "pk"]

    @property
    def duration(self) -> str:
        """``m:ss`` or ``h:mm:ss``."""
        hours, rest = divmod(self.duration_seconds or 0, 3600)
        minutes, seconds = divmod(rest, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


class EventPage(Content):
    """The public page of a promotion event: its text for investors; times and streams come from the event."""

    content_fields = ("intro_zh", "intro_en", "featured")

    event = models.OneToOneField("campaigns.Event", verbose_name=_("event"), on_delete=models.PROTECT,
                                 related_name="page")
    intro_zh = models.TextField(_("introduction (Chinese)"), max_length=5000)
    intro_en = models.TextField(_("introduction (English)"), max_length=8000, blank=True)
    featured = models.BooleanField(_("featured on the home page"), default=True)

    class Meta:
        verbose_name = _("event page")
        verbose_name_plural = _("event pages")
        ordering = ["-event__starts_at", "-pk"]

    @property
    def title_zh(self) -> str:
        return self.event.title_zh

    @property
    def title_en(self) -> str:
        return self.event.title_en


class CityFigure(Content):
    """A headline figure of the city at a glance, typed by staff with its "as of" date."""

    title_field = "label"
    content_fields = ("label_zh", "label_en", "value_zh", "value_en", "note_zh", "note_en", "as_of", "order")

    label_zh = models.CharField(_("label (Chinese)"), max_length=100)
    label_en = models.CharField(_("label (English)"), max_length=150, blank=True)
    value_zh = models.CharField(_("value (Chinese)"), max_length=50, help_text=_("As published, e.g. 1.28万亿元."))
    value_en = models.CharField(_("value (English)"), max_length=80, blank=True,
                                help_text=_("e.g. 1.28 trillion yuan."))
    note_zh = models.CharField(_("definition or source (Chinese)"), max_length=200, blank=True)
    note_en = models.CharField(_("definition or source (English)"), max_length=300, blank=True)
    as_of = models.DateField(_("as of"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("city figure")
        verbose_name_plural = _("city at a glance")
        ordering = ["order", "pk"]
