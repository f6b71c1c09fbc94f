"""gunicorn settings for an app server. ``gunicorn cms.wsgi`` run in the
project folder reads this file (elsewhere: ``-c path/to/gunicorn.conf.py``).

From the environment: ``BIND`` (host:port or unix:path) or ``PORT`` (listens
on 127.0.0.1; default 8000), ``WEB_CONCURRENCY`` (worker processes) and
``GUNICORN_TIMEOUT`` (seconds) and ``MAX_WORKER_MEMORY_MB`` (a worker whose
resident memory grows past it is replaced; default 512, 0 for no bound).
"""

import multiprocessing
import os
import resource
import signal

# BIND wins (host:port, or unix:/path); PORT alone listens on 127.0.0.1:PORT.
bind = os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"

# Synchronous workers: each handles one request at a time; the usual rule of
# thumb for a mostly I/O-bound Django app is two per core plus one.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)

# A request still running after this many seconds gets its worker restarted.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM (a deploy), requests in flight get this long to finish.
graceful_timeout = 30
# Keep-alive connections from a load balancer in front.
keepalive = 5

# No restart after a number of requests: a restarted worker starts with an
# empty local cache and cold code paths (with 1,000 requests, about once a
# second under load, it cost a third of the throughput). Memory is bounded
# instead: see post_request below.
max_requests = 0

# Access log to stdout and errors to stderr, for the process manager to collect.
accesslog = "-"
errorlog = "-"
# The default access log format, but preview tokens in URLs (the request line,
# the query string, the Referer) are logged as token=[redacted].
logger_class = "cms.log_redaction.TokenRedactingLogger"

# gunicorn 25+ opens a control socket at one path per user; several app servers
# on one machine would take it from each other.
control_socket_disable = True


# A worker whose resident memory (RSS) has grown past this bound finishes the
# request it served and stops; the arbiter starts a fresh one in its place.
max_worker_memory_mb = int(os.environ.get("MAX_WORKER_MEMORY_MB", "512"))
# Reading the RSS is one small file read; every 100th request is often enough.
MEMORY_CHECK_EVERY = 100
_PAGE_BYTES = resource.getpagesize()


def worker_rss_bytes() -> int:
    """This process's resident memory now (Linux: the second field of /proc/self/statm)."""
    with open("/proc/self/statm", "rb") as statm:
        return int(statm.read().split()[1]) * _PAGE_BYTES


def post_request(worker, req, environ, resp):
    """Every MEMORY_CHECK_EVERY requests, stop a worker above ``max_worker_memory_mb``.

    SIGTERM to a worker is gunicorn's graceful stop: it leaves its loop after
    this request and the arbiter replaces it, as ``max_requests`` would.
    """
    worker.careers_requests = getattr(worker, "careers_requests", 0) + 1
    if not max_worker_memory_mb or worker.careers_requests % MEMORY_CHECK_EVERY:
        return
    rss_mb = worker_rss_bytes() / (1024 * 1024)
    if rss_mb > max_worker_memory_mb:
        worker.log.info(
            "Recycling worker %s: RSS %.0f MB above MAX_WORKER_MEMORY_MB=%s",
            worker.pid,
            rss_mb,
            max_worker_memory_mb,
        )
        os.kill(worker.pid, signal.SIGTERM)
