from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Careers API"

    def ready(self):
        from . import caching, cdn

        caching.connect_signals()
        cdn.connect_signals()
