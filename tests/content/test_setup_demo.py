"""`make run`'s set-up step: demo content and a local admin, once."""

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision

from careers_pages.management.commands import setup_demo
from careers_pages.models import CareersIndexPage, JobPostingPage
from tests.factories import DEMO

pytestmark = pytest.mark.django_db


@pytest.fixture
def credentials_file(tmp_path, monkeypatch):
    path = tmp_path / "var" / "local-admin.txt"
    monkeypatch.setattr(setup_demo, "CREDENTIALS_FILE", path)
    return path


def test_setup_demo_runs_once_and_prints_working_credentials(credentials_file, client, capsys):
    call_command("setup_demo")
    first = capsys.readouterr().out
    state = (Page.objects.count(), Revision.objects.count())
    assert CareersIndexPage.objects.get().url == "/company/careers"
    assert JobPostingPage.objects.live().count() == len(list((DEMO / "postings").glob("*.md")))

    call_command("setup_demo")
    second = capsys.readouterr().out
    assert (Page.objects.count(), Revision.objects.count()) == state
    assert "Demo content: already in place." in second

    password = first.split("password: ")[1].split()[0]
    assert f"password: {password}" in second
    response = client.post("/admin/login/", {"username": "admin", "password": password})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_demo_seed_is_the_users_document(hoppscotch):
    seed = "back-end-engineer.md"
    assert (DEMO / "postings" / seed).read_bytes() == (hoppscotch / "postings" / seed).read_bytes()
