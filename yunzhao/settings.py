"""Settings for Yunzhao, read from the environment with safe local defaults.

Environment variables:

- ``DATABASE_URL``: e.g. ``postgres://user@127.0.0.1:5432/yunzhao``; default SQLite under ``var/``.
- ``REDIS_URL``: e.g. ``redis://127.0.0.1:6379/0``; turns on Redis for cache and sessions.
- ``SECRET_KEY``: required in production; locally one is generated once into ``var/secret_key``.
- ``YUNZHAO_DEBUG``: ``1`` for Django's debug mode (never in production).
- ``ALLOWED_HOSTS``: comma-separated, default ``127.0.0.1,localhost``.
- ``YUNZHAO_VAR_DIR``: where the SQLite file, private uploads and generated files go.
- ``YUNZHAO_PRODUCTION``: ``1`` turns on HTTPS-only cookies, HSTS and the other deployment settings.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from django.utils.translation import gettext_lazy as _


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("YUNZHAO_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

PRODUCTION = env_bool("YUNZHAO_PRODUCTION")
DEBUG = env_bool("YUNZHAO_DEBUG") and not PRODUCTION


def _secret_key() -> str:
    """Take SECRET_KEY from the environment, or a local key made once for this checkout."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    if PRODUCTION:
        raise RuntimeError("SECRET_KEY must be set when YUNZHAO_PRODUCTION=1")
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_filters",
    "ninja",  # its vendored Swagger UI serves the API docs page without a CDN
    "django_tables2",
    "django_bootstrap5",
    "django_countries",
    "taggit",
    "yunzhao.core",
    "yunzhao.orgs",
    "yunzhao.crm",
    "yunzhao.projects",
    "yunzhao.ledger",
    "yunzhao.campaigns",
    "yunzhao.reach",
    "yunzhao.stats",
    "yunzhao.audience",
    "yunzhao.dashboards",
    "yunzhao.reports",
    "yunzhao.publishing",
    "yunzhao.portal",
    "django_tasks",
    "django_tasks_db",
    "yunzhao.api",
    "yunzhao.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Last, so that lockouts see the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "yunzhao.urls"
WSGI_APPLICATION = "yunzhao.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "yunzhao.core.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'yunzhao.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one writer commits; IMMEDIATE avoids lock-upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = (0 if os.environ.get("PYTEST_XDIST_WORKER")
                                            else int(os.environ.get("CONN_MAX_AGE", "60")))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions ---------------------------------------------------------------------------



def _redis_database_per_test_worker(url: str) -> str:
    """Give each parallel test worker (pytest-xdist's gw0, gw1, …) a Redis database of its own.

    Clearing the cache empties a whole Redis database (sessions included), so workers sharing one would
    log each other out; worker N uses the configured database minus N, wrapping round Redis's 16.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not url or not worker.startswith("gw"):
        return url
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(base - int(worker[2:])) % 16}"))


REDIS_URL = _redis_database_per_test_worker(os.environ.get("REDIS_URL", ""))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "yz"),
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
    # Sessions live in Redis only: app servers keep no state of their own.
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# An idle session ends after two hours; every request extends it.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(2 * 60 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Authentication -------------------------------------------------------------------------------

AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Five failures for one username from one address lock it for fifteen minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_PROXY_COUNT", "0")) or None

# --- Internationalisation -------------------------------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
COUNTRIES_FIRST = ["CN", "HK", "MO", "TW", "US", "JP", "KR", "DE", "FR", "GB", "SG"]

# --- Static and private files ---------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# The site-wide assets (Bootstrap, htmx, app.css) live in the package, outside any app.
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded files are private: no URL serves MEDIA_ROOT; views stream them after an access check.
MEDIA_ROOT = VAR_DIR / "private"
# No URL pattern serves this prefix; it is set only because Django's test servers expect a string.
MEDIA_URL = "/private/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Security -------------------------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Content Security Policy: no inline scripts anywhere; scripts and styles come from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "media-src": ["'self'", "https:"],
        # Livestream players of the platforms an event goes out on may be embedded on the portal.
        "frame-src": ["'self'"] + [h for h in os.environ.get("CSP_FRAME_SRC", "").split(",") if h],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Background tasks -----------------------------------------------------------------------------

# Tasks are queued in the database and run by `yunzhao db_worker` (django-tasks); with no worker
# running, `make run` still works and queued tasks wait.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Application ----------------------------------------------------------------------------------

# Ledger import limits: a larger upload, or an archive that inflates beyond these, is refused.
LEDGER_IMPORT_MAX_BYTES = int(os.environ.get("LEDGER_IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
LEDGER_IMPORT_MAX_UNZIPPED_BYTES = int(os.environ.get("LEDGER_IMPORT_MAX_UNZIPPED_BYTES", str(200 * 1024 * 1024)))
LEDGER_IMPORT_MAX_ROWS = int(os.environ.get("LEDGER_IMPORT_MAX_ROWS", "200000"))
# Scheduling (调度) updates are due once per period: "week" (Monday to Sunday) or "month".
SCHEDULING_PERIOD = os.environ.get("SCHEDULING_PERIOD", "week")
# Live audience beacon: accepted per client address within a sliding window of that many seconds,
# and how many reverse proxies append to X-Forwarded-For (see yunzhao/audience/conf.py).
AUDIENCE_RATE_LIMIT = int(os.environ.get("AUDIENCE_RATE_LIMIT", "600"))
AUDIENCE_RATE_WINDOW = int(os.environ.get("AUDIENCE_RATE_WINDOW", "60"))
AUDIENCE_PROXY_COUNT = int(os.environ.get("AUDIENCE_PROXY_COUNT", "0"))

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"
BOOTSTRAP5 = {"set_placeholder": False}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
