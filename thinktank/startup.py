"""Checks the server processes (ASGI app, Celery worker and beat) make before they start serving."""

from django.core.exceptions import ImproperlyConfigured


def require_secret_key() -> None:
    """Without DEBUG there is no default SECRET_KEY: refuse to serve rather than sign with nothing."""
    from django.conf import settings

    try:
        settings.SECRET_KEY  # noqa: B018  (Django raises on an empty one)
    except ImproperlyConfigured:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.") from None
