"""QR codes of public pages (with their channel tag), drawn by segno and cached."""

import hashlib
import io

import segno
from django.core.cache import cache

QR_CACHE_SECONDS = 24 * 3600


def qr_code(url: str, kind: str) -> bytes:
    """The QR code of ``url`` as SVG or PNG bytes (cached by URL)."""
    key = "portal:qr:" + kind + ":" + hashlib.sha256(url.encode()).hexdigest()
    data = cache.get(key)
    if data is None:
        code = segno.make(url, error="m", micro=False)
        buffer = io.BytesIO()
        if kind == "svg":
            code.save(buffer, kind="svg", scale=4, border=2, xmldecl=False, dark="#0b2545")
        else:
            code.save(buffer, kind="png", scale=10, border=3, dark="#0b2545")
        data = buffer.getvalue()
        cache.set(key, data, QR_CACHE_SECONDS)
    return data
