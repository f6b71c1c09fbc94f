"""careers_pages 0010 to 0013 in one: structured locations, questions, pay
ranges (each posting's salary, and every revision's, becomes its first pay
range) and the publish checks' help texts, replacing them as 0001 does."""

import careers_pages.models
import django.db.models.deletion
import modelcluster.fields
import wagtail.fields
from django.db import migrations, models


SALARY_FIELDS = ("salary_min", "salary_max", "salary_currency", "salary_interval")


def _range_of(values: dict) -> dict | None:
    """A posting's salary_* values as one pay range's fields, or None."""
    minimum, maximum = values.get("salary_min"), values.get("salary_max")
    if minimum in (None, "") and maximum in (None, ""):
        return None
    return {
        "label": "",
        "min": None if minimum in (None, "") else str(minimum),
        "max": None if maximum in (None, "") else str(maximum),
        "currency": (values.get("salary_currency") or "").upper(),
        "interval": values.get("salary_interval") or "",
    }


def _posting_revisions(apps):
    """Every revision of a job posting (none where there is no posting type yet)."""
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    posting_type = ContentType.objects.filter(
        app_label="careers_pages", model="jobpostingpage"
    ).first()
    if posting_type is None:
        return []
    return Revision.objects.filter(content_type=posting_type).iterator()


def salary_to_pay_ranges(apps, schema_editor):
    """Each posting's salary becomes its one pay range, in the posting and in
    every revision of it: a revision's content is the page's serialized form
    (child relations as lists under their related name), and publishing an
    old revision later must not lose the pay it had."""
    JobPostingPage = apps.get_model("careers_pages", "JobPostingPage")
    PayRange = apps.get_model("careers_pages", "PayRange")
    for page in JobPostingPage.objects.exclude(salary_min=None, salary_max=None):
        fields = _range_of({name: getattr(page, name) for name in SALARY_FIELDS})
        PayRange.objects.create(page=page, sort_order=0, **fields)
    for revision in _posting_revisions(apps):
        content = revision.content
        if not any(name in content for name in SALARY_FIELDS):
            continue
        fields = _range_of(content)
        for name in SALARY_FIELDS:
            content.pop(name, None)
        content.setdefault("compensation_note", "")
        if fields is not None and not content.get("pay_ranges"):
            content["pay_ranges"] = [
                {"pk": None, "sort_order": 0, "page": content.get("pk"), **fields}
            ]
        revision.content = content
        revision.save(update_fields=["content"])


def pay_ranges_to_salary(apps, schema_editor):
    """Back: a posting's (and revision's) first pay range becomes its salary."""
    JobPostingPage = apps.get_model("careers_pages", "JobPostingPage")
    PayRange = apps.get_model("careers_pages", "PayRange")
    for first in PayRange.objects.order_by("page_id", "sort_order", "pk"):
        JobPostingPage.objects.filter(pk=first.page_id, salary_currency="").update(
            salary_min=first.min,
            salary_max=first.max,
            salary_currency=first.currency,
            salary_interval=first.interval,
        )
    for revision in _posting_revisions(apps):
        content = revision.content
        ranges = content.pop("pay_ranges", None)
        content.pop("compensation_note", None)
        first = ranges[0] if ranges else {}
        content.update(
            salary_min=first.get("min"),
            salary_max=first.get("max"),
            salary_currency=first.get("currency", ""),
            salary_interval=first.get("interval", ""),
        )
        revision.content = content
        revision.save(update_fields=["content"])



class Migration(migrations.Migration):

    replaces = [('careers_pages', '0010_posting_locations'), ('careers_pages', '0011_posting_questions'), ('careers_pages', '0012_pay_ranges'), ('careers_pages', '0013_publish_checks')]

    dependencies = [
        ('careers_pages', '0009_hiring_previews_webhooks_apps'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.AddField(
            model_name='jobpostingpage',
            name='remote_country_codes',
            field=models.CharField(blank=True, help_text="For remote postings: ISO 3166-1 alpha-2 codes, comma-separated, such as 'DE, FR'. Leave blank for anywhere.", max_length=255, validators=[careers_pages.models.validate_country_codes], verbose_name='remote applicants may live in'),
        ),
        migrations.AlterField(
            model_name='jobpostingpage',
            name='location',
            field=models.CharField(blank=True, help_text="The text the page shows, as written: 'Remote', 'Bengaluru, India (Hybrid)'. The structured locations below are what search engines and filters use.", max_length=255, verbose_name='location badge'),
        ),
        migrations.CreateModel(
            name='PostingLocation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('city', models.CharField(blank=True, max_length=100)),
                ('region', models.CharField(blank=True, help_text='State, province or region, such as CA or Bavaria.', max_length=100)),
                ('country', models.CharField(help_text='ISO 3166-1 alpha-2 code, such as IN, DE or US.', max_length=2, validators=[careers_pages.models.validate_country_code])),
                ('page', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='posting_locations', to='careers_pages.jobpostingpage')),
            ],
            options={
                'verbose_name': 'location',
                'ordering': ['sort_order'],
                'abstract': False,
            },
        ),
        migrations.AddField(
            model_name='careersindexpage',
            name='default_questions',
            field=wagtail.fields.StreamField([('text', 5), ('textarea', 6), ('choice', 9), ('multichoice', 10), ('boolean', 11), ('number', 12), ('date', 13), ('url', 14), ('file', 15)], blank=True, block_lookup={0: ('wagtail.blocks.RegexBlock', (), {'error_messages': {'invalid': "Use lower-case letters, digits and '_', starting with a letter."}, 'help_text': "A stable key for the answers: lower-case letters, digits and '_'. Keep it once applications have come in.", 'max_length': 50, 'regex': '^[a-z][a-z0-9_]*$'}), 1: ('wagtail.blocks.CharBlock', (), {'max_length': 255}), 2: ('wagtail.blocks.CharBlock', (), {'max_length': 500, 'required': False}), 3: ('wagtail.blocks.BooleanBlock', (), {'required': False}), 4: ('wagtail.blocks.BooleanBlock', (), {'help_text': 'Voluntary self-identification: stored apart from the application and only ever reported in aggregate.', 'required': False}), 5: ('wagtail.blocks.StructBlock', [[('name', 0), ('label', 1), ('help_text', 2), ('required', 3), ('private', 4)]], {'icon': 'pilcrow', 'label': 'Short text'}), 6: ('wagtail.blocks.StructBlock', [[('name', 0), ('label', 1), ('help_text', 2), ('required', 3), ('private', 4)]], {'icon': 'doc-full', 'label': 'Long text'}), 7: ('wagtail.blocks.CharBlock', (), {'label': 'Option', 'max_length': 200}), 8: ('wagtail.blocks.ListBlock', (7,), {}), 9: ('wagtail.blocks.StructBlock', [[('name', 0), ('label', 1), ('help_text', 2), ('required', 3), ('private', 4), ('options', 8)]], {'icon': 'radio-full', 'label': 'Single choice'}), 10: ('wagtail.blocks.StructBlock', [[('name', 0), ('label', 1), ('help_text', 2), ('required', 3), ('private', 4), ('options', 8)]], {'icon': 'list-ul', 'label': 'Multiple choice'}), 11: ('wagtail.blocks.StructBlock', [[('name', 0), ('label', 1), ('help_text', 2), ('required', 3), ('private', 4)]], {'icon': 'tick-inverse', 'label': 'Yes/no'}), 12: ('wagtail.blocks.StructBlock', [[('name', 0), ('label', 1), ('help_text', 2), ('required', 3), ('private', 4)]], {'icon': 'order', 'label': 'Number'}), 13: ('wagtail.blocks.StructBlock', [[('name', 0), ('label', 1), ('help_text', 2), ('required', 3), ('private', 4)]], {'icon': 'date', 'label': 'Date'}), 14: ('wagtail.blocks.StructBlock', [[('name', 0), ('label', 1), ('help_text', 2), ('required', 3), ('private', 4)]], {'icon': 'link', 'label': 'URL'}), 15: ('wagtail.blocks.StructBlock', [[('name', 0), ('label', 1), ('help_text', 2), ('required', 3), ('private', 4)]], {'icon': 'doc-empty', 'label': 'File'})}, help_text='Asked on every posting that has no questions of its own.'),
        ),
        migrations.AddField(
            model_name='jobpostingpage',
            name='questions',
            field=wagtail.fields.StreamField([('text', 5), ('textarea', 6), ('choice', 9), ('multichoice', 10), ('boolean', 11), ('number', 12), ('date', 13), ('url', 14), ('file', 15)], blank=True, block_lookup={0: ('wagtail.blocks.RegexBlock', (), {'error_messages': {'invalid': "Use lower-case letters, digits and '_', starting with a letter."}, 'help_text': "A stable key for the answers: lower-case letters, digits and '_'. Keep it once applications have come in.", 'max_length': 50, 'regex': '^[a-z][a-z0-9_]*$'}), 1: ('wagtail.blocks.CharBlock', (), {'max_length': 255}), 2: ('wagtail.blocks.CharBlock', (), {'max_length': 500, 'required': False}), 3: ('wagtail.blocks.BooleanBlock', (), {'required': False}), 4: ('wagtail.blocks.BooleanBlock', (), {'help_text': 'Voluntary self-identification: stored apart from the application and only ever reported in aggregate.', 'required': False}), 5: ('wagtail.blocks.StructBlock', [[('name', 0), ('label', 1), ('help_text', 2), ('required', 3), ('private', 4)]], {'icon': 'pilcrow', 'label': 'Short text'}), 6: ('wagtail.blocks.StructBlock', [[('name', 0), ('label', 1), ('help_text', 2), ('required', 3), ('private', 4)]], {'icon': 'doc-full', 'label': 'Long text'}), 7: ('wagtail.blocks.CharBlock', (), {'label': 'Option', 'max_length': 200}), 8: ('wagtail.blocks.ListBlock', (7,), {}), 9: ('wagtail.blocks.StructBlock', [[('name', 0), ('label', 1), ('help_text', 2), ('required', 3), ('private', 4), ('options', 8)]], {'icon': 'radio-full', 'label': 'Single choice'}), 10: ('wagtail.blocks.StructBlock', [[('name', 0), ('label', 1), ('help_text', 2), ('required', 3), ('private', 4), ('options', 8)]], {'icon': 'list-ul', 'label': 'Multiple choice'}), 11: ('wagtail.blocks.StructBlock', [[('name', 0), ('label', 1), ('help_text', 2), ('required', 3), ('private', 4)]], {'icon': 'tick-inverse', 'label': 'Yes/no'}), 12: ('wagtail.blocks.StructBlock', [[('name', 0), ('label', 1), ('help_text', 2), ('required', 3), ('private', 4)]], {'icon': 'order', 'label': 'Number'}), 13: ('wagtail.blocks.StructBlock', [[('name', 0), ('label', 1), ('help_text', 2), ('required', 3), ('private', 4)]], {'icon': 'date', 'label': 'Date'}), 14: ('wagtail.blocks.StructBlock', [[('name', 0), ('label', 1), ('help_text', 2), ('required', 3), ('private', 4)]], {'icon': 'link', 'label': 'URL'}), 15: ('wagtail.blocks.StructBlock', [[('name', 0), ('label', 1), ('help_text', 2), ('required', 3), ('private', 4)]], {'icon': 'doc-empty', 'label': 'File'})}, help_text="Asked after the standard fields. Leave empty to ask the careers page's default questions; any question here replaces them all."),
        ),
        migrations.AlterField(
            model_name='hiringorganization',
            name='remote_applicant_countries',
            field=models.CharField(blank=True, help_text='Where applicants to remote postings that name no countries of their own may live: country names or ISO codes, comma-separated. Google requires at least one country on a remote posting.', max_length=255),
        ),
        migrations.AlterField(
            model_name='jobpostingpage',
            name='employment_type',
            field=models.CharField(blank=True, choices=[('FULL_TIME', 'Full-time'), ('PART_TIME', 'Part-time'), ('CONTRACTOR', 'Contract'), ('TEMPORARY', 'Temporary'), ('INTERN', 'Internship'), ('VOLUNTEER', 'Volunteer'), ('PER_DIEM', 'Per diem'), ('OTHER', 'Other')], max_length=20),
        ),
        migrations.AlterField(
            model_name='hiringorganization',
            name='name',
            field=models.CharField(blank=True, help_text='Required for search engines: until it is set, postings carry no job markup (JSON-LD) and the job-board feeds name no publisher.', max_length=255),
        ),
        migrations.AddField(
            model_name='jobpostingpage',
            name='compensation_note',
            field=models.CharField(blank=True, help_text='Shown with the pay: equity, bonus, benefits in kind.', max_length=255),
        ),
        migrations.CreateModel(
            name='PayRange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('label', models.CharField(blank=True, help_text='The location or zone it applies to, if any.', max_length=100)),
                ('min', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='minimum')),
                ('max', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='maximum')),
                ('currency', models.CharField(help_text='ISO 4217 code, such as EUR.', max_length=3)),
                ('interval', models.CharField(choices=[('HOUR', 'Per hour'), ('DAY', 'Per day'), ('WEEK', 'Per week'), ('MONTH', 'Per month'), ('YEAR', 'Per year')], max_length=5, verbose_name='per')),
                ('page', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='pay_ranges', to='careers_pages.jobpostingpage')),
            ],
            options={
                'verbose_name': 'pay range',
                'ordering': ['sort_order'],
                'abstract': False,
            },
        ),
        migrations.RunPython(salary_to_pay_ranges, pay_ranges_to_salary),
        migrations.RemoveField(
            model_name='jobpostingpage',
            name='salary_currency',
        ),
        migrations.RemoveField(
            model_name='jobpostingpage',
            name='salary_interval',
        ),
        migrations.RemoveField(
            model_name='jobpostingpage',
            name='salary_max',
        ),
        migrations.RemoveField(
            model_name='jobpostingpage',
            name='salary_min',
        ),
        migrations.AlterField(
            model_name='jobpostingpage',
            name='qualifications',
            field=wagtail.fields.StreamField([('item', 0)], blank=True, block_lookup={0: ('careers_pages.blocks.ListItemBlock', (), {})}, help_text='At least one is needed to publish.'),
        ),
        migrations.AlterField(
            model_name='jobpostingpage',
            name='responsibilities',
            field=wagtail.fields.StreamField([('item', 0)], blank=True, block_lookup={0: ('careers_pages.blocks.ListItemBlock', (), {})}, help_text='At least one is needed to publish.'),
        ),
    ]
