"""Share links and QR codes of an event, one per channel it goes out on, so that every visit is attributed.

A share link is the event's public page on the portal with ``?src=<channel code>``. The page passes
the code on to the beacon, which counts the visit under the active channel of that code (any other
code is counted as unattributed). The page opens in the channel's language, Chinese or English.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yunzhao.campaigns.choices import StreamKind
from yunzhao.campaigns.models import Event, EventStream
from yunzhao.publishing.models import EventPage
from yunzhao.reach.choices import PublicationKind
from yunzhao.reach.models import Channel, Publication

CAMPAIGN_WIDE = _("campaign-wide")


@dataclass
class ShareLink:
    """The share link of one event on one channel, and how the event goes out there."""

    channel: Channel
    path: str
    via: list[str] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.channel.code

    @property
    def attributable(self) -> bool:
        """Whether the beacon counts visits under this channel (it counts active channels only)."""
        return self.channel.is_active

    @property
    def lang(self) -> str:
        return portal_lang(self.channel)


def portal_lang(channel: Channel) -> str:
    """The portal language a channel's audience reads: English for English-language channels."""
    return "en" if (channel.language or "").lower().startswith("en") else "zh"


def share_path(event_id: int, channel: Channel) -> str:
    """``/zh/events/12/?src=wechat``: the event's public page, tagged with the channel's code."""
    page = reverse("portal:event", kwargs={"lang": portal_lang(channel), "pk": event_id})
    return page + "?" + urlencode({"src": channel.code})


def event_share_links(event: Event, user, *, also: Iterable[str] = ()) -> list[ShareLink]:
    """The channels an event goes out on, each with its share link (three queries).

    They are the channels of the event's publications and stream links and of its campaign's
    publications, plus the channels whose codes are in ``also`` (for a poster or a partner the event
    is not recorded on yet). Inactive channels are listed too: their links would go uncounted.
    """
    subject = Q(event=event)
    if event.campaign_id:
        subject |= Q(campaign_id=event.campaign_id)
    via: dict[int, list[str]] = {}
    publications = (Publication.objects.visible_to(user).filter(subject)
                    .values_list("channel_id", "kind", "campaign_id").order_by("published_at", "pk"))
    for channel_id, kind, campaign_id in publications:
        label = str(PublicationKind(kind).label) + (f" ({CAMPAIGN_WIDE})" if campaign_id else "")
        via.setdefault(channel_id, []).append(label)
    for channel_id, kind in EventStream.objects.visible_to(user).filter(event=event).values_list("channel_id", "kind"):
        via.setdefault(channel_id, []).append(str(StreamKind(kind).label))
    codes = [code for code in also if code]
    channels = Channel.objects.visible_to(user).filter(Q(pk__in=via) | Q(code__in=codes)).select_related("outlet")
    return [ShareLink(channel=c, path=share_path(event.pk, c), via=list(dict.fromkeys(via.get(c.pk, []))))
            for c in channels]


def other_channels(user, links: list[ShareLink]) -> list[Channel]:
    """Active channels not listed yet, for adding a share link on another channel (one query)."""
    listed = [link.channel.pk for link in links]
    return list(Channel.objects.visible_to(user).filter(is_active=True).exclude(pk__in=listed)
                .only("pk", "code", "name_zh", "name_en", "level").order_by("level", "name_zh"))


def share_link_for(event: Event, user, code: str) -> ShareLink:
    """The share link of one active channel for an event; 404 when no channel the user sees has the code."""
    channel = Channel.objects.visible_to(user).filter(code=code, is_active=True).first()
    if channel is None:
        raise Http404
    return ShareLink(channel=channel, path=share_path(event.pk, channel))


def has_public_page(event: Event) -> bool:
    """Whether the event's page is published on the portal (otherwise its share links answer 404)."""
    return EventPage.objects.live().filter(event=event).exists()
