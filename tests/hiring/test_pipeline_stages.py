"""Pipeline stages: administrators edit them; applications start in the first;
a stage that holds applications is never deleted."""

import pytest
from django.urls import reverse

from careers_pages.hiring.models import Application, PipelineStage
from tests.factories import apply

pytestmark = pytest.mark.django_db


def test_an_administrator_adds_a_stage_and_new_applications_start_in_the_first(
    admin_client, backend
):
    response = admin_client.post(
        reverse("pipeline_stages:add"), {"name": "Phone screen", "slug": "phone", "sort_order": 0}
    )

    assert response.status_code == 302
    assert PipelineStage.objects.first().name == "Phone screen"
    assert apply(backend).stage.slug == "phone"
    listing = admin_client.get(reverse("pipeline_stages:index")).content.decode()
    assert listing.index("Phone screen") < listing.index("Reviewing")


def test_with_every_stage_removed_an_application_starts_in_a_new_one(backend):
    PipelineStage.objects.all().delete()

    application = apply(backend)

    assert (application.stage.name, application.stage.slug) == ("New", "new")


def test_a_stage_that_holds_applications_is_not_deleted(admin_client, backend):
    apply(backend)
    apply(backend, email="grace@example.com")
    new = PipelineStage.objects.get(slug="new")
    url = reverse("pipeline_stages:delete", args=(new.pk,))

    confirm = admin_client.get(url).content.decode()
    response = admin_client.post(url, follow=True)

    message = "The stage “New” holds 2 applications and cannot be deleted. Move them to another stage first."
    assert message in confirm
    assert "Yes, delete" not in confirm
    assert message in response.content.decode()
    assert PipelineStage.objects.filter(pk=new.pk).exists()
    assert Application.objects.filter(stage=new).count() == 2


def test_an_empty_stage_is_deleted(admin_client):
    offer = PipelineStage.objects.get(slug="offer")

    response = admin_client.post(reverse("pipeline_stages:delete", args=(offer.pk,)))

    assert response.status_code == 302
    assert not PipelineStage.objects.filter(slug="offer").exists()


def test_the_hiring_team_moves_applications_but_does_not_edit_stages(client, hiring_member):
    client.force_login(hiring_member)
    new = PipelineStage.objects.get(slug="new")

    for url in (
        reverse("pipeline_stages:index"),
        reverse("pipeline_stages:add"),
        reverse("pipeline_stages:edit", args=(new.pk,)),
        reverse("pipeline_stages:delete", args=(new.pk,)),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("wagtailadmin_home")
    assert client.post(reverse("pipeline_stages:delete", args=(new.pk,))).status_code == 302
    assert PipelineStage.objects.filter(pk=new.pk).exists()
