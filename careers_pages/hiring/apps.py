from django.apps import AppConfig


class CareersHiringConfig(AppConfig):
    """Applications to postings: the submit service, the hiring inbox, resumes,
    e-mails and purging."""

    name = "careers_pages.hiring"
    label = "careers_hiring"
    verbose_name = "Hiring"
    default_auto_field = "django.db.models.BigAutoField"
