"""Production serving settings for `gunicorn wsgi:app` (read automatically from this folder)."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
# Sync workers: each request holds one database connection for its short life.
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count())))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so slow leaks never build up. The jitter is wide so that workers
# started together do not all restart together (with 2 workers and a narrow jitter, both used
# to restart within the same second under load, and every request waited for a new worker).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = max_requests // 2
# Load the app once in the master: a recycled worker is then a fork, ready in milliseconds,
# not a fresh import of the whole app. No database connection is opened before the fork;
# post_fork drops any pooled one anyway, so workers never share a socket.
preload_app = True


def when_ready(server):  # noqa: ANN001, ANN201, ARG001 - gunicorn's hook signature
    """Once the master has loaded the app, before the first worker is forked: every object it
    holds moves out of the garbage collector's sight (gc.freeze, as Python's documentation
    advises before fork). Workers then keep sharing those memory pages with the master
    instead of copying them when a collection touches them, and each collection in a
    worker walks only what that worker made, not the whole loaded app."""
    import gc

    gc.collect()
    gc.freeze()


def post_fork(server, worker):  # noqa: ANN001, ANN201, ARG001 - gunicorn's hook signature
    from panelhire.extensions import db

    app = server.app.wsgi()  # the app loaded in the master (a cached object, not a reload)
    if hasattr(app, "app_context"):
        with app.app_context():
            db.engine.dispose(close=False)


accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
# No query strings in the access log: sign-in links and feed tokens travel in URLs.
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

import re  # noqa: E402 - kept beside the logger that uses it

from gunicorn.glogging import Logger  # noqa: E402

# Secrets that travel in URL paths (one-time sign-in links, calendar feed tokens).
_SECRET_IN_PATH = re.compile(r"(/sign-in/link/|/calendar/feed/|token=)[^/?&\s\"]+")


class RedactingLogger(Logger):
    """Access log lines with sign-in and feed tokens blanked out."""

    def atoms(self, resp, req, environ, request_time):  # noqa: ANN001, ANN201
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("U", "r", "q", "f"):
            if isinstance(atoms.get(key), str):
                atoms[key] = _SECRET_IN_PATH.sub(r"\1[redacted]", atoms[key])
        return atoms


logger_class = RedactingLogger
