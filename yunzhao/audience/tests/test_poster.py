"""The QR poster: a PNG with the event, its time, the QR code and the channel; a clear page when it cannot be drawn."""

import io
import sys

import pytest
from django.urls import reverse
from PIL import Image

from yunzhao.audience import poster
from yunzhao.reach import actions as reach_actions
from yunzhao.reach.choices import PublicationKind

pytestmark = pytest.mark.skipif(not (poster.FONT_DIR / "NotoSansCJK-Bold.ttc").exists(),
                                reason="the Noto CJK font is not installed")


@pytest.fixture(autouse=True)
def _no_cached_posters():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def published(media_editor, event, channels):
    from django.utils import timezone

    reach_actions.record_publication(actor=media_editor, channel=channels["wechat"], kind=PublicationKind.LIVE,
                                     event=event, published_at=timezone.now())
    return channels


def dark_share(image: Image.Image, box: tuple[int, int, int, int]) -> float:
    """The share of the box's pixels that are the poster's dark blue."""
    crop = image.crop(box)
    colours = {colour: count for count, colour in crop.getcolors(crop.width * crop.height)}
    return colours.get(poster.BRAND, 0) / (crop.width * crop.height)


def test_the_poster_is_an_a4_png_with_the_title_band_and_the_qr_code(client, city_staff, event, published):
    # given
    client.force_login(city_staff)
    # when
    response = client.get(reverse("audience:share_poster", args=[event.pk, "wechat"]))
    # then
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == f'attachment; filename="poster-event{event.pk}-wechat.png"'
    image = Image.open(io.BytesIO(response.content)).convert("RGB")
    assert image.size == (poster.WIDTH, poster.HEIGHT)
    assert image.getpixel((5, 5)) == poster.BRAND  # the title band
    # the middle of the poster is a QR code: dark and light modules, about half each
    middle = dark_share(image, (poster.WIDTH // 2 - 250, 700, poster.WIDTH // 2 + 250, 1150))
    assert 0.3 < middle < 0.7
    assert image.getpixel((5, poster.HEIGHT - 5)) == (255, 255, 255)


def test_each_channel_has_its_own_poster(client, city_staff, event, published):
    # given
    client.force_login(city_staff)
    # when
    wechat = client.get(reverse("audience:share_poster", args=[event.pk, "wechat"])).content
    douyin = client.get(reverse("audience:share_poster", args=[event.pk, "douyin"])).content
    # then
    assert wechat != douyin


def test_the_title_is_wrapped_and_cut_to_three_lines():
    # given
    from PIL import ImageDraw

    draw = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    font = poster._font("Bold", 72)
    title = "“选择济南 共赢未来”云招商推介活动暨首场市级综合推介会" * 3
    # when
    lines = poster._wrap(draw, title, font, poster.WIDTH - 2 * poster.MARGIN, 3)
    # then
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(draw.textlength(line, font=font) <= poster.WIDTH - 2 * poster.MARGIN for line in lines)
    assert "".join(lines)[:-1] == title[: len("".join(lines)) - 1]


def test_english_words_are_not_broken_across_lines():
    # given
    from PIL import ImageDraw

    draw = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    font = poster._font("Regular", 40)
    # when
    title = "Jinan investment promotion: the city-level comprehensive session"
    lines = poster._wrap(draw, title, font, 500, 5)
    # then
    assert len(lines) > 1
    assert " ".join(lines) == title


def test_without_the_cjk_font_the_page_says_what_is_missing(client, city_staff, event, published, monkeypatch,
                                                             tmp_path):
    # given
    monkeypatch.setattr(poster, "FONT_DIR", tmp_path)
    client.force_login(city_staff)
    # when
    response = client.get(reverse("audience:share_poster", args=[event.pk, "wechat"]))
    # then
    assert response.status_code == 503
    assert "fonts-noto-cjk" in response.content.decode()


def test_without_pillow_the_page_says_what_is_missing(client, city_staff, event, published, monkeypatch):
    # given: importing PIL fails
    monkeypatch.setitem(sys.modules, "PIL", None)
    client.force_login(city_staff)
    # when
    response = client.get(reverse("audience:share_poster", args=[event.pk, "wechat"]))
    # then
    assert response.status_code == 503
    assert "Pillow" in response.content.decode()
