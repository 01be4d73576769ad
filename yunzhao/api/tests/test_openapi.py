from django.test import Client


def test_openapi_document_lists_every_path(api_as, city_staff):
    # when
    response = api_as(city_staff).get("/openapi.json")
    # then
    assert response.status_code == 200
    document = response.json()
    assert set(document["paths"]) == {
        "/api/v1/investors",
        "/api/v1/investors/{investor_id}",
        "/api/v1/projects",
        "/api/v1/projects/{project_id}",
        "/api/v1/projects/{project_id}/stage",
        "/api/v1/projects/{project_id}/capital",
        "/api/v1/campaigns",
        "/api/v1/campaigns/{campaign_id}",
        "/api/v1/campaigns/{campaign_id}/publications",
        "/api/v1/campaigns/{campaign_id}/snapshots",
        "/api/v1/campaigns/{campaign_id}/reach",
        "/api/v1/events",
        "/api/v1/events/{event_id}",
        "/api/v1/events/{event_id}/agenda",
        "/api/v1/events/{event_id}/guests",
        "/api/v1/events/{event_id}/guests/{guest_id}/register",
        "/api/v1/events/{event_id}/guests/{guest_id}/attended",
        "/api/v1/events/{event_id}/publications",
        "/api/v1/events/{event_id}/snapshots",
        "/api/v1/events/{event_id}/reach",
        "/api/v1/signings",
        "/api/v1/signings/{signing_id}",
        "/api/v1/outlets",
        "/api/v1/outlets/{outlet_id}",
        "/api/v1/channels",
        "/api/v1/channels/{channel_id}",
        "/api/v1/publications/{publication_id}",
        "/api/v1/publications/{publication_id}/snapshots",
        "/api/v1/reach",
    }
    assert set(document["paths"]["/api/v1/projects/{project_id}"]) == {"get", "patch"}
    assert document["components"]["securitySchemes"]["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    # the ledger filters are documented as query parameters
    list_params = {p["name"] for p in document["paths"]["/api/v1/projects"]["get"]["parameters"]}
    assert {"stage", "district", "zone", "band", "leader", "signed_from", "limit", "offset"} <= list_params
    # amounts are strings
    amount = document["components"]["schemas"]["ProjectOut"]["properties"]["total_investment_cny"]
    assert amount["type"] == "string"


def test_openapi_document_needs_authentication(anonymous_api, db):
    assert anonymous_api.get("/openapi.json").status_code == 401


def test_docs_page_uses_vendored_assets_only(client, city_staff):
    # given
    client.force_login(city_staff)
    # when
    response = client.get("/api/v1/docs")
    # then
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
    assert "<script>" not in page  # no inline script: the settings travel as JSON data


def test_docs_page_needs_authentication(db):
    # when
    response = Client().get("/api/v1/docs")
    # then
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")


def test_unknown_api_path_is_json_404_after_authentication(api_as, anonymous_api, city_staff):
    assert anonymous_api.get("/no-such-thing").status_code == 401
    response = api_as(city_staff, language="en").get("/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_api_root_points_to_the_schema(api_as, anonymous_api, city_staff):
    assert anonymous_api.get("/").status_code == 401
    response = api_as(city_staff).get("/")
    assert response.status_code == 200
    assert response.json()["openapi"].endswith("/api/v1/openapi.json")
