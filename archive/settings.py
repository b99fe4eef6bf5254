"""Settings for the Belarus War Archive, read from the environment (12-factor).

Unset DATABASE_URL means a SQLite file beside this project, so a newcomer needs
nothing installed; production and CI set a postgres:// URL.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default):
    """Read a true/false variable; anything else is a configuration error, not a guess."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envlist(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envint(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


DEBUG = envbool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY in the environment, "
            "or set DEBUG=true for local development."
        )
    # Development only: DEBUG is on, so a fixed key cannot leak into production.
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "simple_history",
    "archive.apps.AxesConfig",  # axes, named in every interface language (archive/apps.py)
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django_tasks",
    "archive.apps.TasksDatabaseConfig",  # django_tasks_db, likewise
    "articles",
    "capture",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything that may answer: a CORS preflight gets its headers whatever follows.
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before CommonMiddleware (which may redirect to a prefixed address).
    "django.middleware.locale.LocaleMiddleware",
    "archive.language.HomeLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication (staff are never served a cached page) and after any locale
    # middleware (the language is part of a page's key).
    "articles.page_cache.PageCacheMiddleware",
    # Public reads from the replica when there is one (archive/replica.py).
    "archive.replica.ReplicaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "archive.statement_timeout.StatementTimeoutMiddleware",
    # Last, as django-axes asks: it answers a locked-out login after the others ran.
    "axes.middleware.AxesMiddleware",
]

# AxesBackend first: it refuses a locked-out username or address before a password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# The admin's path ("admin/" by default, as the URL contract says). Moving it does not
# secure it, but keeps the noise of scripted probes for /admin/ out of the lock-out log.
ADMIN_PATH = os.environ.get("ADMIN_PATH", "admin/").strip("/") + "/"
if ADMIN_PATH == "/":
    raise ImproperlyConfigured("ADMIN_PATH must not be empty: the archive's pages live at /.")

ROOT_URLCONF = "archive.urls"
# The only login is the admin's: after it, and for a `next` that is not this site, the
# admin's index (Django's default, /accounts/profile/, does not exist here).
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "archive.context_processors.languages",
            ],
        },
    },
]

WSGI_APPLICATION = "archive.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'archive.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# Short queries only. JIT compilation added ~45 ms to the costly ones;
# starting parallel workers costs 15-25 ms on 2 cores, more than the LIMITed scans save.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c jit=off -c max_parallel_workers_per_gather=0"
    )
# How long one SQL statement of a web request may run on PostgreSQL before it is cancelled
# and the request answered 503 (archive/statement_timeout.py); 0 means no limit. Management
# commands have none.
PUBLIC_STATEMENT_TIMEOUT_MS = envint("PUBLIC_STATEMENT_TIMEOUT_MS", 5000)
ADMIN_STATEMENT_TIMEOUT_MS = envint("ADMIN_STATEMENT_TIMEOUT_MS", 60000)

# A PostgreSQL streaming replica for anonymous readers' pages (archive/replica.py): the
# primary serves whenever the replica is down or has not replayed the latest change.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
REPLICA_RETRY_SECONDS = envint("REPLICA_RETRY_SECONDS", 5)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=envint("CONN_MAX_AGE", 60), conn_health_checks=True
    )
    DATABASES["replica"]["OPTIONS"] = {
        # Only public pages read from it: their statement time limit holds for the session.
        "options": DATABASES["default"]["OPTIONS"]["options"]
        + f" -c statement_timeout={PUBLIC_STATEMENT_TIMEOUT_MS}",
        # A replica that does not answer must not hold a reader up for long.
        "connect_timeout": 2,
    }
    # Tests read the test database through it, as the primary's copy.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["archive.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The interface language. English is the default and keeps the unprefixed addresses;
# the others live under /be/, /uk/, /ru/ (archive/urls.py). An article's own language is
# a separate thing (Article.language) and never follows the interface.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("be", _("Belarusian")),
    ("uk", _("Ukrainian")),
    ("ru", _("Russian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The reader's choice from the language switcher, kept for a year (archive/language.py).
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Captured snapshots (WARC files) go to the "snapshots" storage: a directory outside the
# code by default (SNAPSHOT_ROOT); object storage, for several app servers, by naming its
# backend in SNAPSHOT_STORAGE_BACKEND (configured by that backend's own settings).
SNAPSHOT_ROOT = os.environ.get("SNAPSHOT_ROOT", str(BASE_DIR.parent / "archive-snapshots"))
SNAPSHOT_STORAGE_BACKEND = os.environ.get("SNAPSHOT_STORAGE_BACKEND", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "snapshots": (
        {"BACKEND": SNAPSHOT_STORAGE_BACKEND}
        if SNAPSHOT_STORAGE_BACKEND
        else {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": SNAPSHOT_ROOT},
        }
    ),
    "staticfiles": {
        # Hashed, compressed files in production; plain files in DEBUG and tests,
        # which run without collectstatic.
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and envbool("STATIC_MANIFEST", True)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips any the client
# sent: Django trusts this header, so it must never come from the client unfiltered).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Off unless asked: the proxy may do the redirect itself, and on plain-HTTP loopback
# (load test, in-process benchmark) a redirect would answer every request with a 301.
# `check --deploy` names it (security.W008) when it is off with DEBUG off.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
# A load balancer probes /healthz over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# HSTS is a promise browsers keep for its whole duration, so it is opt-in (31536000 in production).
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", SECURE_HSTS_SECONDS > 0)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", SECURE_HSTS_SECONDS > 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp 4): everything from this origin only and no inline
# script or style anywhere (templates carry no <script> or style=""; the admin loads its
# JavaScript from static files). Images may be data: URIs, which the admin's CSS uses.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Brute-force protection on the admin's login (django-axes). A username is locked after
# ADMIN_LOGIN_FAILURES failures, and so is an address: by username so that an attacker
# spreading guesses over many addresses still stops, by address so that one client cannot
# try every username. The lock lifts after the cool-off, or at once with
# `python manage.py axes_reset` (docs/operations.md).
AXES_FAILURE_LIMIT = envint("ADMIN_LOGIN_FAILURES", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("ADMIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# A refused attempt while locked is not recorded: otherwise a correct login by another
# editor from a locked address (one office, one proxy) would count as that editor's
# failure and lock their name everywhere. The lock still lifts after the cool-off.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# How many proxies stand in front of gunicorn (0: none). With a proxy, every request comes
# from the proxy's address, so the client's is read from X-Forwarded-For (archive/client_ip.py);
# without one, from the connection itself, which a client cannot forge.
PROXY_COUNT = envint("PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "archive.client_ip.client_ip"

# Filters accept repeated parameters; cap them so one request cannot carry thousands.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
# The most UTF-8 bytes an article's body (or standfirst) may hold, in the admin and the
# import alike (articles/models/text_limits.py).
ARTICLE_TEXT_MAX_BYTES = envint("ARTICLE_TEXT_MAX_BYTES", 2 * 1024 * 1024)
# Large enough for the admin's form to reach the body's own check and say what is wrong:
# a form encodes each byte of Cyrillic text as three (%D0), and carries more than the body.
DATA_UPLOAD_MAX_MEMORY_SIZE = 3 * ARTICLE_TEXT_MAX_BYTES + 1024 * 1024

ARCHIVE_PAGE_SIZE = envint("ARCHIVE_PAGE_SIZE", 20)

# The default cache: REDIS_URL (redis://host:6379/N) shares it between gunicorn's workers,
# which the API's rate limit needs to count a client once; without it each process keeps
# its own (fine for one process, and for the tests). Django's Redis backend, keeping one
# redis-py client instead of making one per operation (archive/redis_cache.py). In memory,
# Django's local-memory backend reading a page's kept parts in one go (archive/local_cache.py).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": {"BACKEND": "archive.local_cache.ManyAtOnceLocMemCache"},
    # What depends on nothing but the code and the interface language (the header and
    # footer every page draws, base.html): drawn once by each process, never shared.
    "process": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "process",
        "TIMEOUT": None,
    },
}
if REDIS_URL:
    CACHES |= {
        "default": {"BACKEND": "archive.redis_cache.SharedClientRedisCache", "LOCATION": REDIS_URL},
        # What is kept under a data version never changes: each process keeps up to
        # LOCAL_CACHE_ENTRIES of the values it has read in its own memory, in front of
        # Redis (articles.versions.Kept). Rows, counts, facets and charts, 1-20 KB each.
        "local": {
            "BACKEND": "archive.local_cache.ManyAtOnceLocMemCache",
            "LOCATION": "kept",
            "TIMEOUT": 300,
            "OPTIONS": {"MAX_ENTRIES": envint("LOCAL_CACHE_ENTRIES", 5000)},
        },
    }

# Background tasks (page capture): queued in the database, run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Capturing pages (capture/): the fetch's limits, and the address ranges it may reach
# besides the public internet (none by default: private, loopback, link-local, multicast
# and reserved addresses are refused).
CAPTURE_TIMEOUT = envint("CAPTURE_TIMEOUT", 20)
CAPTURE_MAX_BYTES = envint("CAPTURE_MAX_BYTES", 10 * 1024 * 1024)
CAPTURE_MAX_REDIRECTS = envint("CAPTURE_MAX_REDIRECTS", 5)
CAPTURE_ALLOWED_NETWORKS = envlist("CAPTURE_ALLOWED_NETWORKS")
CAPTURE_USER_AGENT = os.environ.get(
    "CAPTURE_USER_AGENT",
    "BelarusWarArchive/0.1 (page capture for an editor of the archive)",
)

# Whole public pages cached for anonymous readers (articles/page_cache.py), exact: any
# change to the archive makes the next request render afresh. PAGE_CACHE=false renders
# every request (the caches of counts and charts stay). PAGE_CACHE_SECONDS bounds how long
# a page nobody asks for again takes room; PAGE_MAX_AGE is what proxies and browsers are
# told they may keep a page without asking (0: they revalidate, and get a 304).
PAGE_CACHE = envbool("PAGE_CACHE", True)
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", 3600)
PAGE_MAX_AGE = envint("PAGE_MAX_AGE", 0)

# The JSON API (/api/v1/): read-only, public data only (no sessions, so no CSRF and no
# drafts), JSON only, rate-limited per client address (archive/client_ip.py).
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_PAGINATION_CLASS": "articles.api.pagination.KeysetPagination",
    "DEFAULT_THROTTLE_CLASSES": ["articles.api.throttling.ClientAddressThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": API_RATE_LIMIT},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Belarus War Archive API",
    "DESCRIPTION": (
        "Read-only access to the archive's published articles, the actors they name (with "
        "every alias), the events they report (with dates and places as precise as known, "
        "verification status and the independent outlets that report them), sources and "
        "topics. List endpoints take the same filters as the archive's pages and page with "
        "a cursor: follow `next`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "ActorKindEnum": "articles.models.Actor.Kind",
        "AliasKindEnum": "articles.models.Alias.Kind",
        "AliasLanguageEnum": "articles.models.Alias.Script",
        "EventKindEnum": "articles.models.Event.Kind",
        "SourceKindEnum": "articles.models.Source.Kind",
        "LanguageEnum": "articles.models.Language",
        "DatePrecisionEnum": "articles.models.Precision",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "articles.api.schema.add_error_responses",
    ],
}
# Any site may read the API from a browser, for GET only and without credentials.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["Retry-After"]

# Everything to stdout, one line per record: the process manager (systemd, docker)
# collects and rotates it. Errors go there too, with their tracebacks.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "line",
        },
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # SQL at DEBUG level would log every query; keep it at INFO whatever LOG_LEVEL says.
        "django.db.backends": {"level": "INFO"},
        # Its start-up banner would open every manage.py command; failures and lock-outs still log.
        "axes.apps": {"level": "WARNING"},
        # A request with too many parameters is answered 400 (DATA_UPLOAD_MAX_NUMBER_FIELDS);
        # it is a client's mistake or a probe, not an error of ours to log with a traceback.
        "django.security.TooManyFieldsSent": {"level": "CRITICAL"},
    },
}
