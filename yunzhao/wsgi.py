"""WSGI entry point for production servers (granian, gunicorn)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yunzhao.settings")
application = get_wsgi_application()

# The live-audience beacon (/t/) is answered before Django's request handling.
from yunzhao.audience.wsgi import BeaconShortCircuit  # noqa: E402

application = BeaconShortCircuit(application)
