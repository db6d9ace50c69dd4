"""Settings for the Security Council statements archive.

Everything that differs between a laptop, CI and production comes from the
environment (see .env.example). With no DATABASE_URL, an embedded PostgreSQL
(the pgserver package) is started with its data in .pgdata/ of the checkout,
so a machine with only Python can run the archive and its tests.
"""

import os
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from archive.database import database_config, replica_config

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: str) -> int:
    value = os.getenv(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


DEBUG = envbool("DEBUG", "false")
SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and os.getenv("DJANGO_REQUIRE_SECRET_KEY"):
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    # Good enough for a laptop or a test run; production sets SECRET_KEY.
    SECRET_KEY = "insecure-development-key-set-SECRET_KEY-in-production"  # noqa: S105 (a placeholder, not a secret)

ALLOWED_HOSTS = [h.strip() for h in os.getenv("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.getenv("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served by the archive itself (no CDN)
    "axes",  # the admin's login, limited against password guessing
    "csp",  # the Content Security Policy header
    "speeches",
    # manage.py benchmark; measures the archive, holds no data of its own.
    "benchmark",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # 503 with Retry-After, not 500, while the database cannot be reached.
    "archive.middleware.DatabaseUnavailable",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it answers a locked-out login with its own page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "archive.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "archive.wsgi.application"

DATABASES = {"default": database_config(os.getenv("DATABASE_URL", ""), BASE_DIR / ".pgdata")}
DATABASES["default"]["CONN_MAX_AGE"] = envint("CONN_MAX_AGE", "60")
# A kept connection is checked before a request reuses it, so that a database restarted meanwhile
# costs no request a 500 (tests/project/test_database_restart.py).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A streaming replica of the primary, for the pages' reads (archive/routers.py).
if os.getenv("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = replica_config(os.environ["DATABASE_REPLICA_URL"])
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASE_ROUTERS = ["archive.routers.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Each web process keeps the pages it served last while the archive is unchanged
# (speeches.page_cache); several machines can share one cache instead.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": envint("PAGE_CACHE_ENTRIES", "300")},
    }
}
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", "600")

# The read-only JSON API (speeches.api). Anonymous clients are rate-limited per web process
# (the counts are kept in its own memory, CACHES above): API_ANON_RATE requests a minute.
API_ANON_RATE = os.getenv("API_ANON_RATE", "120/minute")
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "speeches.api.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": API_ANON_RATE},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "UNSC Archive API",
    "DESCRIPTION": (
        "Read-only JSON of the archive of UN Security Council statements: the statement search "
        "with the pages' parameters, meetings with their outcomes, delegations, resolutions and "
        f"vetoes. Anonymous clients may make {API_ANON_RATE.replace('/', ' requests a ')}; beyond "
        "it the API answers 429 with a Retry-After header."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

# The admin's login against password guessing (django-axes): after LOGIN_FAILURE_LIMIT failed
# logins from one client address, or for one username from anywhere, both are refused (429) for
# LOGIN_COOLOFF_MINUTES; a success clears the count. Attempts and lockouts are in the admin
# (Axes), and `manage.py axes_reset` lifts them all. Behind a proxy, PROXY_COUNT (the number of
# proxies in front that append to X-Forwarded-For) says which address is the client's.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_COOLOFF_MINUTES", "15"))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "archive.clients.client_address"
PROXY_COUNT = envint("PROXY_COUNT", "0")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Curators' uploads (media/imports/<import id>/). Never served: they are read by the import worker only.
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "media/"
# Limits on an upload in the admin, which is hostile until proven otherwise. The archive
# checks (speeches.parsing.sources) apply as well, with their own, larger limits.
IMPORT_UPLOAD_MAX_BYTES = envint("IMPORT_UPLOAD_MAX_BYTES", str(100 * 1024**2))
IMPORT_UPLOAD_MAX_ENTRIES = envint("IMPORT_UPLOAD_MAX_ENTRIES", "50000")
IMPORT_UPLOAD_MAX_UNPACKED_BYTES = envint("IMPORT_UPLOAD_MAX_UNPACKED_BYTES", str(1024**3))
# Speech files selected one by one in the upload form (Django's default is 100); more go in an archive.
DATA_UPLOAD_MAX_NUMBER_FILES = 1000

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if envbool("STATIC_MANIFEST", "false")
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

if not DEBUG:
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"
    SESSION_COOKIE_HTTPONLY = True

# The Content Security Policy (django-csp): scripts, styles, images, fonts and fetches from the
# archive's own origin only, no inline script or style anywhere (the browser tests check that no
# page breaks it), no plugins, no framing, forms posted to the archive only. SVG charts and the
# facets' bars use attributes, not style; Swagger UI's script is a file of its own (/api/?script).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# One switch for a deployment served over HTTPS (by a proxy or load balancer that terminates TLS
# and says so in X-Forwarded-Proto): HTTP redirected to HTTPS, HSTS, cookies sent over HTTPS only.
# `manage.py check --deploy` then gives no warning (CI checks it).
HTTPS = envbool("HTTPS", "false")
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # A year, as the HSTS preload list asks. HSTS_SUBDOMAINS=false / HSTS_PRELOAD=false for a
    # host whose parent domain has sites that do not speak HTTPS (check --deploy then says so).
    SECURE_HSTS_SECONDS = envint("HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("HSTS_SUBDOMAINS", "true")
    SECURE_HSTS_PRELOAD = envbool("HSTS_PRELOAD", "true")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # A load balancer's health check asks over plain HTTP, and must get the answer, not a redirect.
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
}
