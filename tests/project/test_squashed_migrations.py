"""The squashed migrations: a database that the migrations they replace made
needs nothing more, and one stopped part-way through them is refused, by name,
before ``migrate`` does anything."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from cms.migration_checks import check_partly_applied_squashes

pytestmark = pytest.mark.django_db

#: The migrations a database made before the squash (commit 24b7f00) records,
#: besides careers_pages 0009 and careers_hiring 0001, which stay as they were.
BEFORE_THE_SQUASH = {
    ("careers_pages", "0001_squashed_0008_initial"): [
        "0001_initial",
        "0002_hiring_organization",
        "0003_applications",
        "0004_hiring_team_group",
        "0005_page_previews",
        "0006_webhooks",
        "0007_posting_front_matter_keys",
        "0008_webhook_targets",
    ],
    ("careers_pages", "0010_squashed_0013_locations_questions_pay"): [
        "0010_posting_locations",
        "0011_posting_questions",
        "0012_pay_ranges",
        "0013_publish_checks",
    ],
    ("careers_hiring", "0002_squashed_0006_answers_consent_pipeline_sources"): [
        "0002_application_answers_and_private_answers",
        "0003_privacy_notice_and_consent_record",
        "0004_pipeline_stages",
        "0005_application_sources",
        "0006_applications_out_of_the_reference_index",
    ],
}


def loader():
    return MigrationExecutor(connection).loader


def forget(app, *names):
    """Take ``names`` of ``app`` out of the record of applied migrations."""
    MigrationRecorder.Migration.objects.filter(app=app, name__in=names).delete()


def test_each_squash_replaces_the_migrations_of_its_run():
    squashes = {
        key: migration.replaces
        for key, migration in loader().replacements.items()
        if key[0].startswith("careers_")
    }
    assert squashes == {
        (app, name): [(app, old) for old in olds] for (app, name), olds in BEFORE_THE_SQUASH.items()
    }


def test_a_database_made_before_the_squash_has_nothing_to_apply():
    for app, name in BEFORE_THE_SQUASH:
        forget(app, name)  # such a database records only the migrations it ran
    recorded = MigrationRecorder(connection).applied_migrations()
    for (app, _), olds in BEFORE_THE_SQUASH.items():
        assert all((app, old) in recorded for old in olds)

    after = loader()
    assert set(BEFORE_THE_SQUASH) <= set(after.applied_migrations)
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(after.graph.leaf_nodes()) == []
    assert check_partly_applied_squashes(databases=["default"]) == []


@pytest.mark.parametrize("squash", list(BEFORE_THE_SQUASH), ids=lambda key: key[1])
def test_a_database_stopped_part_way_through_a_squashed_run_is_refused(squash):
    app, name = squash
    olds = BEFORE_THE_SQUASH[squash]
    forget(app, name, olds[-1])  # stopped before the last of the run

    [error] = check_partly_applied_squashes(databases=["default"])
    assert error.id == "cms.E001"
    assert error.obj == f"{app}.{name}"
    assert f"applied {len(olds) - 1} of the {len(olds)} migrations" in error.msg
    assert f"(up to {app}.{olds[-2]})" in error.msg
    assert f"Migrate it to {app}.{olds[-1]} with a checkout" in error.hint

    # migrate stops on it before it changes anything.
    with pytest.raises(SystemCheckError, match=r"cms\.E001"):
        call_command("migrate", skip_checks=False, verbosity=0)
    assert (app, olds[-1]) not in MigrationRecorder(connection).applied_migrations()


def test_a_new_database_is_not_refused():
    MigrationRecorder.Migration.objects.filter(app__startswith="careers_").delete()
    assert check_partly_applied_squashes(databases=["default"]) == []
