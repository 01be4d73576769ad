"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yunzhao.settings")
application = get_asgi_application()

# The live-audience beacon (/t/) is answered before Django's request handling.
from yunzhao.audience.asgi import BeaconShortCircuitASGI  # noqa: E402

application = BeaconShortCircuitASGI(application)
