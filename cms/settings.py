"""Settings for the careers CMS, read from the environment.

Development needs nothing set (SQLite in the project, debug on, e-mail to the
console); with ``DEBUG=false`` start-up refuses unsafe or missing values.
Every variable is listed in README.md.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

INSTALLED_APPS = [
    "careers_pages",
    "api",
    "frontend",
    "wagtail.api.v2",
    "wagtail.contrib.settings",
    "wagtail.contrib.frontend_cache",
    "django_tasks",
    "django_tasks_db",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # An ETag on every GET, and 304 for a matching If-None-Match.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite runs one writer at a time; wait for the lock instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "cms.cache.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Resumes: never under MEDIA_URL; admins download them through a permission check.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "careers@localhost")

# Wagtail's page editor posts one field per block; long postings exceed Django's 1,000.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = os.environ.get("CAREERS_SITE_NAME", "Careers")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Frontend paths have no trailing slash: /company/careers/back-end-engineer.
WAGTAIL_APPEND_SLASH = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # One line per background task and per page action drowns what matters.
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# Background tasks (search index updates, e-mail, webhooks) go to the database
# and `manage.py db_worker` runs them; make run starts one.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# A CDN to purge when content changes: an HTTP purger such as Varnish at this
# address (other wagtail.contrib.frontend_cache backends: set WAGTAILFRONTENDCACHE).
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
        }
    }

# Wagtail's API v2 gives rich text as frontend HTML, links resolved.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILAPI_LIMIT_MAX = 100

# The careers API ----------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Careers API",
    "DESCRIPTION": (
        "Open positions, the careers page and job applications, for frontends and job "
        "boards. Public and read-only except for applications; only live, public and "
        "unexpired content is served. Every GET answers with an ETag; send it back in "
        "If-None-Match to get 304 Not Modified."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["api.wagtail_api.public_api_only"],
}
# Public API responses are kept serialized in the cache (CACHES) until content
# changes; the timeout bounds how stale they can get if an invalidation is lost
# (the cache server down while publishing).
CAREERS_API_CACHE = env_bool("CAREERS_API_CACHE", True)
CAREERS_API_CACHE_TIMEOUT = int(os.environ.get("CAREERS_API_CACHE_TIMEOUT", "600"))
# Seconds browsers and CDNs may reuse a public API response.
CAREERS_API_CACHE_SECONDS = int(os.environ.get("CAREERS_API_CACHE_SECONDS", "60"))
# The largest resume an applicant may upload, in bytes.
CAREERS_RESUME_MAX_BYTES = int(os.environ.get("CAREERS_RESUME_MAX_BYTES", str(10 * 1024 * 1024)))
# Where the public frontend lives, for absolute URLs in the sitemap and feed
# (such as https://hoppscotch.io); blank means this server.
CAREERS_FRONTEND_BASE_URL = os.environ.get("CAREERS_FRONTEND_BASE_URL", "").rstrip("/")
# Serve the reference frontend (frontend/) at the careers pages' own paths, from
# the API's JSON; off in production by default, where a separate frontend serves them.
CAREERS_FRONTEND_ENABLED = env_bool("CAREERS_FRONTEND_ENABLED", DEBUG)

# Applications: who hears of them, how often one client may apply, how long they are kept.
CAREERS_HIRING_EMAILS = env_list("CAREERS_HIRING_EMAILS", "hiring@localhost")
CAREERS_APPLICATION_RATE = os.environ.get("CAREERS_APPLICATION_RATE", "10/hour") or None
CAREERS_APPLICATION_RETENTION_DAYS = int(
    os.environ.get("CAREERS_APPLICATION_RETENTION_DAYS", "365")
)
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"applications": CAREERS_APPLICATION_RATE}

# Previews: where the frontend that shows them lives (blank: the reference
# frontend on this server), how long an editor's preview token lives, and the
# default lifetime of a shared preview link.
CAREERS_PREVIEW_FRONTEND_URL = os.environ.get("CAREERS_PREVIEW_FRONTEND_URL", "").rstrip("/")
CAREERS_PREVIEW_SECONDS = int(os.environ.get("CAREERS_PREVIEW_SECONDS", "3600"))
CAREERS_SHARED_PREVIEW_DAYS = int(os.environ.get("CAREERS_SHARED_PREVIEW_DAYS", "7"))

CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", "")
CORS_URLS_REGEX = r"^/api/.*$"
