"""The "Hiring team" group: who reads, triages and deletes applications in the admin."""

from django.db import migrations

GROUP_NAME = "Hiring team"

# (codename, name) as Django itself names them, so post_migrate finds them already there.
APPLICATION_PERMISSIONS = [
    ("view_application", "Can view application"),
    ("change_application", "Can change application"),
    ("delete_application", "Can delete application"),
    ("download_resume", "Can download resumes"),
]


def create_hiring_team(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    # On a fresh database the content type and permissions only appear after all
    # migrations (post_migrate), so create them here.
    application_type, _ = ContentType.objects.get_or_create(
        app_label="careers_pages", model="application"
    )
    permissions = [
        Permission.objects.get_or_create(
            content_type=application_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in APPLICATION_PERMISSIONS
    ]
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    permissions.append(
        Permission.objects.get_or_create(
            content_type=admin_type,
            codename="access_admin",
            defaults={"name": "Can access Wagtail admin"},
        )[0]
    )

    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(*permissions)


def remove_hiring_team(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("careers_pages", "0003_applications"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_hiring_team, remove_hiring_team)]
