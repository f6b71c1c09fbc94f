"""Production: unsafe settings stop start-up, health endpoints, security headers,
the Content-Security-Policy, admin login lockout and the gunicorn configuration."""

import os
import runpy
import secrets
import socket
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import OperationalError, connections
from django.test import Client, RequestFactory

from tests.factories import DEMO, PROJECT

# Everything a production server is given (one machine's services; nothing
# here is contacted by the checks).
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "careers.example.com",
    "DATABASE_URL": "postgres://careers@127.0.0.1:5432/careers",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "SECURE_HSTS_PRELOAD": "true",
}
# Variables of this machine that would change what the subprocesses see.
SETTINGS_ENV = {
    *PRODUCTION_ENV,
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_PRIVATE_STORAGE_BUCKET_NAME",
    "AWS_PRIVATE_DEFAULT_ACL",
    "AWS_S3_CUSTOM_DOMAIN",
    "CSP_MEDIA_ORIGINS",
}


def run(*command, **env):
    """A command in the project folder with the production environment, changed by ``env``
    (a value of None removes that variable)."""
    environment = {k: v for k, v in os.environ.items() if k not in SETTINGS_ENV}
    environment.update(PRODUCTION_ENV)
    for name, value in env.items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return subprocess.run(
        command, cwd=PROJECT, env=environment, capture_output=True, text=True, timeout=120
    )


def manage(*args, **env):
    return run(sys.executable, "manage.py", *args, **env)


# Start-up -------------------------------------------------------------------


def test_check_deploy_finds_nothing_in_a_proper_production_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY must be set when DEBUG is off."),
        ({"SECRET_KEY": secrets.token_urlsafe(30)}, "SECRET_KEY must be at least 50 random"),
        ({"SECRET_KEY": "x" * 60}, "SECRET_KEY must be at least 50 random characters"),
        (
            {"SECRET_KEY": "django-insecure-development-only-key-never-use-in-production"},
            "SECRET_KEY is the development key.",
        ),
        ({"ALLOWED_HOSTS": "careers.example.com,*"}, "ALLOWED_HOSTS must name this site's"),
        ({"DATABASE_URL": None}, "DATABASE_URL must be set"),
    ],
    ids=["no-secret-key", "short-key", "repetitive-key", "development-key", "any-host", "sqlite"],
)
def test_production_refuses_to_start_with_an_unsafe_setting(env, message):
    result = manage("check", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured: Refusing to start with DEBUG off:" in result.stderr
    assert message in result.stderr


def test_every_problem_is_named_at_once():
    result = manage("check", SECRET_KEY=None, ALLOWED_HOSTS="*", DATABASE_URL=None)
    assert result.returncode != 0
    for variable in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"):
        assert f"\n- {variable} must" in result.stderr


def production_settings(monkeypatch, **env) -> dict:
    """The settings module's values for the production environment changed by ``env``."""
    for name in SETTINGS_ENV:
        monkeypatch.delenv(name, raising=False)
    for name, value in {**PRODUCTION_ENV, **env}.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(PROJECT / "cms" / "settings.py"))


def test_s3_storage_keeps_resumes_private(monkeypatch):
    from storages.backends.s3 import S3Storage

    values = production_settings(
        monkeypatch,
        AWS_STORAGE_BUCKET_NAME="careers-media",
        AWS_PRIVATE_STORAGE_BUCKET_NAME="careers-resumes",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        AWS_S3_CUSTOM_DOMAIN="media.careers.example.com",
    )
    media, resumes = (
        S3Storage(**values["STORAGES"][alias]["OPTIONS"]) for alias in ("default", "private")
    )
    assert (media.bucket_name, media.location) == ("careers-media", "media")
    assert media.url("logo.png") == "https://media.careers.example.com/media/logo.png"
    assert (resumes.bucket_name, resumes.location) == ("careers-resumes", "private")
    assert resumes.default_acl == "private"
    assert resumes.querystring_auth and not resumes.custom_domain
    assert not media.file_overwrite and not resumes.file_overwrite
    # The admin shows images from the media domain.
    assert "https://media.careers.example.com" in values["ADMIN_CONTENT_SECURITY_POLICY"]["img-src"]


def test_files_stay_on_disk_without_a_bucket(monkeypatch):
    values = production_settings(monkeypatch)
    assert values["STORAGES"]["private"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_gunicorn_configuration_reads_the_environment():
    gunicorn = PROJECT / ".venv" / "bin" / "gunicorn"
    if not gunicorn.exists():
        gunicorn = "gunicorn"
    result = run(str(gunicorn), "--print-config", "cms.wsgi", PORT="8123", WEB_CONCURRENCY="3")
    assert result.returncode == 0, result.stderr
    config = {}
    for line in result.stdout.splitlines():
        name, _, value = line.partition(" = ")
        config[name.strip()] = value.strip()
    assert config["bind"] == "['127.0.0.1:8123']"
    assert config["workers"] == "3"
    assert config["timeout"] == "30"
    assert config["accesslog"] == "-"
    # Workers are not restarted after a number of requests (gunicorn.conf.py bounds
    # their memory instead): a restart empties the worker's cache.
    assert config["max_requests"] == "0"


# Health ---------------------------------------------------------------------


def test_healthz_answers_without_the_database(client):
    # No django_db mark: touching the database would fail this test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_checks_the_database_and_the_cache(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-store" in response["Cache-Control"]


def closed_port() -> int:
    """A loopback port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db
def test_readyz_names_an_unreachable_redis(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "cms.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "cache": "failed"},
        "failed": ["cache"],
    }
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_names_an_unreachable_database(client, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(type(connections["default"]), "cursor", refuse)
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "failed", "cache": "ok"},
        "failed": ["database"],
    }


# Security headers -----------------------------------------------------------


@pytest.fixture
def production_headers(settings):
    """The header settings production has (DEBUG itself is off in every test)."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True


@pytest.mark.django_db
def test_api_responses_carry_the_security_headers(production_headers):
    call_command("import_careers", str(DEMO), verbosity=0)
    response = Client().get("/api/careers/postings/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]


@pytest.mark.django_db
def test_plain_http_is_redirected_but_health_checks_are_not(production_headers):
    client = Client()
    response = client.get("/api/careers/postings/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/api/careers/postings/"
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200


def directives(response) -> dict[str, list[str]]:
    policy = {}
    for directive in response["Content-Security-Policy"].split(";"):
        name, *sources = directive.split()
        policy[name] = sources
    return policy


@pytest.mark.django_db
def test_the_api_docs_work_under_the_strict_policy(client):
    """Swagger UI's page has no inline script or style: it loads them from this server."""
    page = client.get("/api/docs/")
    assert page.status_code == 200
    assert "'unsafe-inline'" not in page["Content-Security-Policy"]
    html = page.content.decode()
    assert "<style" not in html
    assert "<script>" not in html
    assert "/api/docs/?script=" in html
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()


@pytest.mark.django_db
def test_the_admin_has_its_own_looser_policy(client):
    """The Wagtail admin writes inline scripts and styles (its rich text editor does)."""
    policy = directives(client.get("/admin/login/"))
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"]


# Admin login lockout --------------------------------------------------------

PASSWORD = "a-Right-password-9"


def log_in(client, password):
    return client.post("/admin/login/", {"username": "editor", "password": password})


@pytest.fixture
def editor(django_user_model, settings):
    # A fast hasher: every attempt checks a password.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return django_user_model.objects.create_superuser("editor", "editor@example.com", PASSWORD)


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account_out_from_that_address(editor):
    client = Client(REMOTE_ADDR="198.51.100.7")
    for attempt in range(1, 5):
        response = log_in(client, f"wrong-{attempt}")
        assert response.status_code == 200, attempt
        assert "_auth_user_id" not in client.session

    assert log_in(client, "wrong-5").status_code == 429
    response = log_in(client, PASSWORD)
    assert response.status_code == 429
    assert "too many login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session

    # The same account from another address still gets in.
    elsewhere = Client(REMOTE_ADDR="203.0.113.9")
    assert log_in(elsewhere, PASSWORD).status_code == 302
    assert elsewhere.session["_auth_user_id"]


@pytest.mark.django_db
def test_the_lockout_lives_in_the_shared_cache(editor):
    from axes.models import AccessAttempt
    from django.core.cache import cache

    client = Client()
    for attempt in range(5):
        log_in(client, f"wrong-{attempt}")
    assert log_in(client, PASSWORD).status_code == 429
    assert not AccessAttempt.objects.exists()

    cache.clear()
    assert log_in(client, PASSWORD).status_code == 302


def test_tests_can_still_log_in_directly(admin_client):
    assert admin_client.get("/admin/").status_code == 200


# Client addresses behind proxies ------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "address"),
    [(0, "10.0.0.2"), (1, "198.51.100.7")],
    ids=["no-proxy-trusted", "one-load-balancer"],
)
def test_the_client_address_ignores_what_the_client_could_forge(settings, proxies, address):
    from cms.throttling import client_address

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": proxies}
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7"
    )
    assert client_address(request) == address
