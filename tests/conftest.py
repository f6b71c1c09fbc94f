import os
from pathlib import Path

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, settings

from tests.factories import DEMO, PROJECT

# Property-based tests: quick by default (make test); CI runs many more examples
# (HYPOTHESIS_PROFILE=ci in .ci/run). No deadline: a slow example is for the
# benchmarks and the hang guard to judge, not a flaky failure here.
settings.register_profile("default", max_examples=60, deadline=None)
settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "deep", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

HOPPSCOTCH = PROJECT.parent / "shared" / "fixtures" / "hoppscotch"


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings):
    """Background tasks run inline in tests, unless a test sets another backend."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def private_files(monkeypatch, tmp_path):
    """Resumes of each test go to a folder of its own."""
    from django.core.files.storage import FileSystemStorage

    from careers_pages.hiring.models import Application

    folder = tmp_path / "private"
    storage = FileSystemStorage(location=folder, base_url=None)
    monkeypatch.setattr(Application._meta.get_field("resume"), "storage", storage)
    return folder


@pytest.fixture
def hoppscotch() -> Path:
    """The real Hoppscotch careers pages, which live outside the project."""
    if not (HOPPSCOTCH / "careers-index.json").is_file():
        pytest.skip(f"the Hoppscotch fixtures are not at {HOPPSCOTCH} (../shared/fixtures)")
    return HOPPSCOTCH


@pytest.fixture
def careers_site() -> Path:
    """The project's own careers site (demo/): four postings in three departments,
    the seed back-end-engineer.md among them."""
    return DEMO


@pytest.fixture
def imported_site(db, careers_site):
    """The database after importing the project's own careers site."""
    call_command("import_careers", str(careers_site), verbosity=0)
    return careers_site


@pytest.fixture
def hiring_organization(db):
    """Who is hiring, as the Hoppscotch site would set it."""
    from wagtail.models import Site

    from careers_pages.models import HiringOrganization

    organization = HiringOrganization.for_site(Site.objects.get(is_default_site=True))
    organization.name = "Hoppscotch"
    organization.url = "https://hoppscotch.io"
    organization.remote_applicant_countries = "India, Germany"
    organization.save()
    return organization


@pytest.fixture(autouse=True)
def fresh_cache():
    """Throttle counters and cached responses do not leak from one test to the next."""
    from django.core.cache import cache

    from api.caching import known_generation, local_entries

    cache.clear(), local_entries.clear(), known_generation.forget()
    yield
    cache.clear(), local_entries.clear(), known_generation.forget()


@pytest.fixture(scope="session", autouse=True)
def close_generation_hint(django_db_setup):
    """The API cache's change hint keeps a connection of its own to the test
    database (on PostgreSQL): closed before the test database is dropped."""
    yield
    from api.caching import known_generation

    known_generation.reset()
