"""Settings for the careers CMS, read from the environment.

Development needs nothing set (SQLite in the project, debug on, e-mail to the
console); with ``DEBUG=false`` start-up refuses unsafe or missing values.
Every variable is listed in README.md.
"""

import os
import warnings
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from careers_pages.pay import DEFAULT_JURISDICTIONS as DEFAULT_PAY_TRANSPARENCY_JURISDICTIONS

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


def env_deprecated(old_name: str, new_name: str) -> str | None:
    """The value of an environment variable under a setting's former name, for
    when the new name is not set, with a warning at start-up that names the new
    one; None when the old name is not set either."""
    value = os.environ.get(old_name)
    if value is not None:
        # FutureWarning, not DeprecationWarning: Python shows it by default, to
        # whoever runs the server, not only to developers running tests.
        warnings.warn(f"{old_name} is deprecated; name it {new_name}.", FutureWarning, stacklevel=2)
    return value


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "") or (DEVELOPMENT_SECRET_KEY if DEBUG else "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

INSTALLED_APPS = [
    "careers_pages",
    "careers_pages.hiring",
    "careers_pages.previews",
    "careers_pages.webhooks",
    "careers_pages.distribution",
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
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files are answered here, before sessions, CSRF or the database.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # An ETag on every GET, and 304 for a matching If-None-Match.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A cached API response is answered here: everything above applies to it,
    # nothing below (sessions, users, CSRF, messages) is needed for it.
    "api.caching.CachedResponseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its 429 answer.
    "axes.middleware.AxesMiddleware",
    # A view that cannot reach the database answers 503, in JSON under /api/.
    "cms.middleware.DatabaseUnavailableMiddleware",
    # A request over Django's upload limits answers JSON under /api/, not HTML.
    "cms.middleware.RequestLimitMiddleware",
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
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg prepares a statement run 5 times on a connection, for cursors that
    # bind on the server: the API's lookups on a cache miss (api/lookups.py)
    # bind there, so PostgreSQL plans each once per connection; Django's own
    # queries bind on the client, as by default. Off (false) behind a pooler
    # that cannot keep prepared statements (PgBouncer in transaction mode
    # before 1.21).
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = (
        5 if env_bool("DATABASE_PREPARED_STATEMENTS", True) else None
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite (development) runs one writer at a time. WAL lets readers go on
    # while someone writes (it keeps db.sqlite3-wal and -shm beside the file);
    # IMMEDIATE takes the write lock when a transaction begins, so a writer
    # waits its turn for up to SQLITE_BUSY_TIMEOUT seconds instead of failing
    # at once with "database is locked" when a read turns into a write.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": float(os.environ.get("SQLITE_BUSY_TIMEOUT", "20")),
        }
    )


def production_problems() -> list[str]:
    """What makes these settings unsafe for production, one sentence each."""
    new_key = "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    problems = []
    if not os.environ.get("SECRET_KEY"):
        problems.append(f"SECRET_KEY must be set when DEBUG is off. {new_key}")
    elif SECRET_KEY == DEVELOPMENT_SECRET_KEY or SECRET_KEY.startswith("django-insecure"):
        problems.append(f"SECRET_KEY is the development key. {new_key}")
    elif len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        problems.append(
            f"SECRET_KEY must be at least 50 random characters, not {len(SECRET_KEY)}. {new_key}"
        )
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        problems.append("ALLOWED_HOSTS must name this site's host names, not '*'.")
    if not os.environ.get("DATABASE_URL"):
        problems.append(
            "DATABASE_URL must be set (e.g. postgres://careers@db:5432/careers); "
            "without it each app server would write its own SQLite file."
        )
    return problems


if not DEBUG and (problems := production_problems()):
    raise ImproperlyConfigured("Refusing to start with DEBUG off:\n- " + "\n- ".join(problems))

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

# HTTPS and browser protections ----------------------------------------------
# Off while DEBUG is on (runserver speaks plain HTTP); on by default in production.

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers probe the app servers over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# Behind a proxy that ends TLS, it tells Django the request was HTTPS; trust the
# header only where the proxy always sets it (clients could forge it otherwise).
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading is hard to undo: opt in once the domain is ready for the preload list.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# For browsers without the CSP's frame-ancestors; Wagtail's preview views say SAMEORIGIN.
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
# Origins (https://careers.example.com) that may post forms when a proxy
# changes the Host header on the way in.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# Content-Security-Policy (django-csp): the API, its docs and the reference
# frontend load nothing but this server's own files. The Wagtail admin gets a
# looser policy of its own (ADMIN_CONTENT_SECURITY_POLICY, in cms/urls.py).

# Where images come from besides this server: the S3 bucket's or CDN's origin.
media_domain = os.environ.get("AWS_S3_CUSTOM_DOMAIN")
CSP_MEDIA_ORIGINS = env_list("CSP_MEDIA_ORIGINS", f"https://{media_domain}" if media_domain else "")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *CSP_MEDIA_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        # The admin's preview panel frames the reference frontend's previews;
        # browsers that know frame-ancestors ignore X-Frame-Options.
        "frame-ancestors": [SELF],
    }
}
# Replaces the directives it names for everything under /admin/: the Wagtail
# admin writes inline scripts, its rich text editor inline styles, and its
# preview panel frames the page being edited.
ADMIN_CONTENT_SECURITY_POLICY = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", *CSP_MEDIA_ORIGINS],
    "frame-src": [SELF],  # the preview panel; a separate preview frontend is added below
}

# Admin logins (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one
# user name from one address, that pair is refused for AXES_COOLOFF_MINUTES.
# Counts live in the default cache, so app servers share them through Redis.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_CACHE = "default"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "cms.throttling.client_address"
AXES_VERBOSE = False  # no banner on every manage.py command
if DEBUG and not os.environ.get("REDIS_URL"):
    # runserver is one process, so the local-memory cache counts every attempt.
    SILENCED_SYSTEM_CHECKS = ["axes.W001"]

LANGUAGE_CODE = "en"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
# WhiteNoise serves the apps' own static files, as they change, in development
# and tests; in production what collectstatic gathered in STATIC_ROOT.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Resumes: never under MEDIA_URL; admins download them through a permission check.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # WhiteNoise serves hashed, compressed copies made by collectstatic; development
    # and tests serve the apps' files as they are, without collectstatic.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
}

# S3-compatible object storage (django-storages), so that every app server sees
# the same uploads: images and documents under media/ (readable by anyone who
# has the URL, through the bucket policy or a CDN), resumes under private/ (only
# through signed URLs; the admin streams them after its permission check).
# Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the host's role.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    s3_options = {
        "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        # Wagtail keeps original file names: never replace another upload.
        "file_overwrite": False,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **s3_options,
            "location": "media",
            "default_acl": os.environ.get("AWS_DEFAULT_ACL") or None,
            "querystring_auth": False,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
        },
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **s3_options,
            "bucket_name": os.environ.get("AWS_PRIVATE_STORAGE_BUCKET_NAME")
            or s3_options["bucket_name"],
            "location": "private",
            # Empty for a bucket whose ACLs are disabled (AWS's default for new
            # buckets), which refuses uploads that name any ACL.
            "default_acl": os.environ.get("AWS_PRIVATE_DEFAULT_ACL", "private") or None,
            "querystring_auth": True,
            "querystring_expire": 300,
        },
    }

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "careers@localhost")
# The SMTP server, for EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)

# Wagtail's page editor posts one field per block; long postings exceed Django's 1,000.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = os.environ.get("CAREERS_SITE_NAME", "Careers")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Frontend paths have no trailing slash: /company/careers/back-end-engineer.
WAGTAIL_APPEND_SLASH = False
# Wagtail's database backend (PostgreSQL full text, SQLite FTS5), with a repair
# for searches holding a double quote on SQLite.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "careers_pages.search"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx"]
# The admin loads nothing from third parties (and its Content-Security-Policy
# would refuse it): no Gravatar avatars, no check for new Wagtail releases.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_tokens": {"()": "cms.log_redaction.RedactTokens"}},
    "formatters": {"server": {"format": "[{asctime}] {message}", "style": "{"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        # The development server's request lines, preview tokens redacted.
        "server": {
            "class": "logging.StreamHandler",
            "formatter": "server",
            "filters": ["redact_tokens"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # One line per background task and per page action drowns what matters.
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
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
# Each process also keeps recent responses in its own memory, at most this many
# and this many bytes; a hit there costs only the generation's read.
CAREERS_API_CACHE_LOCAL_ENTRIES = int(os.environ.get("CAREERS_API_CACHE_LOCAL_ENTRIES", "2000"))
CAREERS_API_CACHE_LOCAL_BYTES = int(
    os.environ.get("CAREERS_API_CACHE_LOCAL_BYTES", str(32 * 1024 * 1024))
)
# Seconds browsers and CDNs may reuse a public API response: the max-age of its
# Cache-Control. CAREERS_API_CACHE_SECONDS is this setting's old name, still
# read when the new one is not set.
CAREERS_API_MAX_AGE = int(
    os.environ.get("CAREERS_API_MAX_AGE")
    or env_deprecated("CAREERS_API_CACHE_SECONDS", "CAREERS_API_MAX_AGE")
    or "60"
)
# The largest resume an applicant may upload, in bytes.
CAREERS_RESUME_MAX_BYTES = int(os.environ.get("CAREERS_RESUME_MAX_BYTES", str(10 * 1024 * 1024)))
# Where the public frontend lives, for absolute URLs in the sitemap and feed
# (such as https://hoppscotch.io); blank means this server.
CAREERS_FRONTEND_BASE_URL = os.environ.get("CAREERS_FRONTEND_BASE_URL", "").rstrip("/")
# This server's public origin (https://careers.example.com) for the API's own
# absolute URLs, such as the postings list's next and previous links; blank
# means the origin each request names, so that each Host port a client sends
# gets its own cached answers.
CAREERS_API_BASE_URL = os.environ.get("CAREERS_API_BASE_URL", "").rstrip("/")
# Wagtail's API v2 gives absolute URLs (detail_url, a document's download_url) on
# this origin: the API's own, or else the admin's, never the Site record's
# hostname (which says http://localhost until someone edits it).
WAGTAILAPI_BASE_URL = CAREERS_API_BASE_URL or WAGTAILADMIN_BASE_URL.rstrip("/")
# Serve the reference frontend (frontend/) at the careers pages' own paths, from
# the API's JSON; off in production by default, where a separate frontend serves them.
CAREERS_FRONTEND_ENABLED = env_bool("CAREERS_FRONTEND_ENABLED", DEBUG)

# Applications: who hears of them, how often one client may apply, how long they are kept.
CAREERS_HIRING_EMAILS = env_list("CAREERS_HIRING_EMAILS", "hiring@localhost")
CAREERS_APPLICATION_RATE = os.environ.get("CAREERS_APPLICATION_RATE", "10/hour") or None
CAREERS_APPLICATION_RETENTION_DAYS = int(
    os.environ.get("CAREERS_APPLICATION_RETENTION_DAYS", "365")
)
# An applicant who opts into the talent pool is kept this many months instead.
CAREERS_TALENT_POOL_MONTHS = int(os.environ.get("CAREERS_TALENT_POOL_MONTHS", "24"))
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"applications": CAREERS_APPLICATION_RATE}

# Pay transparency: where a posting must state a pay range to be published.
# ISO 3166-1 country codes (DE) and ISO 3166-2 US states (US-CO), comma-separated;
# the default is the US states with pay-range posting laws and the EU and EEA.
CAREERS_PAY_TRANSPARENCY_JURISDICTIONS = env_list(
    "CAREERS_PAY_TRANSPARENCY_JURISDICTIONS", ",".join(DEFAULT_PAY_TRANSPARENCY_JURISDICTIONS)
)
# How many proxies in front of the app servers append to X-Forwarded-For. With
# 0 the peer address counts and the header, which clients can forge, is ignored.
REST_FRAMEWORK["NUM_PROXIES"] = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Previews: where the frontend that shows them lives (blank: the reference
# frontend on this server), how long an editor's preview token lives, and the
# default lifetime of a shared preview link.
CAREERS_PREVIEW_FRONTEND_URL = os.environ.get("CAREERS_PREVIEW_FRONTEND_URL", "").rstrip("/")
if CAREERS_PREVIEW_FRONTEND_URL:
    ADMIN_CONTENT_SECURITY_POLICY["frame-src"].append(CAREERS_PREVIEW_FRONTEND_URL)
CAREERS_PREVIEW_SECONDS = int(os.environ.get("CAREERS_PREVIEW_SECONDS", "3600"))
CAREERS_SHARED_PREVIEW_DAYS = int(os.environ.get("CAREERS_SHARED_PREVIEW_DAYS", "7"))

# Webhooks: seconds to wait for a receiver to connect and to answer, and whether
# they may go to loopback, private and link-local addresses (a receiver on this
# machine or the local network, for development and tests). Off unless set, in
# development too; cloud metadata addresses are refused either way.
CAREERS_WEBHOOKS_TIMEOUT = float(os.environ.get("CAREERS_WEBHOOKS_TIMEOUT", "10"))
CAREERS_WEBHOOKS_ALLOW_PRIVATE = env_bool("CAREERS_WEBHOOKS_ALLOW_PRIVATE", False)

CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", "")
CORS_URLS_REGEX = r"^/api/.*$"

# The Google Indexing API (careers_pages/distribution): the service account's
# JSON key file turns it on; the endpoint is Google's unless a test plays it.
CAREERS_GOOGLE_INDEXING_CREDENTIALS = os.environ.get("CAREERS_GOOGLE_INDEXING_CREDENTIALS", "")
CAREERS_GOOGLE_INDEXING_ENDPOINT = os.environ.get(
    "CAREERS_GOOGLE_INDEXING_ENDPOINT",
    "https://indexing.googleapis.com/v3/urlNotifications:publish",
)
CAREERS_GOOGLE_INDEXING_DAILY_QUOTA = int(
    os.environ.get("CAREERS_GOOGLE_INDEXING_DAILY_QUOTA", "200")
)
