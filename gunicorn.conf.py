"""gunicorn for `make serve`: everything from the environment.

WEB_CONCURRENCY   worker processes (default: one per CPU, plus one)
BIND              address (default 127.0.0.1:$PORT, PORT default 8000)
GUNICORN_TIMEOUT  seconds before a stuck worker is replaced (default 30)
ACCESS_LOG        "0" to turn the per-request log line off (benchmarks)
"""

import gc
import multiprocessing
import os

# Rendering a page is CPU work: a query waits well under a millisecond on
# PostgreSQL. One worker per CPU plus one to cover those waits served
# more search and cached pages than gunicorn's usual 2 per CPU + 1, whose
# extra workers only took turns for the CPUs (docs/performance.md#workers).
# Raise it where the database is further away.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Keep-alive lets a load balancer or CDN reuse its connections.
keepalive = 5
# One line per request on stdout: time, client, request, status, bytes,
# duration (microseconds), user agent. Newsletter link tokens and search
# terms in the request are written as [redacted] (core.log_redaction).
accesslog = None if os.environ.get("ACCESS_LOG") == "0" else "-"
errorlog = "-"
access_log_format = '%(t)s %(h)s "%(r)s" %(s)s %(B)s %(D)sus "%(a)s"'
logger_class = "core.log_redaction.RedactingLogger"
# Workers load the app once before forking: faster start, shared memory.
preload_app = True


def when_ready(server):
    # The preloaded app's objects live as long as the workers: keep them
    # out of the garbage collector's full passes, which would otherwise
    # walk them all (and copy their memory pages into every worker).
    gc.freeze()
