"""gunicorn settings, read from the environment like the app's own.

    gunicorn archive.wsgi        # picks up this file from the working directory

| variable            | meaning                                   | default               |
| ------------------- | ----------------------------------------- | --------------------- |
| BIND                | address to listen on                      | 127.0.0.1:$PORT       |
| PORT                | port, when BIND is not given              | 8000                  |
| GUNICORN_WORKERS    | worker processes                          | 2 × CPU cores + 1     |
| GUNICORN_THREADS    | threads per worker                        | 4                     |
| GUNICORN_TIMEOUT    | seconds before a silent worker is killed  | 30                    |
| FORWARDED_ALLOW_IPS | proxies whose X-Forwarded-* gunicorn trusts | 127.0.0.1,::1       |
"""

import multiprocessing
import os


def _int(name, default):
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {value!r}") from None


wsgi_app = "archive.wsgi:application"

# Loopback unless told otherwise: the TLS proxy in front of gunicorn is the one that faces
# the network. In a container, set BIND=0.0.0.0:8000.
bind = os.environ.get("BIND") or f"127.0.0.1:{_int('PORT', 8000)}"

# Threads, not only processes: a request mostly waits on PostgreSQL, and threads share one
# worker's memory. workers × threads is how many requests run at once, and each may hold a
# database connection (CONN_MAX_AGE keeps them): keep it under PostgreSQL's max_connections.
workers = _int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
threads = _int("GUNICORN_THREADS", 4)
worker_class = "gthread"

# The archive answers in well under a second; a worker silent for 30 s is stuck, not busy.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5

# A fresh process now and then returns whatever memory a worker has grown into; the jitter
# keeps the workers from all restarting at once. Not too often: a worker serves a cached
# page in about a millisecond, and at 2,000 requests each was replaced every ten seconds
# under load, the replacements making the slowest 1 % of requests wait 0.3-0.8 s.
max_requests = _int("GUNICORN_MAX_REQUESTS", 20000)
max_requests_jitter = max_requests // 10

# Requests from the proxy may say they came over https (X-Forwarded-Proto); only trust
# that from the proxies named here.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Bounds on what a client may send before Django even sees it.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

# Logs on stdout/stderr for the process manager to collect, like the app's (LOGGING).
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'

# Load the app before forking: a broken setting stops the master at once, with its error,
# rather than every worker failing in turn.
preload_app = True
