"""careers_hiring 0002 (0004 before the squash): applications of a database
from before configurable stages keep their place in the pipeline (their status
becomes the stage of the same name, anything else New), and back."""

from __future__ import annotations

import pytest

from careers_pages.hiring.models import Application, PipelineStage
from tests.factories import latest_migrations, migrate

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

#: careers_hiring as the split made it: Application with its status field.
BEFORE_STAGES = [("careers_hiring", "0001_initial")]
#: Each old status, and the stage its applications are in afterwards.
STATUS_TO_STAGE = {
    "new": "New",
    "reviewing": "Reviewing",
    "interviewing": "Interview",
    "offer": "Offer",
    "hired": "Hired",
    "rejected": "Rejected",
    "withdrawn": "Withdrawn",
}


def test_every_status_becomes_its_stage_and_back():
    try:
        old = migrate(BEFORE_STAGES)
        OldApplication = old.get_model("careers_hiring", "Application")
        ids = {
            status: OldApplication.objects.create(
                role="Back-end Engineer",
                name=f"Applicant {status}",
                email=f"{status}@example.com",
                message="Hello.",
                fingerprint=status,
                status=status,
            ).pk
            for status in STATUS_TO_STAGE
        }

        migrate(latest_migrations())
        assert list(PipelineStage.objects.values_list("name", flat=True)) == [
            "New",
            "Reviewing",
            "Interview",
            "Offer",
            "Hired",
            "Rejected",
            "Withdrawn",  # made because an application was withdrawn
        ]
        stages = dict(Application.objects.values_list("pk", "stage__name"))
        assert {status: stages[pk] for status, pk in ids.items()} == STATUS_TO_STAGE
        # Those that come in now start in the first stage.
        assert Application.objects.create(
            role="Designer", name="Grace", email="g@example.com", message="Hi.", fingerprint="g"
        ).stage == PipelineStage.objects.get(slug="new")

        old = migrate(BEFORE_STAGES)  # and back again
        statuses = dict(
            old.get_model("careers_hiring", "Application").objects.values_list("pk", "status")
        )
        assert {status: statuses[pk] for status, pk in ids.items()} == {
            status: status for status in STATUS_TO_STAGE
        }
    finally:
        migrate(latest_migrations())


def test_without_a_withdrawn_application_the_stages_are_the_six_defaults():
    try:
        old = migrate(BEFORE_STAGES)
        old.get_model("careers_hiring", "Application").objects.create(
            role="Designer", name="Ada", email="a@example.com", message="Hi.", fingerprint="a"
        )
        migrate(latest_migrations())
        assert PipelineStage.objects.count() == 6
        assert not PipelineStage.objects.filter(slug="withdrawn").exists()
    finally:
        migrate(latest_migrations())
