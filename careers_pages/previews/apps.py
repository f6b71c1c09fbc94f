from django.apps import AppConfig


class CareersPreviewsConfig(AppConfig):
    """Drafts in the real frontend: preview tokens, shared links and their admin views."""

    name = "careers_pages.previews"
    label = "careers_previews"
    verbose_name = "Previews"
    default_auto_field = "django.db.models.BigAutoField"
