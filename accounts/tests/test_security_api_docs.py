"""The OpenAPI schema and the Swagger page are for logged-in users only (README "接口")."""

from rest_framework.test import APIClient

from accounts.services.tokens import api_token_create


def test_anonymous_schema_request_is_401():
    response = APIClient().get("/api/schema/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_anonymous_docs_page_redirects_to_login(db, client):
    response = client.get("/api/docs/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/api/docs/")


def test_logged_in_user_reads_schema_and_docs(world, client_for):
    c = client_for(world.viewer_a)
    assert c.get("/api/schema/").status_code == 200
    assert c.get("/api/docs/").status_code == 200


def test_schema_with_a_token(world):
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=world.clerk_a, name='文档').plaintext}")
    assert c.get("/api/schema/").status_code == 200


def test_anonymous_api_call_is_401(db):
    assert APIClient().get("/api/v1/members/").status_code == 401
