"""Settings for the test suite: real PostgreSQL and Redis on this machine, mail kept in memory."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/thinktank")

from .base import *  # noqa: E402,F401,F403
from .base import env  # noqa: E402

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
# Tests sign in many times; the rate-limit test turns them back on (TEST_RATE_LIMITS=1 for servers).
if not env.bool("TEST_RATE_LIMITS", default=False):
    ACCOUNT_RATE_LIMITS = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

# Tests that need Redis (channel layer across processes, a real Celery worker) switch to it explicitly.
TEST_REDIS_URL = env.str("TEST_REDIS_URL", default="redis://127.0.0.1:6379/15")
STATIC_ROOT = None  # nothing is collected for tests; the finders serve static files
WHITENOISE_USE_FINDERS = True
