"""The hiring tests' fixtures: a hiring team member (and one who may only read
applications), an editor, and two postings of the demo content."""

import pytest
from django.contrib.auth.models import Permission

from careers_pages.models import JobPostingPage
from tests.factories import user_in


@pytest.fixture
def hiring_member(django_user_model):
    return user_in(django_user_model, "Hiring team", "recruiter")


@pytest.fixture
def reader(hiring_member):
    """A hiring team member whose group may see applications but not change them."""
    hiring_member.groups.first().permissions.remove(
        Permission.objects.get(codename="change_application")
    )
    return hiring_member


@pytest.fixture
def editor(django_user_model):
    return user_in(django_user_model, "Editors", "editor")


@pytest.fixture
def backend(imported_site):
    return JobPostingPage.objects.get(slug="back-end-engineer")


@pytest.fixture
def designer(imported_site):
    return JobPostingPage.objects.get(department__slug="design")
