"""Cached API responses: fast, and never stale or drafty."""

import datetime
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api import caching, generation_hints
from api.models import CacheGeneration
from careers_pages.models import CareersIndexPage, Department, JobPostingPage
from tests.factories import PROJECT, REDIS, REDIS_SECOND, free_port, redis_available

pytestmark = pytest.mark.django_db

LIST = "/api/careers/postings/"
SEED = "/api/careers/postings/back-end-engineer/"


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def only_the_generation(queries) -> bool:
    """Whether the queries are a cached hit's: none while a change hint watches
    the generation (PostgreSQL's LISTEN), else the generation's read alone (the
    tests' in-memory SQLite database has no hint file)."""
    if caching.known_generation.watched:
        return len(queries) == 0
    table = CacheGeneration._meta.db_table
    return len(queries) == 1 and table in queries[0]["sql"]


def test_a_cached_hit_reads_only_the_generation_and_keeps_its_etag(client, imported_site):
    _, first = queries_for(client, SEED)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(SEED)
    assert only_the_generation(queries), [q["sql"] for q in queries]
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert client.get(SEED, headers={"If-None-Match": first["ETag"]}).status_code == 304


def test_a_hit_answers_the_same_headers_as_the_miss_that_made_it(client, imported_site):
    miss = client.get(SEED)
    hit = client.get(SEED)
    for name in ("Content-Type", "Cache-Control", "ETag", "Vary", "Content-Length"):
        assert hit.get(name) == miss.get(name), name
    assert hit["Cache-Control"] == "public, max-age=60"


#: The requests the middleware below the cache's saw (see ``counting_below_the_cache``).
seen_below = []


def count_below(get_response):
    def middleware(request):
        seen_below.append(request.path)
        return get_response(request)

    return middleware


@pytest.fixture
def counting_below_the_cache(settings):
    """A middleware just below ``CachedResponseMiddleware``, counting what reaches it."""
    seen_below.clear()
    position = settings.MIDDLEWARE.index("api.caching.CachedResponseMiddleware") + 1
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[:position],
        f"{__name__}.count_below",
        *settings.MIDDLEWARE[position:],
    ]
    return seen_below


def test_a_hit_is_answered_above_the_session_user_and_csrf_middleware(
    client, imported_site, counting_below_the_cache
):
    """Only the miss goes down to sessions, users, CSRF and the view; the hit
    still gets every header the middleware above adds (security, CSP, 304)."""
    miss = client.get(SEED)
    hit = client.get(SEED)
    assert counting_below_the_cache == [SEED]
    for name in ("X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy", "ETag"):
        assert hit[name] == miss[name], name
    assert "Content-Security-Policy" in hit and hit.content == miss.content
    assert client.get(SEED, headers={"If-None-Match": hit["ETag"]}).status_code == 304
    # Requests no cached view answers go down as before.
    client.get("/api/careers/postings/no-such-posting/")
    client.post(LIST, {})
    client.get("/healthz")
    assert counting_below_the_cache[1:] == [
        "/api/careers/postings/no-such-posting/",
        LIST,
        "/healthz",
    ]


def test_without_the_middleware_the_view_serves_its_hits(client, imported_site, settings):
    settings.MIDDLEWARE = [
        name for name in settings.MIDDLEWARE if name != "api.caching.CachedResponseMiddleware"
    ]
    first = client.get(SEED)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(SEED)
    assert only_the_generation(queries), [q["sql"] for q in queries]
    assert again.content == first.content and again["ETag"] == first["ETag"]


def test_a_hit_still_refuses_a_host_that_is_not_allowed(client, imported_site, settings):
    """Hits remember the origin of each Host they have seen, never a refused one."""
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    assert client.get(SEED, headers={"Host": "127.0.0.1"}).status_code == 200
    assert client.get(SEED, headers={"Host": "127.0.0.1"}).status_code == 200
    assert client.get(SEED, headers={"Host": "evil.example"}).status_code == 400


def test_publishing_changes_the_next_get(client, imported_site):
    client.get(SEED), client.get(LIST), client.get("/api/careers/")
    page = JobPostingPage.objects.get(slug="back-end-engineer")
    page.title = "Senior Back-end Engineer"
    page.save_revision().publish()
    assert client.get(SEED).json()["title"] == "Senior Back-end Engineer"
    assert client.get(LIST).json()["results"][0]["title"] == "Senior Back-end Engineer"
    engineering = client.get("/api/careers/").json()["open_positions"]["departments"][0]
    assert engineering["positions"][0]["title"] == "Senior Back-end Engineer"


@pytest.fixture(params=["database", "redis"])
def generation_store(request, settings):
    """Where the generation lives: the database (with the default local-memory
    cache) or Redis (a database of its own on the local server)."""
    if request.param == "redis":
        use_redis(settings)
    return request.param


def use_redis(settings):
    if not redis_available():
        pytest.skip("needs Redis on 127.0.0.1:6379")
    settings.CACHES = {"default": {"BACKEND": "cms.cache.ResilientRedisCache", "LOCATION": REDIS}}
    forget_cached_responses()


def forget_cached_responses():
    cache.clear()
    caching.local_entries.clear()


def test_a_lost_generation_never_brings_back_an_older_entry(
    client, imported_site, generation_store, django_capture_on_commit_callbacks
):
    """The generation may be lost while older entries stay (in Redis: the key
    evicted or flushed; in the database: the row deleted, a flush): the
    generation it starts again from is newer than theirs."""
    client.get(SEED)  # an entry of the first generation
    page = JobPostingPage.objects.get(slug="back-end-engineer")
    page.title = "Senior Back-end Engineer"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()  # the next generation; the entry stays, outdated
    if generation_store == "redis":
        cache.delete(caching.GENERATION_KEY)
    else:
        CacheGeneration.objects.all().delete()
    assert client.get(SEED).json()["title"] == "Senior Back-end Engineer"


def test_unpublishing_and_deleting_change_the_next_get(client, imported_site):
    assert client.get(LIST).json()["count"] == 4
    JobPostingPage.objects.get(slug="developer-advocate").unpublish()
    assert client.get(LIST).json()["count"] == 3
    assert client.get("/api/careers/postings/developer-advocate/").status_code == 404
    JobPostingPage.objects.get(slug="site-reliability-engineer").delete()
    assert client.get(LIST).json()["count"] == 2


def test_editing_the_index_departments_and_organization_change_the_next_get(
    client, imported_site, hiring_organization
):
    client.get("/api/careers/"), client.get(SEED)
    index = CareersIndexPage.objects.get()
    index.hero_heading = "Build the API tool"
    index.name_label = "Full name"
    index.save_revision().publish()
    assert client.get("/api/careers/").json()["hero"]["heading"] == "Build the API tool"
    fields = client.get(SEED).json()["application_form"]["fields"]
    assert fields[1]["label"] == "Full name"

    Department.objects.filter(slug="engineering").update(name="x")  # no signal: not seen…
    department = Department.objects.get(slug="engineering")
    department.name = "Platform"
    department.save()  # …but a save is
    assert client.get(SEED).json()["department"]["name"] == "Platform"

    hiring_organization.name = "Hoppscotch Inc."
    hiring_organization.save()
    assert (
        client.get(SEED).json()["structured_data"]["hiringOrganization"]["name"]
        == "Hoppscotch Inc."
    )


def test_a_draft_save_alone_changes_nothing_public(client, imported_site):
    client.get(SEED)
    draft = JobPostingPage.objects.get(slug="back-end-engineer").get_latest_revision_as_object()
    draft.location = "Draftville"
    draft.save_revision()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(SEED)
    assert only_the_generation(queries)  # still the cached, published version
    assert response.json()["location"] == "Remote"


def test_scheduled_expiry_takes_effect_at_the_moment_without_any_signal(
    client, imported_site, monkeypatch
):
    closing = timezone.now() + datetime.timedelta(hours=1)
    JobPostingPage.objects.filter(slug="site-reliability-engineer").update(expire_at=closing)
    caching.invalidate()
    assert client.get(LIST).json()["count"] == 4  # cached, until the closing time
    assert served_from_cache(client, LIST)

    later = closing + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(caching.time, "time", lambda: later.timestamp())
    assert client.get(LIST).json()["count"] == 3
    assert client.get("/api/careers/postings/site-reliability-engineer/").status_code == 404


def test_scheduled_publishing_and_expiry_bump_the_shared_generation(client, imported_site):
    """The task worker's ``publish_scheduled`` bumps the generation every
    process reads, for a page going live and for one it unpublishes."""
    from django.core.management import call_command

    page = JobPostingPage.objects.get(slug="back-end-engineer")
    page.unpublish()
    assert client.get(LIST).json()["count"] == 3
    page.title = "Scheduled Engineer"
    page.save_revision(approved_go_live_at=timezone.now() - datetime.timedelta(seconds=1))
    before = CacheGeneration.objects.get().value
    call_command("publish_scheduled", verbosity=0)
    assert CacheGeneration.objects.get().value > before
    assert client.get(SEED).json()["title"] == "Scheduled Engineer"

    JobPostingPage.objects.filter(slug="site-reliability-engineer").update(
        expire_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    before = CacheGeneration.objects.get().value
    call_command("publish_scheduled", verbosity=0)
    assert CacheGeneration.objects.get().value > before
    assert client.get(LIST).json()["count"] == 3


def test_the_cache_can_be_switched_off(client, imported_site, settings):
    settings.CAREERS_API_CACHE = False
    client.get(SEED)
    assert queries_for(client, SEED)[0] > 1


def test_a_dead_cache_server_costs_speed_not_errors(client, imported_site, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "cms.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
        }
    }
    assert client.get(SEED).status_code == 200
    page = JobPostingPage.objects.get(slug="back-end-engineer")
    page.location = "Porto"
    page.save_revision().publish()  # the invalidation fails, quietly
    assert client.get(SEED).json()["location"] == "Porto"
    assert client.get(LIST).status_code == 200


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_app_servers_sharing_redis_never_serve_stale_content(careers_site, settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: two server processes must share the test database")
    if not redis_available():
        pytest.skip("needs Redis on 127.0.0.1:6379")
    redis_url = REDIS_SECOND
    settings.CACHES = {
        "default": {"BACKEND": "cms.cache.ResilientRedisCache", "LOCATION": redis_url}
    }
    cache.clear()
    from django.core.management import call_command

    call_command("import_careers", str(careers_site), verbosity=0)
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    servers = [start_server(database_url, redis_url) for _ in range(2)]
    try:
        a, b = (f"http://127.0.0.1:{port}" for _, port in servers)
        assert fetch(a + SEED)["location"] == "Remote"  # cached by server A
        assert fetch(b + SEED)["location"] == "Remote"  # served by B from Redis
        page = JobPostingPage.objects.get(slug="back-end-engineer")
        page.location = "Nairobi"
        page.save_revision().publish()  # in a third process
        assert fetch(b + SEED)["location"] == "Nairobi"
        assert fetch(a + SEED)["location"] == "Nairobi"
        page.unpublish()
        assert fetch_status(a + SEED) == 404 and fetch_status(b + SEED) == 404
    finally:
        for process, _ in servers:
            process.terminate()
            process.wait(timeout=10)
        cache.clear()


def start_server(database_url, redis_url):
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DEBUG": "true",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the app server did not start")


def fetch(url):
    import json

    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def fetch_status(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def served_from_cache(client, url, **kwargs) -> bool:
    """Whether a GET was answered from the cache (a hit makes no query; a miss
    makes its queries and stores a new entry)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    assert response.status_code == 200, response.content
    return only_the_generation(queries)


def test_a_repeated_parameter_is_answered_by_the_value_the_list_reads(client, imported_site):
    """The list reads the last of a repeated ``q``; each order is its own answer,
    cached or not."""
    forget_cached_responses()
    found = client.get(LIST, {"q": ["zzzz", "GraphQL"]}).json()
    assert found["count"] >= 1
    assert client.get(LIST, {"q": ["GraphQL", "zzzz"]}).json()["count"] == 0
    assert client.get(LIST, {"q": ["zzzz", "GraphQL"]}).json() == found
    assert client.get(LIST, {"q": "GraphQL"}).json() == found


def test_unknown_parameters_empty_ones_and_their_order_add_no_cache_entry(client, imported_site):
    forget_cached_responses()
    first = client.get(LIST, {"q": "GraphQL", "department": "engineering"})
    for query in (
        "?department=engineering&q=GraphQL",
        "?q=GraphQL&department=engineering&utm_source=x",
        "?q=GraphQL&department=engineering&location=&cb=123",
        "?q=GraphQL&department=engineering&offset=&limit=",
        "?q=zzzz&department=engineering&q=GraphQL",
    ):
        assert served_from_cache(client, LIST + query), query
        assert client.get(LIST + query).content == first.content
    for url in ("/api/careers/", SEED):
        assert not served_from_cache(client, url)
        assert served_from_cache(client, url + "?utm_campaign=x&q=y&department=z")
        # DRF reads ?format= (the renderer): an unknown one is refused, cached or not.
        assert client.get(url, {"format": "yaml"}).status_code == 404


def test_pagination_links_carry_only_what_the_list_reads(client, imported_site):
    page = client.get(LIST, {"limit": 2, "utm_source": "mail", "q": ["x", ""]}).json()
    assert page["next"] == "http://testserver/api/careers/postings/?limit=2&offset=2"
    second = client.get(page["next"]).json()
    assert second["previous"] == "http://testserver/api/careers/postings/?limit=2"


def test_host_port_variants_share_one_entry_with_a_configured_base_url(
    client, imported_site, settings
):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    settings.CAREERS_API_BASE_URL = "https://careers.example.com"
    forget_cached_responses()
    first = client.get(LIST, {"limit": 2}, headers={"Host": "127.0.0.1:8000"})
    assert first.json()["next"] == (
        "https://careers.example.com/api/careers/postings/?limit=2&offset=2"
    )
    for host in ("127.0.0.1", "127.0.0.1:1", "127.0.0.1:65535", "127.0.0.1:8000"):
        assert served_from_cache(client, LIST + "?limit=2", headers={"Host": host}), host


def test_without_a_base_url_each_origin_gets_its_own_links_never_anothers(
    client, imported_site, settings
):
    """The links name the origin the request came to: a client sending another
    port never puts its port into someone else's answer. The scheme's own port
    is the same origin as none."""
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    forget_cached_responses()

    def next_link(host):
        return client.get(LIST, {"limit": 2}, headers={"Host": host}).json()["next"]

    assert next_link("127.0.0.1:6666").startswith("http://127.0.0.1:6666/api/")
    assert next_link("127.0.0.1:8000").startswith("http://127.0.0.1:8000/api/")
    assert next_link("127.0.0.1").startswith("http://127.0.0.1/api/")
    assert next_link("127.0.0.1:80").startswith("http://127.0.0.1/api/")
    assert served_from_cache(client, LIST + "?limit=2", headers={"Host": "127.0.0.1:80"})


# Redis: the generation there, the entries in each process's memory in front of it.


def redis_commands(action) -> list[str]:
    """The commands the local Redis runs on the tests' database while ``action``
    runs, as Redis itself reports them (MONITOR)."""
    import redis

    client, pinger = redis.Redis.from_url(REDIS), redis.Redis.from_url(REDIS)
    pinger.ping()  # connected (and its database selected) before the monitor starts
    marker = f"end-{time.monotonic_ns()}"
    with client.monitor() as monitor:
        action()
        pinger.echo(marker)
        commands = []
        for command in monitor.listen():
            if marker in command["command"]:
                return commands
            if command["db"] == int(REDIS.rsplit("/", 1)[1]):
                commands.append(command["command"].split(" ", 1)[0].upper())


def test_with_redis_a_hit_sends_redis_nothing_while_the_generation_is_unchanged(
    client, imported_site, settings
):
    use_redis(settings)
    first = client.get(SEED)
    with CaptureQueriesContext(connection) as queries:
        commands = redis_commands(lambda: client.get(SEED))
    assert (len(queries), commands) == (0, [])  # the subscription stayed quiet
    assert client.get(SEED).content == first.content

    # Another process's entry (this process has none): one GET, for the entry.
    caching.local_entries.clear()
    with CaptureQueriesContext(connection) as queries:
        commands = redis_commands(lambda: client.get(SEED))
    assert (len(queries), commands) == (0, ["GET"])
    assert client.get(SEED).content == first.content

    # Another process's bump (INCR, then PUBLISH): the generation is read again.
    redis_module = pytest.importorskip("redis")
    other = redis_module.Redis.from_url(REDIS)
    other.incr(cache.make_and_validate_key(caching.GENERATION_KEY))
    other.publish(generation_hints.CHANNEL, b"")
    with CaptureQueriesContext(connection) as queries:
        commands = redis_commands(lambda: client.get(SEED))
    assert commands[0] == "GET" and len(queries) > 0  # the generation, then made again


def test_the_plain_integer_read_agrees_with_djangos_cache_api(settings):
    """What the hit path reads with one plain GET is what Django's set, add and
    incr wrote, in the same database and under the same key."""
    use_redis(settings)
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": "careers-test"}}
    cache.delete("n")
    assert cache.get_int("n") is None
    cache.set("n", 41)
    cache.incr("n")
    assert cache.get_int("n") == 42 == cache.get("n")
    cache.set("n", {"not": "an integer"})
    assert cache.get_int("n") is None
    cache.set("n", 7, version=2)
    assert (cache.get_int("n", version=2), cache.get_int("n")) == (7, None)


def test_the_plain_integer_read_is_none_while_redis_is_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "cms.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    assert cache.get_int("n") is None


def test_with_redis_the_local_entries_never_outlive_their_generation(
    client, imported_site, settings, django_capture_on_commit_callbacks
):
    use_redis(settings)
    assert client.get(SEED).json()["location"] == "Remote"  # kept here and in Redis
    page = JobPostingPage.objects.get(slug="back-end-engineer")
    page.location = "Nairobi"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        page.save_revision().publish()
        # Until the change is committed, nobody sees a new generation: a
        # request then would store the old content under it.
        assert client.get(SEED).json()["location"] == "Remote"
    assert callbacks
    assert client.get(SEED).json()["location"] == "Nairobi"

    # Another process bumps the generation: this process's entry is not served.
    caching._bump_cached_generation()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(SEED).json()["location"] == "Nairobi"
    assert len(queries) > 0  # made again from the database


def test_the_local_entries_are_bounded_in_number_and_bytes(client, imported_site, settings):
    slugs = [p.slug for p in JobPostingPage.objects.live().order_by("path")]
    settings.CAREERS_API_CACHE_LOCAL_ENTRIES = 3
    for slug in slugs:
        client.get(f"{LIST}{slug}/")
    assert len(caching.local_entries) == 3
    # The least recently used go first: the last three stay, and serve.
    for slug in slugs[-3:]:
        assert served_from_cache(client, f"{LIST}{slug}/"), slug
    assert not served_from_cache(client, f"{LIST}{slugs[0]}/")

    body = len(client.get(SEED).content)
    settings.CAREERS_API_CACHE_LOCAL_ENTRIES = 100
    settings.CAREERS_API_CACHE_LOCAL_BYTES = 2 * body + 1000
    forget_cached_responses()
    for slug in slugs:
        client.get(f"{LIST}{slug}/")
    assert caching.local_entries.bytes <= settings.CAREERS_API_CACHE_LOCAL_BYTES
    assert 1 <= len(caching.local_entries) <= 2

    settings.CAREERS_API_CACHE_LOCAL_BYTES = body // 2  # too big to keep at all
    forget_cached_responses()
    client.get(SEED)
    assert len(caching.local_entries) == 0 and caching.local_entries.bytes == 0
    assert not served_from_cache(client, SEED)
