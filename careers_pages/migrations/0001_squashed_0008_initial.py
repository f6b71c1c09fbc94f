"""careers_pages before its split into apps: migrations 0001 to 0008 in one.
The content models, and the application, preview and webhook models that 0009
hands to careers_hiring, careers_previews and careers_webhooks; the "Hiring
team" group.

A database those eight made counts as migrated by this one (``replaces``). One
stopped between two of them must first be migrated to the end of the run by
commit 24b7f00, the last with the files this replaces; until then ``migrate``
refuses it (cms/migration_checks.py). The other squashed runs are alike."""

import careers_pages.hiring.resumes
import careers_pages.webhooks.targets
import django.db.models.deletion
import django.utils.timezone
import modelsearch.index
import uuid
import wagtail.fields
from django.conf import settings
from django.db import migrations, models


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

    replaces = [('careers_pages', '0001_initial'), ('careers_pages', '0002_hiring_organization'), ('careers_pages', '0003_applications'), ('careers_pages', '0004_hiring_team_group'), ('careers_pages', '0005_page_previews'), ('careers_pages', '0006_webhooks'), ('careers_pages', '0007_posting_front_matter_keys'), ('careers_pages', '0008_webhook_targets')]

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('wagtailadmin', '0001_create_admin_access_permissions'),
        ('wagtailcore', '0098_apitoken'),
        ('wagtailcore', '__first__'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Department',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100)),
                ('slug', models.SlugField(max_length=100, unique=True)),
                ('icon', models.CharField(blank=True, help_text="A Lucide icon name, such as 'settings'.", max_length=50)),
                ('sort_order', models.PositiveIntegerField(default=0, help_text='Departments are listed from the lowest number up.', verbose_name='order')),
            ],
            options={
                'ordering': ['sort_order', 'name'],
            },
            bases=(modelsearch.index.Indexed, models.Model),
        ),
        migrations.CreateModel(
            name='HiringOrganization',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(blank=True, help_text="Leave blank to use the site's name.", max_length=255)),
                ('url', models.URLField(blank=True, verbose_name='website')),
                ('logo_url', models.URLField(blank=True, verbose_name='logo URL')),
                ('address_country', models.CharField(blank=True, help_text='ISO 3166 code of the country postings are located in by default, such as IN.', max_length=2, verbose_name='country')),
                ('remote_applicant_countries', models.CharField(blank=True, help_text='Where applicants to remote roles may live: country names or ISO codes, comma-separated. Google asks for this on remote postings.', max_length=255)),
                ('site', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to='wagtailcore.site')),
            ],
            options={
                'verbose_name': 'hiring organization',
            },
        ),
        migrations.CreateModel(
            name='CareersIndexPage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('hero_heading', models.CharField(default='Join us', max_length=255, verbose_name='heading')),
                ('hero_subheading', models.TextField(blank=True, verbose_name='subheading')),
                ('hero_button_label', models.CharField(default='See Open Positions', max_length=100, verbose_name='button label')),
                ('sections', wagtail.fields.StreamField([('how_we_work', 0), ('benefits', 7), ('hiring_process', 12)], blank=True, block_lookup={0: ('careers_pages.blocks.HowWeWorkBlock', (), {}), 1: ('wagtail.blocks.CharBlock', (), {'max_length': 120}), 2: ('wagtail.blocks.TextBlock', (), {'required': False}), 3: ('wagtail.blocks.CharBlock', (), {'help_text': "A Lucide icon name, such as 'crown' or 'heart'.", 'max_length': 50}), 4: ('wagtail.blocks.TextBlock', (), {}), 5: ('wagtail.blocks.StructBlock', [[('icon', 3), ('title', 1), ('description', 4)]], {}), 6: ('wagtail.blocks.ListBlock', (5,), {}), 7: ('wagtail.blocks.StructBlock', [[('heading', 1), ('subheading', 2), ('items', 6)]], {}), 8: ('wagtail.blocks.CharBlock', (), {'label': 'Tip'}), 9: ('wagtail.blocks.ListBlock', (8,), {}), 10: ('wagtail.blocks.StructBlock', [[('title', 1), ('tips', 9)]], {}), 11: ('wagtail.blocks.ListBlock', (10,), {}), 12: ('wagtail.blocks.StructBlock', [[('heading', 1), ('subheading', 2), ('steps', 11)]], {})})),
                ('open_positions_heading', models.CharField(default='Open Positions', max_length=255, verbose_name='heading')),
                ('open_positions_subheading', models.TextField(blank=True, verbose_name='subheading')),
                ('form_heading', models.CharField(default='Apply', max_length=255, verbose_name='form heading')),
                ('name_label', models.CharField(default='Name', max_length=255, verbose_name='label')),
                ('name_placeholder', models.CharField(blank=True, default='Your name', max_length=255, verbose_name='placeholder')),
                ('email_label', models.CharField(default='Email', max_length=255, verbose_name='label')),
                ('email_placeholder', models.CharField(blank=True, default='Your email', max_length=255, verbose_name='placeholder')),
                ('resume_label', models.CharField(default='Resume', max_length=255, verbose_name='label')),
                ('resume_placeholder', models.CharField(blank=True, max_length=255, verbose_name='placeholder')),
                ('linkedin_label', models.CharField(default='LinkedIn profile', max_length=255, verbose_name='label')),
                ('linkedin_placeholder', models.CharField(blank=True, default='Your LinkedIn profile', max_length=255, verbose_name='placeholder')),
                ('github_label', models.CharField(default='GitHub profile', max_length=255, verbose_name='label')),
                ('github_placeholder', models.CharField(blank=True, default='Your GitHub profile', max_length=255, verbose_name='placeholder')),
                ('message_label', models.CharField(default='What is most important to you in your next role?', max_length=255, verbose_name='label')),
                ('message_placeholder', models.CharField(blank=True, default='Type here', max_length=255, verbose_name='placeholder')),
                ('submit_label', models.CharField(default='Submit Application', max_length=100, verbose_name='submit button')),
                ('success_heading', models.CharField(default='Application has been submitted', max_length=255, verbose_name='success heading')),
                ('success_subheading', models.TextField(blank=True, default="We'll reach out to you in 3-5 days if we decide to proceed with your application.", verbose_name='success subheading')),
                ('success_path', models.CharField(blank=True, help_text="Where applicants land after applying. Leave blank for '<careers page>/success'.", max_length=255, verbose_name='success page path')),
                ('import_extras', models.JSONField(blank=True, default=dict, editable=False)),
                ('consent_required', models.BooleanField(default=False, help_text='Applicants must tick a box agreeing to how their data is processed.', verbose_name='ask for consent')),
                ('consent_text', models.TextField(blank=True, default='I agree that my application is stored and processed for this and similar roles, and deleted after one year.', verbose_name='consent text')),
            ],
            options={
                'verbose_name': 'careers index',
            },
            bases=('wagtailcore.page',),
        ),
        migrations.CreateModel(
            name='JobPostingPage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('location', models.CharField(blank=True, help_text="For example 'Remote'.", max_length=255)),
                ('description', models.TextField(blank=True, help_text='One or two sentences the careers index shows under the title.', max_length=500, verbose_name='short description')),
                ('overview', wagtail.fields.RichTextField()),
                ('summary', wagtail.fields.RichTextField()),
                ('responsibilities', wagtail.fields.StreamField([('item', 0)], block_lookup={0: ('careers_pages.blocks.ListItemBlock', (), {})}, help_text='At least one is needed to publish.')),
                ('qualifications', wagtail.fields.StreamField([('item', 0)], block_lookup={0: ('careers_pages.blocks.ListItemBlock', (), {})}, help_text='At least one is needed to publish.')),
                ('employment_type', models.CharField(blank=True, choices=[('FULL_TIME', 'Full time'), ('PART_TIME', 'Part time'), ('CONTRACTOR', 'Contractor'), ('TEMPORARY', 'Temporary'), ('INTERN', 'Intern'), ('VOLUNTEER', 'Volunteer'), ('PER_DIEM', 'Per diem'), ('OTHER', 'Other')], max_length=20)),
                ('workplace_type', models.CharField(blank=True, choices=[('remote', 'Remote'), ('hybrid', 'Hybrid'), ('on-site', 'On-site')], max_length=10)),
                ('salary_min', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='minimum')),
                ('salary_max', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='maximum')),
                ('salary_currency', models.CharField(blank=True, help_text='ISO 4217 code, such as EUR.', max_length=3, verbose_name='currency')),
                ('salary_interval', models.CharField(blank=True, choices=[('HOUR', 'Per hour'), ('DAY', 'Per day'), ('WEEK', 'Per week'), ('MONTH', 'Per month'), ('YEAR', 'Per year')], max_length=5, verbose_name='per')),
                ('valid_through', models.DateField(blank=True, help_text='The last day applications are accepted; the posting is unpublished after it.', null=True, verbose_name='closing date')),
                ('back_navigation_to', models.CharField(blank=True, help_text='Where the back arrow leads. Leave blank for the careers page.', max_length=255, verbose_name='back link')),
                ('application_role', models.CharField(blank=True, help_text='The role the application form names. Leave blank to use the title.', max_length=255, verbose_name='role in the form')),
                ('department', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='postings', to='careers_pages.department')),
                ('hiring_emails', models.CharField(blank=True, help_text="E-mail addresses (comma-separated) told of each application. Leave blank for the hiring team's address.", max_length=500, verbose_name='notify')),
            ],
            options={
                'verbose_name': 'job posting',
            },
            bases=('wagtailcore.page',),
        ),
        migrations.CreateModel(
            name='Application',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('role', models.CharField(help_text='The role as the posting named it.', max_length=255)),
                ('name', models.CharField(max_length=200)),
                ('email', models.EmailField(db_index=True, max_length=254)),
                ('linkedin', models.URLField(blank=True, max_length=500, verbose_name='LinkedIn')),
                ('github', models.URLField(blank=True, max_length=500, verbose_name='GitHub')),
                ('message', models.TextField()),
                ('resume', models.FileField(blank=True, max_length=255, storage=careers_pages.hiring.resumes.private_storage, upload_to=careers_pages.hiring.resumes.resume_upload_to)),
                ('resume_filename', models.CharField(blank=True, help_text="The file's name on the applicant's machine.", max_length=255)),
                ('resume_content_type', models.CharField(blank=True, max_length=100)),
                ('resume_size', models.PositiveIntegerField(blank=True, null=True)),
                ('consent', models.BooleanField(default=False)),
                ('consent_text', models.TextField(blank=True, help_text='What the applicant agreed to.')),
                ('submitted_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ('status', models.CharField(choices=[('new', 'New'), ('reviewing', 'Reviewing'), ('interviewing', 'Interviewing'), ('offer', 'Offer'), ('hired', 'Hired'), ('rejected', 'Rejected'), ('withdrawn', 'Withdrawn')], db_index=True, default='new', max_length=20)),
                ('idempotency_key', models.CharField(blank=True, max_length=255, null=True, unique=True)),
                ('fingerprint', models.CharField(editable=False, max_length=64)),
                ('hiring_team_notified_at', models.DateTimeField(blank=True, null=True)),
                ('applicant_confirmed_at', models.DateTimeField(blank=True, null=True)),
                ('notification_attempts', models.PositiveIntegerField(default=0)),
                ('posting', models.ForeignKey(help_text='Empty once the posting is deleted; the role below stays.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='applications', to='careers_pages.jobpostingpage')),
            ],
            options={
                'ordering': ['-submitted_at'],
                'permissions': [('download_resume', 'Can download resumes')],
            },
        ),
        migrations.RunPython(create_hiring_team, remove_hiring_team),
        migrations.CreateModel(
            name='PagePreview',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('kind', models.CharField(choices=[('editor', 'Editor preview'), ('shared', 'Shared link')], default='editor', max_length=10)),
                ('content', models.JSONField(help_text="The page's content as previewed.")),
                ('content_hash', models.CharField(max_length=64)),
                ('follow_latest', models.BooleanField(default=False, help_text="Show the page's latest draft at each visit instead of this version.", verbose_name='follow the latest draft')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('expires_at', models.DateTimeField(db_index=True)),
                ('revoked_at', models.DateTimeField(blank=True, null=True)),
                ('note', models.CharField(blank=True, help_text="Who the link is for, such as 'the hiring manager'.", max_length=255)),
                ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('page', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.WAGTAIL_PAGE_MODEL)),
                ('parent', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.WAGTAIL_PAGE_MODEL)),
            ],
            options={
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='WebhookEndpoint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100)),
                ('url', models.URLField(help_text='An http:// or https:// URL on a public address; redirects are not followed.', max_length=500, validators=[careers_pages.webhooks.targets.validate_webhook_url], verbose_name='URL')),
                ('secret', models.CharField(help_text='Deliveries are signed with HMAC-SHA256 of this secret: see the X-Careers-Signature header.', max_length=200)),
                ('active', models.BooleanField(default=True)),
            ],
            options={
                'verbose_name': 'webhook',
            },
        ),
        migrations.AddField(
            model_name='jobpostingpage',
            name='front_matter_keys',
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.CreateModel(
            name='WebhookDelivery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('event', models.CharField(max_length=50)),
                ('payload', models.JSONField()),
                ('status', models.CharField(choices=[('pending', 'Pending'), ('delivered', 'Delivered'), ('failed', 'Failed'), ('cancelled', 'Cancelled')], db_index=True, default='pending', max_length=10)),
                ('attempts', models.PositiveIntegerField(default=0)),
                ('response_status', models.PositiveIntegerField(blank=True, null=True)),
                ('error', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ('delivered_at', models.DateTimeField(blank=True, null=True)),
                ('endpoint', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='careers_pages.webhookendpoint')),
            ],
            options={
                'verbose_name_plural': 'webhook deliveries',
                'ordering': ['-created_at'],
            },
        ),
    ]
