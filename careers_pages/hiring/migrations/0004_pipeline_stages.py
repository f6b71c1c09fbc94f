"""The hiring pipeline: configurable stages (the six default ones), and every
application's status moved to the stage of the same name ("withdrawn" to a
Withdrawn stage, made only where an application was withdrawn; anything else to
New), then the status field goes; notes on applications,
the stages' e-mail templates and the e-mails sent to applicants."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

DEFAULT_STAGES = [
    ("New", "new"),
    ("Reviewing", "reviewing"),
    ("Interview", "interview"),
    ("Offer", "offer"),
    ("Hired", "hired"),
    ("Rejected", "rejected"),
]
# The old status values, by the slug of the stage of the same name.
STATUS_OF_STAGE = {
    "new": "new",
    "reviewing": "reviewing",
    "interview": "interviewing",
    "offer": "offer",
    "hired": "hired",
    "rejected": "rejected",
}
# The same with Withdrawn, a stage made only where an application was withdrawn.
STATUS_OF_ANY_STAGE = {**STATUS_OF_STAGE, "withdrawn": "withdrawn"}


def create_default_stages(apps, schema_editor):
    PipelineStage = apps.get_model("careers_hiring", "PipelineStage")
    for order, (name, slug) in enumerate(DEFAULT_STAGES, start=1):
        PipelineStage.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})


def statuses_to_stages(apps, schema_editor):
    """One UPDATE per stage, whatever the number of applications."""
    Application = apps.get_model("careers_hiring", "Application")
    PipelineStage = apps.get_model("careers_hiring", "PipelineStage")
    if Application.objects.filter(status="withdrawn").exists():
        PipelineStage.objects.get_or_create(
            slug="withdrawn", defaults={"name": "Withdrawn", "sort_order": len(DEFAULT_STAGES) + 1}
        )
    stages = {stage.slug: stage for stage in PipelineStage.objects.all()}
    for slug, status in STATUS_OF_ANY_STAGE.items():
        if slug not in stages:
            continue
        Application.objects.filter(status=status).update(stage=stages[slug])
    Application.objects.filter(stage__isnull=True).update(stage=stages["new"])


def stages_to_statuses(apps, schema_editor):
    Application = apps.get_model("careers_hiring", "Application")
    for slug, status in STATUS_OF_ANY_STAGE.items():
        Application.objects.filter(stage__slug=slug).update(status=status)
    Application.objects.exclude(stage__slug__in=STATUS_OF_ANY_STAGE).update(status="new")


class Migration(migrations.Migration):
    dependencies = [
        ("careers_hiring", "0003_privacy_notice_and_consent_record"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PipelineStage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=50, unique=True)),
                (
                    "slug",
                    models.SlugField(
                        help_text="Names the stage in the inbox's filter links.", unique=True
                    ),
                ),
                (
                    "sort_order",
                    models.PositiveIntegerField(
                        default=0,
                        help_text="Stages are listed from the lowest number; the first is "
                        "where new applications start.",
                    ),
                ),
            ],
            options={"verbose_name": "pipeline stage", "ordering": ["sort_order", "pk"]},
        ),
        migrations.RunPython(create_default_stages, migrations.RunPython.noop),
        migrations.AddField(
            model_name="application",
            name="stage",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="applications",
                to="careers_hiring.pipelinestage",
            ),
        ),
        migrations.RunPython(statuses_to_stages, stages_to_statuses),
        migrations.AlterField(
            model_name="application",
            name="stage",
            field=models.ForeignKey(
                help_text="Where the application is in the hiring pipeline.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="applications",
                to="careers_hiring.pipelinestage",
            ),
        ),
        migrations.RemoveField(model_name="application", name="status"),
        migrations.CreateModel(
            name="ApplicationNote",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.TextField(max_length=5000)),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notes",
                        to="careers_hiring.application",
                    ),
                ),
                (
                    "author",
                    models.ForeignKey(
                        help_text="Empty once the author's account is deleted.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"ordering": ["-created_at", "-pk"]},
        ),
        migrations.CreateModel(
            name="StageEmailTemplate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(help_text="What the hiring team picks it by.", max_length=100),
                ),
                ("subject", models.CharField(max_length=200)),
                (
                    "body",
                    models.TextField(
                        help_text="Placeholders: {candidate_name}, {posting_title}, {organization_name}.",
                        max_length=10000,
                    ),
                ),
                (
                    "stage",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="email_templates",
                        to="careers_hiring.pipelinestage",
                    ),
                ),
            ],
            options={
                "verbose_name": "stage e-mail template",
                "ordering": ["stage__sort_order", "stage", "name"],
            },
        ),
        migrations.CreateModel(
            name="ApplicationMessage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("recipient", models.EmailField(max_length=254)),
                ("subject", models.CharField(max_length=255)),
                ("body", models.TextField()),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "status",
                    models.CharField(
                        choices=[("queued", "Queued"), ("sent", "Sent"), ("failed", "Failed")],
                        default="queued",
                        max_length=10,
                    ),
                ),
                ("attempts", models.PositiveIntegerField(default=0)),
                ("sent_at", models.DateTimeField(blank=True, null=True)),
                (
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="messages",
                        to="careers_hiring.application",
                    ),
                ),
                (
                    "sent_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "template",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="careers_hiring.stageemailtemplate",
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-pk"],
            },
        ),
    ]
