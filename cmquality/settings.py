"""Settings for cmquality, driven by the environment (see README's configuration table)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DEBUG", False)

# A key of spaces is no key: refuse it as if it were missing (stripped for the test only, so that
# a real key's characters are kept as given).
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY.strip():
    if DEBUG:
        SECRET_KEY = "insecure-development-key-never-use-in-production"
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set (or only blank): set the SECRET_KEY environment variable "
            "(or DEBUG=1 for development)."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "cmquality.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # intcomma on the import page
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "evaluations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages leave compressed (a dashboard of 50 candidates: 140 KB of HTML, about 15 KB gzipped).
    # Safe against BREACH: Django masks the CSRF token afresh in every response, and this
    # middleware pads each response with random bytes ("Heal the Breach", Django 4.2+), so a
    # length no longer tells an attacker whether a guess matched. Static files are compressed
    # ahead of time by WhiteNoise, above.
    "django.middleware.gzip.GZipMiddleware",
    # Outside everything but the static files, so that every other response, error pages and
    # redirects included, leaves with "Cache-Control: private, no-store".
    "evaluations.middleware.PrivateNoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "evaluations.middleware.ContentSecurityPolicyMiddleware",
    # Inside the middleware above so that its 400 page, drawn in the layout, gets their headers.
    "evaluations.middleware.RejectNulQueryMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cmquality.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "evaluations.context_processors.roles_context",
                "evaluations.context_processors.drafts_context",
            ],
        },
    },
]

WSGI_APPLICATION = "cmquality.wsgi.application"

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Also for DATABASE_URL=sqlite:///…: without IMMEDIATE, two requests that read then write
    # deadlock on the lock upgrade and one fails at once with "database is locked" (a 500).
    # IMMEDIATE takes the write lock at BEGIN, waiting for it up to the timeout instead.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)

# The cache holds the computed dashboards and exports, keyed by a version of the data that every
# write replaces (evaluations/caching.py): it must be one cache for every process that serves the
# app. REDIS_URL (redis://host:6379/0) for several machines; without it, files under CACHE_DIR,
# which the workers of one machine share with no server to run (a per-process memory cache would
# let a worker serve what another worker's write made stale; the database cache would add queries
# and, on SQLite, writes competing for its single lock).
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "cmquality")
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "evaluations.cache_backends.FileCache",
            "LOCATION": os.environ.get("CACHE_DIR") or BASE_DIR / "var" / "cache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            # Culling lists the directory: keep it small (old versions' entries expire anyway),
            # and list it on one write in twenty (cache_backends.FileCache).
            "OPTIONS": {"MAX_ENTRIES": 1000, "CULL_EVERY": 20},
        }
    }
# The dashboard's drawn parts, whose keys hold the versions of all they show: read from the shared
# cache above once per process, then from a copy in the process's memory (evaluations/cache_backends.py).
CACHES["fragments"] = {
    "BACKEND": "evaluations.cache_backends.LocalCopies",
    "TIMEOUT": 60 * 60,
    "OPTIONS": {"SHARED": "default", "MAX_CHARS": 8_000_000},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "evaluations:todo"
LOGOUT_REDIRECT_URL = "login"

SESSION_ENGINE = "django.contrib.sessions.backends.db"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "evaluations" / "locale"]
# How dates read, in both languages: unambiguous, one place (cmquality/formats/).
FORMAT_MODULE_PATH = ["cmquality.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "cmquality.storage.StaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Login throttling: five wrong passwords for one username from one address lock it for an hour.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# axes does not cut the username to its column: see evaluations.throttling.
AXES_USERNAME_CALLABLE = "evaluations.throttling.axes_username"

HTTPS = env_flag("HTTPS", not DEBUG)
if env_flag("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# How often (seconds) the rubric page saves a draft while the recruiter types.
AUTOSAVE_SECONDS = int(os.environ.get("AUTOSAVE_SECONDS", "10"))
# Fewer submitted scorecards than this and a score is marked "thin evidence" (scoring.thin_evidence).
THIN_EVIDENCE_BELOW = int(os.environ.get("THIN_EVIDENCE_BELOW", "2"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Interviews: a scorecard is overdue once its interview ended this many hours ago; reminders go
# out from REMINDER_AFTER_HOURS after it ended, at most one a day and REMINDER_MAX in all.
SCORECARD_DUE_HOURS = int(os.environ.get("SCORECARD_DUE_HOURS", "24"))
REMINDER_AFTER_HOURS = int(os.environ.get("REMINDER_AFTER_HOURS", "1"))
REMINDER_MAX = int(os.environ.get("REMINDER_MAX", "5"))
# The absolute links of emails and calendar invites, e.g. https://hiring.example.org.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Mail (reminders): without EMAIL_HOST, mail goes to the console.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "").strip()
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS", False)
    EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "cmquality <noreply@localhost>")

# Retention (DESIGN.md, "Data in and out"): apply_retention anonymises candidates whose final
# decision (hired or rejected) is older than this many days.
RETENTION_DAYS = int(os.environ.get("RETENTION_DAYS", "365"))

# The JSON API (/api/v1/): Django REST Framework, documented by drf-spectacular, its Swagger UI
# served from drf-spectacular-sidecar's files (no CDN).
INSTALLED_APPS += ["rest_framework", "drf_spectacular", "drf_spectacular_sidecar"]
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "120/min")
# Personal tokens: the longest life a user may give one, in days.
API_TOKEN_MAX_DAYS = int(os.environ.get("API_TOKEN_MAX_DAYS", "365"))
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so that a request without credentials is answered 401 with WWW-Authenticate.
        "evaluations.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["evaluations.api.throttling.ApiRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["evaluations.api.parsers.StrictJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "evaluations.api.pagination.Pagination",
    "PAGE_SIZE": 25,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "cmquality API",
    "DESCRIPTION": (
        "Candidates, positions, the rubric, scorecards (blind scoring applies), interviews and "
        "shortlist results. Authenticate with a session or a personal token "
        "(`Authorization: Bearer <token>`, created at /account/tokens/)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Behind the login like everything else (DESIGN.md, "Roles").
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "CandidateStatusEnum": "evaluations.candidates.models.Candidate.Status",
        "ScorecardStatusEnum": "evaluations.scorecards.models.Scorecard.Status",
        "RecommendationEnum": "evaluations.scorecards.models.Scorecard.Recommendation",
    },
}
