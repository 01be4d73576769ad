"""The ledger tests read their messages in English (one test checks the Chinese ones)."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
