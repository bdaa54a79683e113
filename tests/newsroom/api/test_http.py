"""Conditional GET (ETag, Last-Modified, 304), CORS and the docs."""

import pytest
from django.utils.http import http_date

from tests.factories import make_article

pytestmark = pytest.mark.django_db

ORIGIN = "https://app.example.com"


def test_answer_carries_etag_last_modified_and_public_cache_life(client, edition):
    response = client.get(f"/api/v1/articles/{edition.lead.pk}")

    assert response["ETag"]
    edition.lead.refresh_from_db()
    assert response["Last-Modified"] == http_date(max(edition.lead.updated_at, edition.lead.published_at).timestamp())
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]


def test_same_etag_answers_304_without_body(client, edition):
    first = client.get("/api/v1/articles")

    again = client.get("/api/v1/articles", headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 304
    assert again.content == b""


def test_if_modified_since_answers_304_when_nothing_changed(client, edition):
    first = client.get(f"/api/v1/articles/{edition.lead.pk}")

    again = client.get(f"/api/v1/articles/{edition.lead.pk}", headers={"If-Modified-Since": first["Last-Modified"]})

    assert again.status_code == 304


def test_etag_changes_when_a_new_article_is_published(client, edition):
    first = client.get("/api/v1/articles")
    make_article()

    again = client.get("/api/v1/articles", headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]


def test_no_cors_header_for_an_origin_not_configured(client, edition, settings):
    settings.NEWSROOM_API_CORS_ORIGINS = ["https://other.example.com"]

    response = client.get("/api/v1/articles", headers={"Origin": ORIGIN})

    assert "Access-Control-Allow-Origin" not in response
    assert "Origin" in response["Vary"]


def test_configured_origin_may_read_with_cors(client, edition, settings):
    settings.NEWSROOM_API_CORS_ORIGINS = [ORIGIN]

    response = client.get("/api/v1/articles", headers={"Origin": ORIGIN})

    assert response["Access-Control-Allow-Origin"] == ORIGIN
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_wildcard_lets_any_origin_read(client, edition, settings):
    settings.NEWSROOM_API_CORS_ORIGINS = ["*"]

    response = client.get("/api/v1/sections", headers={"Origin": ORIGIN})

    assert response["Access-Control-Allow-Origin"] == "*"


def test_cors_headers_also_on_404(client, db, settings):
    settings.NEWSROOM_API_CORS_ORIGINS = [ORIGIN]

    response = client.get("/api/v1/articles/999999", headers={"Origin": ORIGIN})

    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == ORIGIN


def test_preflight_allows_conditional_headers(client, db, settings):
    settings.NEWSROOM_API_CORS_ORIGINS = [ORIGIN]

    response = client.options(
        "/api/v1/articles",
        headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "if-none-match"},
    )

    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_writes_are_refused(client, db):
    assert client.post("/api/v1/articles", {}).status_code == 405


def test_openapi_schema_lists_every_endpoint(client, db):
    schema = client.get("/api/v1/openapi.json").json()

    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/articles",
        "/api/v1/articles/{article_id}",
        "/api/v1/articles/removed",
        "/api/v1/articles/ninjs",
        "/api/v1/articles/{article_id}/ninjs",
        "/api/v1/articles/{article_id}/newsml",
        "/api/v1/issues",
        "/api/v1/issues/{date}/newsml",
        "/api/v1/issues/{date}",
        "/api/v1/issues/{date}/pages/{number}",
        "/api/v1/sections",
        "/api/v1/sections/{slug}",
        "/api/v1/people",
        "/api/v1/people/{slug}",
        "/api/v1/tags",
        "/api/v1/tags/{slug}",
        "/api/v1/channels",
        "/api/v1/publication",
    }


def test_docs_page_loads_swagger_from_our_static_files_only(client, db):
    html = client.get("/api/v1/docs").content.decode()

    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html
    # Only external scripts and a JSON data block: nothing a CSP would have to allow inline.
    assert "<script>" not in html.replace(" ", "")
