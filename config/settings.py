"""Concord settings: one module, every value read from the environment.

The defaults give the embedded set-up of `make run` (SQLite, tasks run
in-process, e-mail written to files). Production switches behaviour with
variables, documented in README.md and deploy/env.example.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent


def read_env_file():
    """Add to the environment the variables of a local env file that it lacks: the environment wins, even empty.

    The file is the one CONCORD_ENV_FILE names, else `.env` beside manage.py if there is one: `make install`
    writes it (DEBUG=true and a key of its own) so that every manage.py command works in a plain shell.
    Production has no `.env` (deploy/README.md): its variables come from systemd or the containers.
    Nothing in a value is expanded, as systemd reads an EnvironmentFile.
    """
    named = os.environ.get("CONCORD_ENV_FILE", "")
    path = Path(named) if named else BASE_DIR / ".env"
    if named and not path.is_file():
        raise ImproperlyConfigured(f"CONCORD_ENV_FILE names {named}, which does not exist")
    if path.is_file():
        load_dotenv(path, override=False, interpolate=False)


read_env_file()


def env(name, default=""):
    return os.environ.get(name, default)


def envbool(name, default):
    """Read True/False; anything else stops the start-up with a clear error."""
    value = os.environ.get(name, "")
    if value == "":
        return default
    if value.lower() in ("true", "1", "yes", "on"):
        return True
    if value.lower() in ("false", "0", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name, default):
    value = os.environ.get(name, "")
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}")


def envlist(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def email_settings(url):
    """Turn EMAIL_URL into Django's e-mail settings.

    file:var/mail (relative to the project) or file:///abs/path writes one file
    per message; console: prints them; smtp://user:password@host:587 sends
    with STARTTLS, smtps:// with implicit TLS, smtp+plain:// without either.
    """
    parts = urlsplit(url)
    if parts.scheme == "file":
        path = Path(unquote(parts.netloc + parts.path))
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": path if path.is_absolute() else BASE_DIR / path,
        }
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if parts.scheme in ("smtp", "smtps", "smtp+plain"):
        query = parse_qs(parts.query)
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parts.hostname or "localhost",
            "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 587),
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_TLS": parts.scheme == "smtp",
            "EMAIL_USE_SSL": parts.scheme == "smtps",
            "EMAIL_TIMEOUT": int(query.get("timeout", ["20"])[0]),
        }
    raise ImproperlyConfigured(
        f"EMAIL_URL must start with file:, console:, smtp://, smtps:// or smtp+plain://, not {url!r}"
    )


DEBUG = envbool("DEBUG", False)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. Generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "concord-development-only-key-not-for-production-use-0123456789"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "web",
    "outbox",
    "accounts",
    "consultations",
    "reports",
    "review",
    "groups",
]

MIDDLEWARE = [
    "web.security.ClientAddressMiddleware",
    "web.security.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "web.security.BadBytesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.UserPreferencesMiddleware",
    "accounts.middleware.StaffSessionIdleMiddleware",
    "web.security.FormPostRateLimitMiddleware",
    "accounts.middleware.StaffMFARequiredMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'concord.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,  # a kept connection the server closed meanwhile is replaced, not an error
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A transaction takes SQLite's write lock as it begins, waiting for it if need be: by default it takes it at its
    # first write, and fails at once ("database is locked") if another connection began writing since it read.
    # The embedded set-up's jobs write from a thread of their own beside the pages (JOBS_IN_THREADS).
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "full_name")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: e-mail login, mandatory verification, its rate limits on.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Concord] "
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "phone_number"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Concord"

# Pages under these prefixes need a staff user with two-factor authentication.
STAFF_URL_PREFIXES = ("/admin/", "/moderation/")
# A staff member is signed out after this many minutes without a request (0: never); others keep SESSION_COOKIE_AGE.
STAFF_SESSION_IDLE_MINUTES = envint("STAFF_SESSION_IDLE_MINUTES", 30)

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", "العربية"),
    ("zh-hans", "中文"),
    ("en", "English"),
    ("fr", "Français"),
    ("ru", "Русский"),
    ("es", "Español"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Media (attachments, compilations) in an S3-compatible bucket, through django-storages, when MEDIA_S3_BUCKET is
# set: for several hosts. The bucket stays private; every file still goes out only through a view that checks
# access. MEDIA_ROOT then keeps only a worker's own work files (reports/compilation/files.py).
MEDIA_S3_BUCKET = env("MEDIA_S3_BUCKET")
if MEDIA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "location": env("MEDIA_S3_PREFIX"),
            "endpoint_url": env("MEDIA_S3_ENDPOINT_URL") or None,  # empty: Amazon S3 itself
            "region_name": env("MEDIA_S3_REGION") or None,
            # Empty: boto3's own search (its environment variables, ~/.aws, an instance role).
            "access_key": env("MEDIA_S3_ACCESS_KEY_ID") or None,
            "secret_key": env("MEDIA_S3_SECRET_ACCESS_KEY") or None,
            "default_acl": None,  # the bucket's own: private
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
# Attachments and compilations handed to nginx to send (X-Accel-Redirect to this internal location, mapped to
# MEDIA_ROOT in deploy/nginx/concord.conf) once Django has checked access; empty: Django streams them itself.
MEDIA_ACCEL_REDIRECT = env("MEDIA_ACCEL_REDIRECT")

# Attachments to inputs: judged by content; PDF, DOCX and ODT only.
ATTACHMENT_MAX_BYTES = envint("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
ATTACHMENTS_PER_INPUT = envint("ATTACHMENTS_PER_INPUT", 5)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# What an uploaded DOCX or ODT may expand to, all its entries together, and how many entries it may hold: an archive
# past either is refused before anything of it is decompressed.
ATTACHMENT_MAX_EXPANDED_BYTES = envint("ATTACHMENT_MAX_EXPANDED_BYTES", 100 * 1024 * 1024)
ATTACHMENT_MAX_ARCHIVE_ENTRIES = envint("ATTACHMENT_MAX_ARCHIVE_ENTRIES", 2000)
# Bytes of decoded page content a PDF attachment may have to be appended to a compilation; past it the attachment
# is listed with the reason, not appended.
ATTACHMENT_PDF_DECODED_BYTES = envint("ATTACHMENT_PDF_DECODED_BYTES", 64 * 1024 * 1024)
# Characters an answer may have, whatever its question's word limit (200,000 is some 30,000 words of English).
ANSWER_MAX_CHARACTERS = envint("ANSWER_MAX_CHARACTERS", 200_000)
# Days an organisation has to answer an accuracy check of the map of issues to mechanisms (review/issue_map.py): its
# signed link stops working after them.
ACCURACY_CHECK_DAYS = envint("ACCURACY_CHECK_DAYS", 30)

globals().update(email_settings(env("EMAIL_URL", "file:var/mail")))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Concord <concord@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Concord operators", address) for address in envlist("ADMIN_EMAILS")]

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("CACHE_URL")}
        if env("CACHE_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Sessions are read from the cache and written through to the database when the cache is shared by every process
# (Redis): one query less on every signed-in page. With each process's own memory cache they stay in the database
# alone, or a sign-out seen by one process would go unseen by the others.
SESSION_ENGINE = f"django.contrib.sessions.backends.{'cached_db' if env('CACHE_URL') else 'db'}"

# The public record's pages are kept this long in the cache, and replaced at once when an input is accepted or
# taken back (consultations/public_cache.py); 0 renders them on every request.
PUBLIC_PAGE_CACHE_SECONDS = envint("PUBLIC_PAGE_CACHE_SECONDS", 300)

# Form posts a user or an address may send a minute, counted in the cache, beyond allauth's own limits
# (sign-up, sign-in, password reset). Past them: 429, with nothing saved. 0 turns a limit off.
FORM_POSTS_PER_MINUTE_PER_USER = envint("FORM_POSTS_PER_MINUTE_PER_USER", 60)
FORM_POSTS_PER_MINUTE_PER_ADDRESS = envint("FORM_POSTS_PER_MINUTE_PER_ADDRESS", 120)

# Security: on by default whenever DEBUG is off.
BEHIND_TLS_PROXY = envbool("BEHIND_TLS_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
# Addresses or networks of the proxies (nginx) whose X-Forwarded-For is believed, hop by hop from the right;
# web.security.ClientAddressMiddleware puts the client's address in REMOTE_ADDR for everything downstream.
TRUSTED_PROXIES = envlist("TRUSTED_PROXIES", "127.0.0.1,::1" if BEHIND_TLS_PROXY else "")
# allauth reads REMOTE_ADDR, already resolved: it must not take X-Forwarded-For again on its own.
ALLAUTH_TRUSTED_PROXY_COUNT = 0
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = None
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# The language cookie (the switcher, and links in a language: accounts/middleware.py) goes as the session's does.
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# Celery: with no broker, tasks run in-process through the same code path.
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# With no broker, the long jobs (compilations, balance reports, an input's own PDF) run in a thread of their own once
# the request has committed, so that the page answers at once and shows their progress as with a worker
# (outbox.services.in_thread). Off, they run in the request that asks for them.
JOBS_IN_THREADS = envbool("JOBS_IN_THREADS", CELERY_TASK_ALWAYS_EAGER)
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", "concord")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", CELERY_BROKER_URL) or None
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A task is acknowledged only when it has finished, and goes back to the queue
# if its worker dies: a job is never lost, so every task must be idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = envint("CELERY_TASK_SOFT_TIME_LIMIT", 50 * 60)
CELERY_TASK_TIME_LIMIT = envint("CELERY_TASK_TIME_LIMIT", 60 * 60)
# Redis re-delivers a task not acknowledged within the visibility timeout, even while it still runs. Keep it longer
# than the longest task; if one runs past it all the same, it runs twice at once, and the jobs are made for that
# (a claimed row, advisory locks on parts and merges: reports/compilation/locks.py).
# A Redis that does not answer costs a request a few seconds, not minutes: the outbox keeps what it could not send.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": envint("CELERY_BROKER_VISIBILITY_TIMEOUT", CELERY_TASK_TIME_LIMIT * 2),
    "socket_connect_timeout": 5,
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = CELERY_BROKER_TRANSPORT_OPTIONS
# WeasyPrint keeps its memory after a render: recycle worker processes.
CELERY_WORKER_MAX_TASKS_PER_CHILD = envint("CELERY_WORKER_MAX_TASKS_PER_CHILD", 50)
# …and as soon as a process holds more than this many kilobytes after a task.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = envint("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 400_000)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A compilation's missing parts are rendered in batches: one WeasyPrint document, one task, each of at most
# this many parts and about this many characters of answers (some 60 pages, a few seconds, under 300 MB).
COMPILATION_BATCH_PARTS = envint("COMPILATION_BATCH_PARTS", 25)
COMPILATION_BATCH_CHARACTERS = envint("COMPILATION_BATCH_CHARACTERS", 120_000)
# Documents are tagged for screen readers (PDF/UA-1); off only to measure what tagging costs (bench/compile.py).
COMPILATION_PDF_TAGS = envbool("COMPILATION_PDF_TAGS", True)
# Cached parts no compilation has used for this many days are deleted at night.
COMPILATION_PARTS_KEEP_DAYS = envint("COMPILATION_PARTS_KEEP_DAYS", 30)
CELERY_TASK_TRACK_STARTED = True
CELERY_BEAT_SCHEDULE = {
    "follow-ups-sweep": {"task": "outbox.tasks.follow_ups_sweep", "schedule": crontab(minute="*")},
    "follow-ups-prune": {"task": "outbox.tasks.follow_ups_prune", "schedule": crontab(hour=3, minute=45)},
    "daily-digest": {"task": "consultations.tasks.daily_digest", "schedule": crontab(hour=6, minute=0)},
    "balance-nightly": {"task": "reports.tasks.balance_reports_nightly", "schedule": crontab(hour=2, minute=30)},
    "balance-sweep": {"task": "reports.tasks.balance_reports_sweep", "schedule": crontab(minute="*/10")},
    "compilations-sweep": {"task": "reports.tasks.compilations_sweep", "schedule": crontab(minute="*/10")},
    "compilation-parts-prune": {
        "task": "reports.tasks.compilation_parts_prune",
        "schedule": crontab(hour=3, minute=15),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # In-process tasks (no broker) would otherwise log every run into the page server's output.
    "loggers": {
        "celery.app.trace": {"level": "WARNING" if CELERY_TASK_ALWAYS_EAGER else "INFO"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},
    },
}
