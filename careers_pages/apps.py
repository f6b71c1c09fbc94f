from django.apps import AppConfig
from django.core import checks


class CareersPagesConfig(AppConfig):
    """The careers content: the careers index, job postings, departments, the
    hiring organization, Careers Markdown import and export. Hiring, previews
    and webhooks are the apps nested in it, which build on it."""

    name = "careers_pages"
    verbose_name = "Careers pages"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.migration_checks import check_partly_applied_squashes

        # Its migrations (and careers_hiring's) are squashed runs.
        checks.register(check_partly_applied_squashes, checks.Tags.database)
