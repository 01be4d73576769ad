"""The QR poster of an event on one channel: title, date and time, the QR code and the channel, as PNG.

Drawn with Pillow in the Noto Sans CJK font (Debian's ``fonts-noto-cjk``). Without either, drawing
fails with ``PosterUnavailable`` saying what is missing, and the page says so instead of a poster.
Posters are cached like the QR codes they carry.
"""

import functools
import hashlib
import io
import re
from pathlib import Path

from django.core.cache import cache
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from yunzhao.campaigns.models import Event
from yunzhao.portal.qr import QR_CACHE_SECONDS, qr_code
from yunzhao.reach.models import Channel

FONT_DIR = Path("/usr/share/fonts/opentype/noto")
FONT_FACE = "Noto Sans CJK SC"  # the simplified-Chinese face of the collection
WIDTH, HEIGHT = 1240, 1754  # A4 at 150 dpi
MARGIN = 90
BRAND = (11, 37, 69)  # the QR code's own dark blue
ACCENT = (214, 40, 40)
GREY = (96, 108, 124)
# Latin words stay whole when a line is wrapped; Chinese wraps between any two characters.
TOKENS = re.compile(r"[A-Za-z0-9'’.,:;!?()&/%+-]+\s*|\s+|.")


class PosterUnavailable(Exception):
    """The poster cannot be drawn on this server (Pillow or the CJK font is missing)."""


@functools.cache
def _face_index(path: str) -> int:
    """The index of the simplified-Chinese face in a font collection (the first face if none is)."""
    from PIL import ImageFont

    for index in range(10):
        try:
            face = ImageFont.truetype(path, 12, index=index)
        except OSError:
            break
        if face.getname()[0] == FONT_FACE:
            return index
    return 0


def _font(weight: str, size: int):
    from PIL import ImageFont

    path = FONT_DIR / f"NotoSansCJK-{weight}.ttc"
    if not path.exists():
        raise PosterUnavailable(_("The poster needs the Noto CJK font (%(path)s), which is not installed on "
                                  "this server (Debian package fonts-noto-cjk).") % {"path": path})
    return ImageFont.truetype(str(path), size, index=_face_index(str(path)))


def _wrap(draw, text: str, font, width: int, max_lines: int) -> list[str]:
    """Greedy wrapping to ``width`` pixels; the last line ends in "…" when the text does not fit."""
    lines, line = [], ""
    for token in TOKENS.findall(text.strip()):
        if draw.textlength(line + token, font=font) <= width or not line:
            line += token
            continue
        lines.append(line.rstrip())
        line = token.lstrip()
    if line:
        lines.append(line.rstrip())
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and draw.textlength(last + "…", font=font) > width:
            last = last[:-1]
        lines[-1] = last + "…"
    return lines


def _centred(draw, y: int, lines: list[str], font, fill, spacing: int) -> int:
    """Draw lines centred across the poster from ``y``; the y below the last line."""
    for line in lines:
        left, top, right, bottom = draw.textbbox((0, 0), line, font=font)
        draw.text(((WIDTH - (right - left)) / 2 - left, y - top), line, font=font, fill=fill)
        y += (bottom - top) + spacing
    return y


def poster_png(event: Event, channel: Channel, url: str) -> bytes:
    """The poster of ``event`` on ``channel``, whose QR code opens ``url``, in the current language."""
    try:
        from PIL import Image, ImageDraw
    except ImportError:
        raise PosterUnavailable(_("The poster needs the Pillow imaging library, which is not installed on "
                                  "this server.")) from None
    title, channel_name = event.display_name, channel.display_name
    when = formats.date_format(timezone.localtime(event.starts_at), "DATETIME_FORMAT")
    key = "audience:poster:" + hashlib.sha256("\n".join((url, title, when, channel_name, _("Scan to watch"))).encode()
                                               ).hexdigest()
    data = cache.get(key)
    if data is not None:
        return data
    title_font, date_font, label_font = _font("Bold", 72), _font("Regular", 44), _font("Bold", 54)
    channel_font, small_font = _font("Regular", 40), _font("Regular", 26)

    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    inner = WIDTH - 2 * MARGIN
    title_lines = _wrap(draw, title, title_font, inner, 3)
    band = 150 + len(title_lines) * 96
    draw.rectangle((0, 0, WIDTH, band), fill=BRAND)
    _centred(draw, 70, [_("Yunzhao · cloud investment promotion")], small_font, (190, 205, 225), 0)
    _centred(draw, 130, title_lines, title_font, "white", 24)
    draw.rectangle((0, band, WIDTH, band + 10), fill=ACCENT)

    y = _centred(draw, band + 70, [when], date_font, BRAND, 0)
    size = min(760, HEIGHT - y - 420)
    qr = Image.open(io.BytesIO(qr_code(url, "png"))).convert("RGB").resize((size, size), Image.Resampling.NEAREST)
    image.paste(qr, ((WIDTH - size) // 2, y + 50))
    y += 50 + size + 40
    y = _centred(draw, y, [_("Scan to watch")], label_font, BRAND, 28)
    y = _centred(draw, y, _wrap(draw, _("Channel: %(channel)s") % {"channel": channel_name}, channel_font, inner, 2),
                 channel_font, GREY, 14)
    _centred(draw, HEIGHT - 80, _wrap(draw, url, small_font, inner, 1), small_font, GREY, 0)

    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    data = buffer.getvalue()
    cache.set(key, data, QR_CACHE_SECONDS)
    return data
