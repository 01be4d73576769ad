"""Published content for tests, made through the publishing actions as staff would."""

import datetime as dt
from typing import Any

from django.utils import timezone

from yunzhao.campaigns import actions as campaign_actions
from yunzhao.campaigns.choices import EventLevel, StreamKind
from yunzhao.publishing import actions
from yunzhao.publishing.models import CityFigure, NewsArticle, Policy, Video, VideoSeries


def policy(actor, *, publish: bool = True, **fields: Any) -> Policy:
    fields.setdefault("title_zh", "济南市支持新能源产业发展若干政策措施")
    fields.setdefault("body_zh", "为加快济南新能源和储能产业发展，对新落户的链主企业给予奖励。")
    fields.setdefault("issuer_zh", "济南市人民政府办公厅")
    fields.setdefault("issued_on", dt.date(2024, 3, 1))
    item = actions.create_item(Policy, actor=actor, **fields)
    return actions.publish_item(item, actor=actor) if publish else item


def news(actor, *, publish: bool = True, **fields: Any) -> NewsArticle:
    fields.setdefault("title_zh", "济南新能源汽车项目签约")
    fields.setdefault("body_zh", "在济南举行的云签约仪式上，多个项目签约落地。")
    item = actions.create_item(NewsArticle, actor=actor, **fields)
    return actions.publish_item(item, actor=actor) if publish else item


def zone(actor, unit, *, publish: bool = True, **fields: Any):
    fields.setdefault("summary_zh", f"{unit.name_zh}是济南重要的产业平台。")
    fields.setdefault("industries_zh", "集成电路\n生物医药")
    fields.setdefault("figures_zh", "高新技术企业：2600家")
    fields.setdefault("office_phone", "0531-88871234")
    fields.setdefault("office_email", "invest@example.org")
    item = actions.create_zone_profile(unit, actor=actor, **fields)
    return actions.publish_item(item, actor=actor) if publish else item


def figure(actor, *, publish: bool = True, **fields: Any) -> CityFigure:
    fields.setdefault("label_zh", "地区生产总值")
    fields.setdefault("value_zh", "1.28万亿元")
    fields.setdefault("as_of", dt.date(2024, 12, 31))
    item = actions.create_item(CityFigure, actor=actor, **fields)
    return actions.publish_item(item, actor=actor) if publish else item


def opportunity(actor, project, *, publish: bool = True, **fields: Any):
    fields.setdefault("title_zh", "储能电池材料配套项目")
    fields.setdefault("teaser_zh", "寻求电池材料领域的投资合作伙伴。")
    item = actions.open_opportunity(project, actor=actor, **fields)
    return actions.publish_item(item, actor=actor) if publish else item


def event(actor, *, unit=None, starts_in: dt.timedelta = dt.timedelta(days=3), **fields: Any):
    """A campaigns event (no public page yet)."""
    fields.setdefault("title_zh", "济南高新区专场推介会")
    fields.setdefault("level", EventLevel.SPECIAL)
    return campaign_actions.create_event(actor=actor, owner_unit=unit or actor.unit,
                                         starts_at=timezone.now() + starts_in, **fields)


def event_page(actor, evt, *, publish: bool = True, **fields: Any):
    fields.setdefault("intro_zh", "欢迎在线观看推介会直播。")
    item = actions.create_event_page(evt, actor=actor, **fields)
    return actions.publish_item(item, actor=actor) if publish else item


def stream(actor, evt, channel, url: str, kind: str = StreamKind.LIVE):
    return campaign_actions.add_stream(evt, actor=actor, channel=channel, kind=kind, url=url)


def video(actor, *, series: VideoSeries | None = None, publish: bool = True, **fields: Any) -> Video:
    if series is None:
        series = actions.create_item(VideoSeries, actor=actor, title_zh="泉城招商")
        actions.publish_item(series, actor=actor)
    fields.setdefault("title_zh", "走进济南")
    fields.setdefault("url", "https://video.example.com/watch/1")
    fields.setdefault("duration_seconds", 185)
    item = actions.create_item(Video, actor=actor, series=series, **fields)
    return actions.publish_item(item, actor=actor) if publish else item


def channel(actor, code: str = "wechat", **fields: Any):
    """A channel of the registry (its code is the ``?src=`` tag)."""
    from yunzhao.reach import actions as reach_actions
    from yunzhao.reach.choices import ChannelKind, ChannelLevel

    fields.setdefault("name_zh", "济南发布微信公众号")
    fields.setdefault("level", ChannelLevel.CITY)
    fields.setdefault("kind", ChannelKind.SOCIAL)
    return reach_actions.create_channel(actor=actor, outlet_name_zh="济南发布", code=code, **fields)
