import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from yunzhao.campaigns import actions as campaign_actions
from yunzhao.campaigns.choices import StreamKind
from yunzhao.publishing import actions
from yunzhao.publishing.tests import factories
from yunzhao.testing.factories import make_investor, make_project


def url(name: str, lang: str = "zh", **kwargs) -> str:
    return reverse(f"portal:{name}", kwargs={"lang": lang, **kwargs})


def test_pages_answer_in_the_language_of_their_prefix_with_alternates(client, city_staff):
    # given
    policy = factories.policy(city_staff, title_en="New-energy policy")
    # when
    zh = client.get(url("policy", pk=policy.pk)).content.decode()
    en = client.get(url("policy", "en", pk=policy.pk)).content.decode()
    # then
    assert '<html lang="zh-CN">' in zh and '<html lang="en">' in en
    for html in (zh, en):
        assert f'hreflang="zh-Hans" href="http://testserver/zh/policies/{policy.pk}/"' in html
        assert f'hreflang="en" href="http://testserver/en/policies/{policy.pk}/"' in html
        assert f'hreflang="x-default" href="http://testserver/zh/policies/{policy.pk}/"' in html
    # the language switch leads to the same page in the other language
    assert f'class="yz-lang" href="http://testserver/en/policies/{policy.pk}/"' in zh
    assert f'class="yz-lang" href="http://testserver/zh/policies/{policy.pk}/"' in en
    assert "New-energy policy" in en and "New-energy policy" not in zh


def test_a_search_keeps_its_words_in_the_alternate_language(client, db):
    html = client.get(url("policies"), {"q": "新能源", "src": "x"}).content.decode()
    assert 'hreflang="en" href="http://testserver/en/policies/?q=%E6%96%B0%E8%83%BD%E6%BA%90"' in html


def test_every_page_has_a_language_switch_share_link_qr_code_and_og_tags(client, city_staff, units):
    # given
    factories.zone(city_staff, units["hightech"])
    # when
    html = client.get(url("zone", "en", code="hightech")).content.decode()
    # then
    assert '<meta property="og:title" content="Jinan High-Tech Zone">' in html
    assert '<meta property="og:url" content="http://testserver/en/zones/hightech/">' in html
    assert '<meta property="og:locale" content="en_US">' in html
    assert 'property="og:image" content="http://testserver/static/portal/og.png"' in html
    assert 'value="http://testserver/en/zones/hightech/?src=share"' in html
    assert 'src="/qr.svg?to=%2Fen%2Fzones%2Fhightech%2F&amp;src=share"' in html


@pytest.mark.parametrize(("accept", "target"), [("en-GB,en;q=0.9", "/en/"), ("zh-CN,zh;q=0.9", "/zh/"),
                                                 ("", "/zh/"), ("fr-FR", "/zh/")])
def test_the_root_sends_visitors_to_the_public_site_in_their_language(client, db, accept, target):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert (response.status_code, response["Location"]) == (302, target)


def test_the_root_sends_staff_to_their_ledger(client, city_staff):
    client.force_login(city_staff)
    assert client.get("/")["Location"] == reverse("projects:ledger")


def test_untranslated_content_shows_the_chinese_original_with_a_badge_never_a_blank(client, city_staff):
    # given: a title translated, a body not
    policy = factories.policy(city_staff, title_en="Policy on new energy", body_zh="对储能项目给予补贴。", body_en="")
    # when
    en = client.get(url("policy", "en", pk=policy.pk)).content.decode()
    zh = client.get(url("policy", pk=policy.pk)).content.decode()
    # then
    body = re.search(r'<div class="yz-text" lang="zh-CN">(.*?)</div>', en, re.S).group(1)
    assert "中文原文 / Chinese original" in body and "对储能项目给予补贴。" in body
    assert "<span lang=\"en\">Policy on new energy</span>" in en
    assert "中文原文" not in zh


def test_a_page_without_any_translation_is_still_whole_in_english(client, city_staff, units):
    # given
    factories.zone(city_staff, units["hightech"], summary_zh="高新区是济南的科技高地。", industries_zh="集成电路")
    # when
    html = client.get(url("zone", "en", code="hightech")).content.decode()
    # then
    assert "高新区是济南的科技高地。" in html and "集成电路" in html
    assert html.count("中文原文 / Chinese original") >= 2


def test_drafts_and_unpublished_items_are_not_found(client, city_staff):
    # given
    draft = factories.policy(city_staff, publish=False)
    gone = factories.policy(city_staff)
    actions.unpublish_item(gone, actor=city_staff)
    # when / then
    for item in (draft, gone):
        response = client.get(url("policy", "en", pk=item.pk))
        assert response.status_code == 404
        assert '<html lang="en">' in response.content.decode()
    assert client.get(url("zone", code="nowhere")).status_code == 404


def test_a_published_change_is_seen_at_once_despite_the_cache(client, city_staff, django_capture_on_commit_callbacks):
    # given: the page is rendered and cached
    policy = factories.policy(city_staff, title_en="First")
    assert "First" in client.get(url("policy", "en", pk=policy.pk)).content.decode()
    actions.edit_item(policy, actor=city_staff, changes={"title_en": "Second"})
    assert "First" in client.get(url("policy", "en", pk=policy.pk)).content.decode()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        actions.publish_item(policy, actor=city_staff)
    # then
    assert "Second" in client.get(url("policy", "en", pk=policy.pk)).content.decode()


def test_a_cached_page_is_served_without_queries_and_keeps_its_language(client, city_staff,
                                                                        django_assert_num_queries):
    # given
    factories.policy(city_staff, title_en="English title")
    client.get(url("policies", "en"))
    client.get(url("policies"))
    # when
    with django_assert_num_queries(0):
        en = client.get(url("policies", "en"))
        zh = client.get(url("policies"))
    # then
    assert "English title" in en.content.decode() and "English title" not in zh.content.decode()
    assert en["Content-Language"] == "en" and zh["Content-Language"] == "zh-hans"
    assert "max-age=60" in en["Cache-Control"]


def test_pages_carry_the_csp_and_no_inline_script(client, city_staff, units):
    # given
    factories.zone(city_staff, units["hightech"])
    # when
    response = client.get(url("zone", code="hightech"))
    # then
    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert all('src="' in tag for tag in re.findall(r"<script[^>]*>", html))
    assert not re.search(r"\son[a-z]+=", html)


# --- list pages: the number of queries does not grow with the rows -------------------------------------

def _many(city_staff, units, n: int, start: int = 0) -> None:
    channels = [factories.channel(city_staff, f"c{start}a"), factories.channel(city_staff, f"c{start}b")]
    for i in range(start, start + n):
        factories.policy(city_staff, title_zh=f"政策{i}")
        factories.news(city_staff, title_zh=f"新闻{i}")
        factories.figure(city_staff, label_zh=f"指标{i}")
        factories.video(city_staff, title_zh=f"视频{i}")
        for when in (dt.timedelta(minutes=-10), dt.timedelta(days=2), dt.timedelta(days=-10)):
            evt = factories.event(city_staff, unit=units["jnipb"], title_zh=f"推介会{i}", starts_in=when)
            factories.event_page(city_staff, evt)
            factories.stream(city_staff, evt, channels[i % 2], f"https://v.example.com/{evt.pk}")
        factories.opportunity(city_staff, make_project(city_staff), title_zh=f"机会{i}")
    for code in ("hightech", "pioneer", "medical", "ftz")[start:start + n]:
        factories.zone(city_staff, units[code], featured=True)


@pytest.mark.parametrize("name", ["home", "zones", "policies", "opportunities", "events", "videos", "news_list"])
def test_public_lists_take_a_fixed_number_of_queries(client, city_staff, units, django_assert_max_num_queries,
                                                      name):
    # given
    _many(city_staff, units, 1)
    with django_assert_max_num_queries(10) as few:
        client.get(url(name, "en"))
    _many(city_staff, units, 3, start=1)
    from django.core.cache import cache

    from yunzhao.portal.pages import local_pages
    from yunzhao.publishing.cache import forget_version

    cache.clear()
    local_pages.clear()
    forget_version()
    # when / then
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url(name, "en"))
    assert response.status_code == 200


# --- events --------------------------------------------------------------------------------------------

def test_a_live_event_embeds_the_player_of_an_allowed_platform_and_links_the_others(client, city_staff, settings):
    # given
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"],
                                                       "frame-src": ["'self'", "https://*.player.example.com"]}}
    evt = factories.event(city_staff, starts_in=dt.timedelta(minutes=-10), title_en="Jinan Live")
    factories.event_page(city_staff, evt)
    factories.stream(city_staff, evt, factories.channel(city_staff, "ijinan"), "https://live.player.example.com/e/1")
    factories.stream(city_staff, evt, factories.channel(city_staff, "weibo"), "https://weibo.example.net/live/1")
    # when
    html = client.get(url("event", "en", pk=evt.pk)).content.decode()
    # then
    assert '<iframe src="https://live.player.example.com/e/1"' in html
    assert 'href="https://weibo.example.net/live/1"' in html
    assert "<iframe src=\"https://weibo.example.net" not in html
    assert "Live now" in html


def test_an_event_page_calls_the_audience_beacon_from_a_static_script(client, city_staff):
    # given
    evt = factories.event(city_staff)
    factories.event_page(city_staff, evt)
    # when
    html = client.get(url("event", pk=evt.pk), {"src": "wechat"}).content.decode()
    # then
    assert f'data-beacon="/t/" data-event="{evt.pk}"' in html
    assert '<script src="/static/portal/portal.js" defer></script>' in html


def test_the_beacon_script_tolerates_a_missing_endpoint():
    from django.contrib.staticfiles import finders

    script = Path(finders.find("portal/portal.js")).read_text(encoding="utf-8")
    assert 'get("src")' in script
    assert ".catch(function () {})" in script


def test_events_are_split_into_live_coming_and_held_with_replays(client, city_staff):
    # given
    live = factories.event(city_staff, title_zh="正在直播", starts_in=dt.timedelta(minutes=-5))
    coming = factories.event(city_staff, title_zh="即将举行", starts_in=dt.timedelta(days=2))
    held = factories.event(city_staff, title_zh="已经举行", starts_in=dt.timedelta(days=-20))
    cancelled = factories.event(city_staff, title_zh="已取消", starts_in=dt.timedelta(days=3))
    campaign_actions.update_event(cancelled, actor=city_staff, changes={"status": "cancelled"})
    for evt in (live, coming, held, cancelled):
        factories.event_page(city_staff, evt)
    factories.stream(city_staff, held, factories.channel(city_staff), "https://v.example.com/r", StreamKind.REPLAY)
    # when
    events = client.get(url("events")).context["events"]
    # then
    assert [p.event for p in events.live] == [live]
    assert [p.event for p in events.upcoming] == [coming]
    assert [p.event for p in events.past] == [held]
    assert len(events.past[0].replays) == 1


# --- QR codes ------------------------------------------------------------------------------------------

def test_qr_codes_of_public_pages_in_svg_and_png(client, db):
    # when
    svg = client.get("/qr.svg", {"to": "/zh/", "src": "poster"})
    png = client.get("/qr.png", {"to": "/en/events/", "src": "poster"})
    # then
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    assert svg.content.startswith(b"<svg")
    assert png.content.startswith(b"\x89PNG")
    assert "max-age=86400" in png["Cache-Control"]


@pytest.mark.parametrize("target", ["https://evil.example.com/", "//evil.example.com/", "/login/",
                                    "/zh/interest/policy/1/", "/nowhere/"])
def test_qr_codes_only_for_public_pages(client, db, target):
    assert client.get("/qr.svg", {"to": target}).status_code in (400, 404)


# --- opportunities show no internal data ---------------------------------------------------------------

def test_an_opportunity_shows_its_teaser_and_never_the_ledger(client, district_staff):
    # given
    investor = make_investor(district_staff, name_zh="宁德时代新能源科技股份有限公司", name_en="CATL")
    project = make_project(district_staff, name_zh="宁德时代储能电池二期", investors=[investor],
                           total_investment=Decimal("12345670000"))
    item = factories.opportunity(district_staff, project, title_zh="储能电池材料配套项目", public_figure_zh="")
    # when
    html = client.get(url("opportunity", pk=item.pk)).content.decode()
    html += client.get(url("opportunities")).content.decode()
    # then
    assert "储能电池材料配套项目" in html
    for secret in ("宁德时代", "CATL", project.code, "123.46", "1234567", "12345670000"):
        assert secret not in html


# --- hostile addresses ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["policy", "news", "opportunity", "event"])
def test_an_id_beyond_any_column_is_not_found_rather_than_an_error(client, db, name):
    response = client.get(url(name, "en", pk=99_999_999_999_999_999_999))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_the_qr_code_of_a_search_keeps_its_words(client, db, monkeypatch):
    # given: the search page's own QR code, and what the code is made of
    from yunzhao.portal import qr as qr_module

    seen = []
    make = qr_module.segno.make
    monkeypatch.setattr(qr_module.segno, "make", lambda content, **kw: seen.append(content) or make(content, **kw))
    html = client.get(url("search", "en"), {"q": "新能源", "src": "nowhere"}).content.decode()
    src = re.search(r'<img class="yz-qr" src="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert src == "/qr.svg?to=%2Fen%2Fsearch%2F%3Fq%3D%25E6%2596%25B0%25E8%2583%25BD%25E6%25BA%2590&src=share"
    # when
    response = client.get(src)
    client.get("/qr.svg", {"to": "/en/search/?q=x&evil=1&src=y", "src": "poster"})
    # then: the code leads to the same search with the share tag; other parameters are dropped
    assert response.status_code == 200
    assert seen == ["http://testserver/en/search/?q=%E6%96%B0%E8%83%BD%E6%BA%90&src=share",
                    "http://testserver/en/search/?q=x&src=poster"]


def test_a_huge_or_odd_query_is_cached_under_a_short_key(client, db, recwarn):
    # when: queries memcached could not take as keys (long, spaces, control and 4-byte characters)
    for q in ("长" * 5000, "a b\x00c", "𠮷野家"):
        response = client.get(url("search", "en"), {"q": q})
        assert response.status_code == 200
        assert client.get(url("search", "en"), {"q": q}).content == response.content
    # then
    assert not [w for w in recwarn if "CacheKeyWarning" in type(w.message).__name__]


def test_a_process_serves_its_popular_pages_from_memory_until_a_publish(client, city_staff, django_assert_num_queries,
                                                                        django_capture_on_commit_callbacks):
    # given: a page rendered once, then gone from the shared cache (another process's eviction)
    from django.core.cache import cache

    from yunzhao.portal.pages import local_pages

    policy = factories.policy(city_staff, title_en="Kept")
    client.get(url("policy", "en", pk=policy.pk))
    cache.clear()  # the version this process read is kept for a second
    # when / then: served from this process's memory, without rendering
    with django_assert_num_queries(0):
        assert "Kept" in client.get(url("policy", "en", pk=policy.pk)).content.decode()
    actions.edit_item(policy, actor=city_staff, changes={"title_en": "Changed"})
    with django_capture_on_commit_callbacks(execute=True):
        actions.publish_item(policy, actor=city_staff)
    assert "Changed" in client.get(url("policy", "en", pk=policy.pk)).content.decode()
    local_pages.clear()


def test_the_memory_of_pages_keeps_to_its_limits(settings, monkeypatch):
    from yunzhao.portal import pages as pages_module

    # given
    settings.PORTAL_LOCAL_PAGES = (3, 1)
    pages = pages_module.LocalPages()
    # when
    for i in range(5):
        pages.put(f"k{i}", b"x" * 1000, 60)
    pages.put("big", b"x" * 200_000, 60)
    pages.put("uncached", b"x", 0)
    # then: the three most recent small pages, nothing too big, nothing the cache time forbids
    assert [k for k in ("k0", "k1", "k2", "k3", "k4", "big", "uncached") if pages.get(k)] == ["k2", "k3", "k4"]
    # and a page is forgotten once its time is up
    later = pages_module.time.monotonic() + 61
    monkeypatch.setattr(pages_module.time, "monotonic", lambda: later)
    assert pages.get("k4") is None


@pytest.mark.parametrize("params", [{"tag": "\x00"}, {"tag": "<script>x</script>"}, {"tag": "%"}, {"q": "\x00济南"},
                                    {"page": "\x00"}, {"page": "-1"}, {"page": "9" * 40}, {"tag": "𠮷" * 100}])
def test_odd_list_parameters_answer_a_page_never_an_error(client, city_staff, params):
    # given
    factories.policy(city_staff, tags_zh="新能源")
    # when
    response = client.get(url("policies", "en"), params)
    # then
    assert response.status_code == 200
    assert "<script>x</script>" not in response.content.decode()


def test_a_page_that_sets_the_visitors_tag_cookie_is_not_for_shared_caches(client, db):
    # when
    tagged = client.get(url("home", "en"), {"src": "poster-a", "ref": "amb-1"})
    plain = client.get(url("home", "en"))
    # then
    assert tagged.cookies["yz_src"].value == "poster-a"
    assert "private" in tagged["Cache-Control"]
    assert "private" not in plain["Cache-Control"] and "max-age=60" in plain["Cache-Control"]


def test_spaces_around_the_words_make_the_same_page(client, city_staff, django_assert_num_queries):
    # given
    factories.policy(city_staff)
    first = client.get(url("policies", "en"), {"q": "新能源"})
    # when / then: served from the cache, and the alternates name the clean query
    with django_assert_num_queries(0):
        again = client.get(url("policies", "en"), {"q": "  新能源 "})
    assert again.content == first.content


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_items_address_is_its_sections_address_and_its_id(lang):
    # the list templates build item links from the section's address (one reverse per page, not per item)
    from yunzhao.portal.pages import SECTIONS, Page

    links = Page(lang=lang, language="", path="", canonical="", alternates={}, share_tag="", share_url="").links
    assert set(links) == set(SECTIONS)
    for section, detail, kwargs in (("policies", "policy", {"pk": 7}), ("news_list", "news", {"pk": 7}),
                                    ("events", "event", {"pk": 7}), ("opportunities", "opportunity", {"pk": 7}),
                                    ("zones", "zone", {"code": "hightech"})):
        assert links[section] + f"{next(iter(kwargs.values()))}/" == url(detail, lang, **kwargs)
