"""Configuration comes from environment variables (CONTRACTS.md section 5)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "debug": settings.DEBUG,
    "db_engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "channel_layer": settings.CHANNEL_LAYERS["default"]["BACKEND"],
    "celery_eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "broker": settings.CELERY_BROKER_URL,
    "email_backend": settings.EMAIL_BACKEND,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "allowed_hosts": settings.ALLOWED_HOSTS,
    "verification": settings.ACCOUNT_EMAIL_VERIFICATION,
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "hsts": settings.SECURE_HSTS_SECONDS,
    "conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
    "cache": settings.CACHES["default"]["BACKEND"],
}))
"""
VARIABLES = [
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "CONN_MAX_AGE",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
]
PRODUCTION = {
    "SECRET_KEY": "k" * 20 + "-production-like-secret-key-of-fifty-plus-characters",
    "DATABASE_URL": "postgres://tt:pw@db:5432/thinktank",
    "REDIS_URL": "redis://cache:6379/0",
    "EMAIL_URL": "smtp://mailpit:1025",
    "ALLOWED_HOSTS": "thinktank.example",
}


def _settings_with(**variables) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    env.update(variables, DJANGO_SETTINGS_MODULE="thinktank.settings.base")
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def _settings(**variables) -> dict:
    result = _settings_with(**variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_embedded_defaults_need_no_services():
    settings = _settings(DEBUG="1")
    assert settings["debug"] is True
    assert settings["db_engine"] == "django.db.backends.sqlite3"
    assert settings["channel_layer"] == "channels.layers.InMemoryChannelLayer"
    assert settings["celery_eager"] is True
    assert settings["email_backend"] == "django.core.mail.backends.console.EmailBackend"
    assert settings["ssl_redirect"] is False
    assert settings["verification"] == "optional"


def test_production_variables_switch_to_postgres_redis_and_smtp():
    settings = _settings(
        SECRET_KEY="s3cret",
        DATABASE_URL="postgres://tt:pw@db:5432/thinktank",
        REDIS_URL="redis://cache:6379/0",
        EMAIL_URL="smtp://mailpit:1025",
        ALLOWED_HOSTS="thinktank.example,www.thinktank.example",
    )
    assert settings["debug"] is False
    assert settings["db_engine"] == "django.db.backends.postgresql"
    assert settings["db_name"] == "thinktank"
    assert settings["channel_layer"] == "channels_redis.core.RedisChannelLayer"
    assert settings["celery_eager"] is False
    assert settings["broker"] == "redis://cache:6379/0"
    assert settings["email_backend"] == "django.core.mail.backends.smtp.EmailBackend"
    assert settings["ssl_redirect"] is True
    assert settings["allowed_hosts"] == ["thinktank.example", "www.thinktank.example"]
    assert settings["verification"] == "mandatory"


def test_ssl_redirect_can_be_turned_off_behind_a_proxy_and_cookies_stay_secure():
    settings = _settings(SECRET_KEY="s3cret", SECURE_SSL_REDIRECT="0")
    assert settings["ssl_redirect"] is False
    assert settings["session_cookie_secure"] is True and settings["csrf_cookie_secure"] is True


def test_production_has_hsts_no_persistent_connections_and_a_shared_cache():
    settings = _settings(**PRODUCTION)
    assert settings["hsts"] >= 31_536_000
    assert settings["conn_max_age"] == 0  # under ASGI, kept connections pile up one per request thread
    assert settings["cache"] == "django.core.cache.backends.db.DatabaseCache"
    assert _settings(**PRODUCTION, SECURE_HSTS_SECONDS="3600")["hsts"] == 3600


def test_the_deployment_check_passes_with_production_settings():
    env = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    env.update(PRODUCTION, DJANGO_SETTINGS_MODULE="thinktank.settings.base")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _run_without_secret(code: list[str], stdin: str = "") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    env["DJANGO_SETTINGS_MODULE"] = "thinktank.settings.base"
    return subprocess.run(code, cwd=ROOT, env=env, input=stdin, capture_output=True, text=True, timeout=60)


def test_the_server_refuses_to_start_without_secret_key_when_debug_is_off():
    result = _run_without_secret([sys.executable, "-c", "import thinktank.asgi"])
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_commands_that_need_no_secret_run_without_one():
    result = _run_without_secret(
        [sys.executable, "manage.py", "check_groundrules"], stdin='{"text": "hi all"}\n'
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == '{"text": "hi all", "held": false, "rules": []}'


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
