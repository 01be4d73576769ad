"""Fixtures for the API tests: a client that carries a user's bearer token."""

import json
from collections.abc import Callable

import pytest
from django.test import Client

from yunzhao.orgs.actions import issue_api_token


class ApiClient:
    """A test client that speaks JSON to /api/v1/ with a bearer token (or none)."""

    def __init__(self, key: str | None = None, language: str | None = None):
        headers = {}
        if key:
            headers["Authorization"] = f"Bearer {key}"
        if language:
            headers["Accept-Language"] = language
        self.client = Client(headers=headers)

    def get(self, path: str, params: dict | None = None):
        return self.client.get(f"/api/v1{path}", params or {})

    def post(self, path: str, body: dict):
        return self.client.post(f"/api/v1{path}", json.dumps(body), content_type="application/json")

    def patch(self, path: str, body: dict):
        return self.client.patch(f"/api/v1{path}", json.dumps(body), content_type="application/json")


@pytest.fixture
def api_as() -> Callable[..., ApiClient]:
    """``api_as(user)`` gives a client authenticated with a fresh token of ``user``."""

    def make(user, language: str | None = None) -> ApiClient:
        _token, key = issue_api_token(user, name="tests")
        return ApiClient(key, language)

    return make


@pytest.fixture
def anonymous_api() -> ApiClient:
    return ApiClient()
