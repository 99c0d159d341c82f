"""Settings shared by every environment. Secrets and hosts come from the environment only."""

import datetime
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_EVAL, UNSAFE_INLINE

SITE_DIR = Path(__file__).resolve().parent.parent.parent
BASE_DIR = SITE_DIR.parent

DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "core",
    "practice",
    "resources",
    "notifications",
    "authorities",
    "fidelity",
    "cohorts",
    "official_statistics",
    "outcomes",
    "accounts",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "axes",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "formtools",
    "csp",
    "rest_framework",
    "drf_spectacular",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Early, so that static files and every refusal get the Permissions-Policy header too.
    "core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session is read: anonymous visitors' public pages are served from the cache
    # (core.page_cache), and it stores what every middleware below has made of a response.
    "core.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Right after the user is known, so that every response to a signed-in person, including
    # those made by the middleware below, is marked no-store.
    "core.middleware.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.session_limits.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the "try again after" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Two-factor authentication (accounts.two_factor): django-otp's authenticator-app (TOTP) and
# recovery-code (static) devices. OTPMiddleware marks a session verified; accounts' middleware
# then sends a signed-in person who must verify (or set up) two-factor to do so first.
INSTALLED_APPS += [
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]
# After the session limits: an expired session is signed out, not asked for a code.
_AFTER_SESSION_LIMITS = MIDDLEWARE.index("core.session_limits.SessionLimitsMiddleware") + 1
MIDDLEWARE[_AFTER_SESSION_LIMITS:_AFTER_SESSION_LIMITS] = [
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
]
# Off here and in the demo and tests; production turns it on (settings/production.py).
TWO_FACTOR_REQUIRED = False
OTP_TOTP_ISSUER = "Family Safeguarding adoption kit"

# SQLite is the embedded default; DATABASE_URL=postgres://... selects PostgreSQL.
# WAL and immediate transactions stop "database is locked" under a threaded server.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    "transaction_mode": "IMMEDIATE",
}
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "core.password_validation.RepeatedPatternValidator"},
    {"NAME": "core.password_validation.ServiceNameValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "node_modules" / "govuk-frontend" / "dist"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
STORAGES = {
    # Images under MEDIA_ROOT, served at MEDIA_URL; Wagtail's documents under PRIVATE_MEDIA_ROOT
    # with no URL, so that only the document view, which applies collection privacy, sends them.
    "default": {
        "BACKEND": "core.storage.MediaStorage",
        "OPTIONS": {"private_location": PRIVATE_MEDIA_ROOT, "private_prefixes": ["documents/"]},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # Councils' evidence files: outside MEDIA_ROOT, with no URL, served only by a scoped view.
    "evidence": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
}
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024

# How long councils' evidence files and local-return notes are kept, in whole years after their
# round was last worked on or their quarter ended (the rules: fidelity.retention and
# outcomes.retention). `manage.py apply_retention --apply` deletes what is older.
RETENTION_YEARS = os.environ.get("RETENTION_YEARS", "3").strip()
if not RETENTION_YEARS.isdigit() or int(RETENTION_YEARS) < 1:
    raise ImproperlyConfigured(
        f"RETENTION_YEARS must be a whole number of years, 1 or more, not {RETENTION_YEARS!r}."
    )
RETENTION_YEARS = int(RETENTION_YEARS)
# Where people write about their personal data (the privacy notice shows it). Empty: the notice
# sends them to the programme team through the feedback form.
PRIVACY_CONTACT_EMAIL = os.environ.get("PRIVACY_CONTACT_EMAIL", "")

# Room for every public page (core.page_cache) beside the navigation and the charts.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}
# Anonymous visitors' public pages come from the cache for this long at most (core.page_cache);
# any change to what they show empties it at once. 0 turns the page cache off.
PAGE_CACHE_SECONDS = 24 * 60 * 60
# Render the public pages into the cache after each change (core.page_cache.schedule_warming).
# Only worth it where every process shares the cache (Redis, production): with this local-memory
# cache it would fill only the cache of the process that warms, after making an editor wait.
PAGE_CACHE_WARMING = False

LOGIN_URL = "/accounts/login/"
# Private pages and documents send visitors to the site's own sign-in, not Wagtail's.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
LOGIN_REDIRECT_URL = "accounts:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # the emails say 3 days
LOGOUT_REDIRECT_URL = "/"

# Sessions (core.session_limits): signed out 12 hours after signing in, or after 2 hours without
# a request. The cookie lives as long as the longest session, so the middleware sees an ended
# session and can say why it ended.
SESSION_MAX_AGE_SECONDS = 12 * 60 * 60
SESSION_IDLE_SECONDS = 2 * 60 * 60
SESSION_COOKIE_AGE = SESSION_MAX_AGE_SECONDS

# Password guessing (django-axes). The axes backend refuses a sign-in while its account or its
# address is locked, then Django's backend checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# 5 failures with no 15-minute gap between them lock the username, and separately the address they
# came from, for 15 minutes after the last counted failure: 20 guesses an hour at most against
# an account, and from an address, whichever of the two is varied.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
# Attempts while locked are refused without restarting the wait, so "try again after" holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "core.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "core.lockout.client_ip_address"
# Only failed attempts are kept, and only until their cool-off ends (core.lockout): no log of
# successful sign-ins, no permanent failure log.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# The number of proxies in front of the application that each add the address they were
# reached from to X-Forwarded-For: the client is that many entries from its right. 0 (no
# proxy) takes the connection's own address; a count higher than the real one would let clients
# choose their address. Production defaults to 1 (settings/production.py).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# One password change and one reset, the site's (/account/password/, /accounts/password-reset/):
# they count wrong current passwords towards the lockout and end it on a reset, which Wagtail's
# own forms would not. The admin's account menu links to the site's page.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False

WAGTAIL_SITE_NAME = "Family Safeguarding adoption kit"
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no third-party requests carrying editors' email hashes
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]

# Content Security Policy for the public site; core.middleware gives the admin its own. No nonce:
# cached pages are the same for every visitor, so every script is a file (core/static/core/js).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
WAGTAIL_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE, UNSAFE_EVAL],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# Browser features the site never uses, turned off for it and anything it frames
# (core.middleware.PermissionsPolicyMiddleware): feature -> origins allowed, () for none.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "browsing-topics": [],
    "camera": [],
    "display-capture": [],
    "encrypted-media": [],
    "fullscreen": ["self"],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "idle-detection": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "picture-in-picture": [],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Messages travel in the session, so the site sets no cookie beyond those on /cookies/.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Charts are cached by a hash of their input, so a long lifetime is safe.
CHART_CACHE_SECONDS = 7 * 24 * 3600

# The reviewers' read-only API (cohorts.api): JSON only, a reviewer's token, no session.
# Wagtail's admin API is DRF too: the reviewer API sets its own authentication, permissions
# and renderers on its views (cohorts.api), so nothing here changes the admin's.
REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
SPECTACULAR_SETTINGS = {
    "TITLE": "Family Safeguarding adoption kit API",
    "VERSION": "1",
    "DESCRIPTION": (
        "A read-only API for reviewers: the cohorts assigned to you, their councils, the "
        "councils' submitted assessments with scores, and their milestone plans. Each reviewer "
        "creates their own tokens at /review/tokens/ and sends one as "
        "`Authorization: Bearer <token>`; a revoked token is refused."
    ),
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["cohorts.api.reviewer_api_only"],
    # The schema itself is public: it describes the endpoints and holds no council data.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
}

CONTENT_DIR = BASE_DIR / "content"
# Official statistics (DfE open data, OGL v3.0) kept beside the repository, never inside it.
DFE_DATA_DIR = Path(os.environ.get("DFE_DATA_DIR", BASE_DIR.parent / "shared" / "data" / "dfe"))
DEMO_FIXTURES = BASE_DIR / "fixtures" / "demo.yaml"
# Demo logins exist only where a settings module turns this on (dev and test, never production).
DEMO_DATA_ALLOWED = False
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "family-safeguarding-demo")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Email goes out from django-tasks tasks. The demo and tests run them at once; production runs
# them on a worker (settings/production.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@localhost")

# GOV.UK Notify (notifications.email_backends.NotifyEmailBackend), when chosen.
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
NOTIFY_EMAIL_TEMPLATE_ID = os.environ.get("NOTIFY_EMAIL_TEMPLATE_ID", "")
NOTIFY_BASE_URL = os.environ.get("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
