import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.utils import timezone

from yunzhao.orgs.actions import issue_api_token, revoke_api_token
from yunzhao.orgs.models import ApiToken
from yunzhao.projects.models import Project
from yunzhao.testing.factories import make_project

from .conftest import ApiClient


def test_missing_token_is_401_json(anonymous_api, db):
    # when
    response = anonymous_api.get("/projects")
    # then
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["detail"]


def test_wrong_token_is_401(district_staff):
    # given
    issue_api_token(district_staff, name="real")
    # when
    response = ApiClient("yz_not-a-real-key").get("/projects")
    # then
    assert response.status_code == 401


def test_other_authorization_schemes_are_401(district_staff):
    # given
    _token, key = issue_api_token(district_staff, name="real")
    client = Client(headers={"Authorization": f"Token {key}"})
    # when
    response = client.get("/api/v1/projects")
    # then
    assert response.status_code == 401


def test_revoked_token_is_401(district_staff):
    # given
    token, key = issue_api_token(district_staff, name="laptop")
    revoke_api_token(token)
    # when
    response = ApiClient(key).get("/projects")
    # then
    assert response.status_code == 401


def test_token_of_inactive_user_is_401(district_staff):
    # given
    _token, key = issue_api_token(district_staff, name="laptop")
    district_staff.is_active = False
    district_staff.save(update_fields=["is_active"])
    # when
    response = ApiClient(key).get("/projects")
    # then
    assert response.status_code == 401


def test_valid_token_answers_and_notes_last_use_at_most_once_a_minute(district_staff):
    # given
    token, key = issue_api_token(district_staff, name="laptop")
    client = ApiClient(key)
    # when
    assert client.get("/projects").status_code == 200
    first_use = ApiToken.objects.get(pk=token.pk).last_used_at
    assert client.get("/projects").status_code == 200
    # then
    assert first_use is not None
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first_use
    # given a use more than a minute ago
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=an_hour_ago)
    # when
    client.get("/projects")
    # then
    assert ApiToken.objects.get(pk=token.pk).last_used_at > an_hour_ago


def test_bad_token_is_refused_even_with_a_session(client, district_staff):
    # given
    client.force_login(district_staff)
    # when
    response = client.get("/api/v1/projects", headers={"Authorization": "Bearer yz_wrong"})
    # then
    assert response.status_code == 401


def test_staff_session_reads_the_api(client, district_staff):
    # given
    project = make_project(district_staff)
    client.force_login(district_staff)
    # when
    response = client.get(f"/api/v1/projects/{project.pk}")
    # then
    assert response.status_code == 200
    assert response.json()["code"] == project.code


def test_session_writes_need_the_csrf_token(district_staff):
    # given
    client = Client(enforce_csrf_checks=True)
    client.force_login(district_staff)
    csrf = _get_new_csrf_string()
    client.cookies["csrftoken"] = csrf  # as a staff page would have set it
    body = '{"name_zh": "会话创建项目"}'
    # when
    refused = client.post("/api/v1/projects", body, content_type="application/json")
    accepted = client.post(
        "/api/v1/projects", body, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    # then
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert accepted.status_code == 201, accepted.content
    assert accepted.json()["district"]["code"] == "lixia"
    assert Project.objects.filter(name_zh="会话创建项目").count() == 1


def test_token_writes_need_no_csrf_token(api_as, district_staff):
    # when
    response = api_as(district_staff).post("/projects", {"name_zh": "令牌创建项目"})
    # then
    assert response.status_code == 201


def test_create_api_token_prints_a_working_key_once(district_staff):
    # given
    out = io.StringIO()
    # when
    call_command("create_api_token", district_staff.username, "--name", "ledger sync", stdout=out)
    # then
    key = out.getvalue().strip().splitlines()[-1]
    token = ApiToken.objects.get(user=district_staff, name="ledger sync")
    assert key.startswith("yz_")
    assert token.key_hash == ApiToken.hash_key(key)
    assert key not in str(token.__dict__)
    assert ApiClient(key).get("/projects").status_code == 200


def test_create_api_token_refuses_unknown_and_inactive_users(district_staff):
    # given
    district_staff.is_active = False
    district_staff.save(update_fields=["is_active"])
    # then
    with pytest.raises(CommandError):
        call_command("create_api_token", "nobody", "--name", "x", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("create_api_token", district_staff.username, "--name", "x", stdout=io.StringIO())
    assert not ApiToken.objects.exists()


def test_revoke_api_token_stops_the_key(district_staff):
    # given
    token, key = issue_api_token(district_staff, name="old laptop")
    # when
    call_command("revoke_api_token", token.prefix, stdout=io.StringIO())
    # then
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert ApiClient(key).get("/projects").status_code == 401
