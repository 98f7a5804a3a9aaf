from django.apps import AppConfig


class SessionsConfig(AppConfig):
    name = "sessions"
    # Django's own django.contrib.sessions owns the label "sessions".
    label = "thinktank_sessions"
    verbose_name = "Think-tank sessions"

    def ready(self):
        from . import checks, signals  # noqa: F401  (registers the checks, connects the receivers)
