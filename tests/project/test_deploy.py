"""The shipped app server and proxy: gunicorn.conf.py's worker recycling, and
nginx (deploy/nginx.conf) keeping slow clients away from gunicorn's workers."""

import importlib.util
import secrets
import subprocess
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.api.test_api_cache import free_port
from tests.factories import PROJECT
from tests.project.test_access_log import start_gunicorn

sys.path.insert(0, str(PROJECT / "deploy"))
import local_nginx

BOOTED = "Booting worker with pid"


def load_slow_clients():
    """bench/reliability/slow_clients.py: the slow clients and the /healthz probe."""
    path = PROJECT / "bench" / "reliability" / "slow_clients.py"
    spec = importlib.util.spec_from_file_location("slow_clients", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def healthz(port: int) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:
        return response.status


def send_requests(port: int, count: int) -> list[int]:
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda _: healthz(port), range(count)))


def served_log(process, log, tmp_path) -> str:
    process.terminate()
    process.wait(timeout=30)
    log.close()
    return (tmp_path / "gunicorn.log").read_text()


def test_the_shipped_server_keeps_its_worker_through_thousands_of_requests(tmp_path):
    # A restarted worker starts with an empty cache: 1,500 requests must not
    # restart it (max_requests used to restart it after about 1,000).
    process, log, port = start_gunicorn(tmp_path)
    try:
        statuses = send_requests(port, 1500)
    finally:
        output = served_log(process, log, tmp_path)
    assert statuses == [200] * 1500
    assert output.count(BOOTED) == 1, output[-2000:]
    assert "Autorestarting" not in output
    assert "Recycling worker" not in output


def test_a_worker_above_the_memory_bound_is_replaced(tmp_path):
    # Every worker is above 1 MB: it is replaced after its 100th request, and
    # the replacement serves on.
    process, log, port = start_gunicorn(tmp_path, MAX_WORKER_MEMORY_MB="1")
    try:
        statuses = send_requests(port, 250)
    finally:
        output = served_log(process, log, tmp_path)
    assert statuses == [200] * 250
    assert "Recycling worker" in output
    assert "above MAX_WORKER_MEMORY_MB=1" in output
    assert output.count(BOOTED) >= 2


@pytest.mark.skipif(
    not local_nginx.nginx_installed(),
    reason=f"nginx is not installed ({local_nginx.NGINX}; Debian: apt-get install nginx)",
)
def test_slow_clients_do_not_delay_healthz_through_nginx(tmp_path):
    """50 clients trickle a POST body at a byte a second for 6 s; meanwhile
    /healthz through nginx answers every time, its p99 under a second."""
    slow_clients = load_slow_clients()
    process, log, app_port = start_gunicorn(
        tmp_path,
        WEB_CONCURRENCY="2",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        TRUSTED_PROXY_COUNT="1",
    )
    proxy_port = free_port()
    nginx = local_nginx.start(
        tmp_path / "nginx", f"127.0.0.1:{proxy_port}", [f"127.0.0.1:{app_port}"]
    )
    try:
        results = slow_clients.healthz_under_slow_clients("127.0.0.1", proxy_port, 50, 6)
    finally:
        local_nginx.stop(nginx)
        served_log(process, log, tmp_path)
    print(slow_clients.summary("through nginx", results))
    assert len(results) > 20
    assert [status for status, _ in results] == [200] * len(results)
    assert slow_clients.p99(results) < 1.0


@pytest.mark.skipif(not local_nginx.nginx_installed(), reason="nginx is not installed")
def test_the_nginx_site_file_is_valid_as_deployed(tmp_path):
    # nginx -t on deploy/nginx.conf itself, inside the main configuration a
    # local run gives it: a typo in the file fails here.
    main = local_nginx.write_config(
        tmp_path, f"127.0.0.1:{free_port()}", ["127.0.0.1:8001"], tmp_path
    )
    command = [local_nginx.NGINX, "-t", "-p", str(tmp_path), "-c", str(main), "-e", "stderr"]
    checked = subprocess.run(command, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
