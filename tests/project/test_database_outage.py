"""With the database unreachable, public endpoints answer 503 (or from the cache)."""

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper

pytestmark = pytest.mark.django_db


def test_api_answers_503_json_while_the_database_is_down(client, imported_site, monkeypatch):
    cached = client.get("/api/careers/postings/back-end-engineer/")
    assert cached.status_code == 200

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    # What was cached is still served, without the database.
    assert (
        client.get("/api/careers/postings/back-end-engineer/").json()["slug"] == "back-end-engineer"
    )
    for url in ("/api/careers/", "/api/careers/postings/?department=design"):
        response = client.get(url)
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        assert "unavailable" in response.json()["detail"]
    apply = client.post(
        "/api/careers/postings/back-end-engineer/applications/",
        {"name": "Ada", "email": "ada@example.com", "message": "Hi"},
    )
    assert apply.status_code == 503
