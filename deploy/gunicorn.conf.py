"""Gunicorn for Concord: used by deploy/systemd/concord-web.service and the container image.

Every value can be changed from the environment (/etc/concord/env, or the container's):

    GUNICORN_BIND                  address to listen on (127.0.0.1:8001; the image sets 0.0.0.0:8000)
    GUNICORN_WORKERS               worker processes (2 × cores + 1)
    GUNICORN_TIMEOUT               seconds one request may take before its worker is replaced (60)
    GUNICORN_GRACEFUL_TIMEOUT      seconds a stopping worker has to finish its requests (30)
    GUNICORN_MAX_REQUESTS          requests after which a worker is replaced (10000; 0 never)
    GUNICORN_MAX_REQUESTS_JITTER   random extra requests, so workers are not all replaced at once (1000)
    GUNICORN_FORWARDED_ALLOW_IPS   proxies whose X-Forwarded-Proto is trusted (127.0.0.1,::1)
    GUNICORN_CONTROL_SOCKET        path of gunicornc's control socket (none: the socket is off)
    GUNICORN_ACCESS_LOG            where requests are logged ("-": standard output, i.e. the journal)
"""

import os


def _int(name, default):
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {value!r}")


def _cores():
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use, not all the host has
    except AttributeError:
        return os.cpu_count() or 1


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = _int("GUNICORN_WORKERS", 2 * _cores() + 1)
worker_class = "sync"  # nginx buffers whole requests and responses, so a slow client never holds a worker

# A page or a single input's PDF is rendered within the request; compilations run on the Celery workers.
timeout = _int("GUNICORN_TIMEOUT", 60)
# On HUP (reload) or TERM (stop) a worker stops accepting and finishes what it has, for at most this long.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5

# A worker is replaced after this many requests: WeasyPrint keeps the memory of a render (an input's PDF).
# Not much sooner: a new worker imports Concord again and warms its templates, a second or two of a core during
# which requests wait (bench/load.py measured 1000 as a stall every few seconds at full load).
max_requests = _int("GUNICORN_MAX_REQUESTS", 10000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 1000)

# Not preloaded: on HUP each new worker imports the application again, so an upgrade is served without
# a restart of the master process.
preload_app = False

# The proxy in front terminates TLS and says so in X-Forwarded-Proto; only these addresses are believed.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Concord is served at the root of its host: no header may change SCRIPT_NAME or PATH_INFO.
forwarder_headers = ""

# Request line and headers: the same limits as nginx's large_client_header_buffers (8 KB).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# The client's address comes from nginx (X-Real-IP, or the last X-Forwarded-For entry); %(h)s is the proxy.
access_log_format = (
    '%({x-real-ip}i)s [%({x-forwarded-for}i)s] via %(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'
)
proc_name = "concord-web"
