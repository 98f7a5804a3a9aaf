"""ThinkTank settings, read from the environment through django-environ.

Embedded defaults (no variable set, DEBUG=1): SQLite, in-memory channel layer, Celery tasks run
inline, email printed to the console. Production: set DATABASE_URL, REDIS_URL, EMAIL_URL,
SECRET_KEY and ALLOWED_HOSTS.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

_DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-never-use-in-production"
# Without DEBUG there is no default: the servers refuse to start without one (thinktank.asgi and the
# Celery processes call thinktank.startup.require_secret_key), and Django refuses to sign anything. Commands that need
# no secret (migrate, collectstatic, check_groundrules, makemigrations --check) still run.
SECRET_KEY = env.str("SECRET_KEY", default=_DEVELOPMENT_SECRET_KEY if DEBUG else "")


ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "channels",
    "allauth",
    "allauth.account",
    "csp",
    "bootstrap",  # django-bootstrap-static: Bootstrap's CSS as a pip package, never copied in
    "thinktank.accounts",
    "thinktank.mail",
    "groundrules",
    "sessions.apps.SessionsConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "thinktank.urls"
WSGI_APPLICATION = None
ASGI_APPLICATION = "thinktank.asgi.application"

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

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# No persistent connections: under ASGI every request runs in a thread of its own, so a connection
# kept for reuse is one per request thread, never reused, and about 100 requests exhausted
# PostgreSQL's max_connections (Django's advice for ASGI). Pool in front of the database instead
# (docs/deploy.md); CONN_MAX_AGE stays settable for a pooler that wants it.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The live room's websockets use this many database threads per server process, each with one kept
# connection (sessions/room_db.py): budget max_connections for it (docs/deploy.md).
ROOM_DB_THREADS = env.int("ROOM_DB_THREADS", default=8)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# --- django-allauth (65.x setting names) ---
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "thinktank.accounts.forms.SignupNameForm"
ACCOUNT_ADAPTER = "thinktank.accounts.adapters.AccountAdapter"
ACCOUNT_EMAIL_VERIFICATION = env.str(
    "ACCOUNT_EMAIL_VERIFICATION", default="optional" if DEBUG else "mandatory"
)
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Invited executives need no password: they can sign in with a code sent to their email.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[ThinkTank] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
LOGIN_REDIRECT_URL = "sessions:mine"
LOGIN_URL = "account_login"

# --- Email ---
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)  # seconds: a silent SMTP server cannot hold a worker
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="ThinkTank <thinktank@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Redis: channel layer and Celery broker, or in-process stand-ins when unset ---
REDIS_URL = env.str("REDIS_URL", default="")
# channels_redis waits for a room's next message with a 5 s BRPOP. The Redis client's socket timeout
# must be longer, or every socket of a room quiet for 5 s dies with a TimeoutError (redis-py 8 made
# 5 s its default). Keep-alives and health checks find a half-open connection instead.
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=30.0)
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "socket_timeout": REDIS_SOCKET_TIMEOUT,
                        "socket_connect_timeout": 5,
                        "socket_keepalive": True,
                        "health_check_interval": 15,
                    }
                ]
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
# Several deployments (or test runs) can share one Redis by using queues of their own.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
# Every task is done in seconds; one that hangs (an SMTP server that never answers) is stopped. The
# outbox counts a send claimed longer ago than the hard limit as a dead worker's, and sends it again.
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=90)
CELERY_BEAT_SCHEDULE: dict = {"outbox-sweep": {"task": "thinktank.mail.tasks.outbox_sweep", "schedule": 60.0}}

# --- Cache: shared by every server process (login rate limits must hold across them) ---
# The database, not Redis: a Redis outage then cannot stop people signing in, and the embedded
# defaults need nothing more. Only rate-limit counters live here; `migrate` creates the table.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "thinktank_cache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}

# --- Internationalisation ---
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files, served by whitenoise ---
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}


# --- Security ---
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Production is HTTPS whether TLS ends here or at a proxy (SECURE_SSL_REDIRECT=0): cookies are
# secure unless DEBUG, or unless turned off for a plain-HTTP setup on purpose.
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
if not SECURE_HSTS_PRELOAD:
    # Joining the browsers' preload lists is a commitment an operator makes on purpose, not a default.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Strict Content-Security-Policy: no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # fontTools logs every glyph subset of every PDF at INFO.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# --- ThinkTank ---
# Where the PDFs' Unicode fonts are looked for (sessions/exports/fonts.py): DejaVu Sans or another text
# face, and Noto Sans CJK (Debian: fonts-dejavu-core, fonts-noto-cjk).
PDF_FONT_DIRS = env.list("PDF_FONT_DIRS", default=["/usr/share/fonts", "/usr/local/share/fonts"])
INVITATION_MAX_AGE_DAYS = env.int("INVITATION_MAX_AGE_DAYS", default=14)
DEMO_PASSWORD = "thinktank-demo"

# Periodic work for Celery beat (in addition to the outbox sweep above).
CELERY_BEAT_SCHEDULE["agenda-reminders"] = {
    "task": "sessions.tasks.send_agenda_reminders",
    "schedule": 15 * 60,
}
CELERY_BEAT_SCHEDULE["action-reminders"] = {
    "task": "sessions.tasks.send_action_reminders",
    "schedule": 60 * 60,
}
# Reminders go out this many days before an action item is due (and once when it is overdue).
ACTION_REMINDER_DAYS_BEFORE = env.int("ACTION_REMINDER_DAYS_BEFORE", default=2)
# A closed session's content is deleted this many days after it closed, unless counsel put it under a
# legal hold (0: kept forever). Beat checks daily.
RETENTION_DAYS = env.int("RETENTION_DAYS", default=0)
CELERY_BEAT_SCHEDULE["retention"] = {"task": "sessions.tasks.apply_retention", "schedule": 24 * 60 * 60}
