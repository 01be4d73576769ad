# Cached pages, the content version, rate limits and QR codes do not leak from one test into the next.
from yunzhao.portal.tests.conftest import _fresh_cache  # noqa: F401
