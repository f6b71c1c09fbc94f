"""gunicorn settings for an app server. ``gunicorn cms.wsgi`` run in the
project folder reads this file (elsewhere: ``-c path/to/gunicorn.conf.py``).

From the environment: ``BIND`` (host:port or unix:path) or ``PORT`` (listens
on 127.0.0.1; default 8000), ``WEB_CONCURRENCY`` (worker processes) and
``GUNICORN_TIMEOUT`` (seconds).
"""

import multiprocessing
import os

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

# Restart each worker after about this many requests, spread out so that the
# workers do not all restart at once: bounds slow memory growth.
max_requests = 1000
max_requests_jitter = 100

# Access log to stdout and errors to stderr, for the process manager to collect.
accesslog = "-"
errorlog = "-"
# The default access log format, but preview tokens in URLs (the request line,
# the query string, the Referer) are logged as token=[redacted].
logger_class = "cms.log_redaction.TokenRedactingLogger"

# gunicorn 25+ opens a control socket at one path per user; several app servers
# on one machine would take it from each other.
control_socket_disable = True
