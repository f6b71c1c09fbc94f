"""Applications are no longer in Wagtail's reference index
(``Application.wagtail_reference_index_ignore``): the rows it kept for them,
which made every application a "usage" of its posting, go."""

from django.db import migrations


def forget_applications(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    application = ContentType.objects.filter(app_label="careers_hiring", model="application")
    ReferenceIndex.objects.filter(content_type__in=application).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("careers_hiring", "0005_application_sources"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0078_referenceindex"),
    ]

    # Going back leaves the index as it is: `manage.py rebuild_references_index` fills it.
    operations = [migrations.RunPython(forget_applications, migrations.RunPython.noop)]
