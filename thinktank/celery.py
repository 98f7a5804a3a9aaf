"""The Celery app. Tasks are discovered in every installed app's tasks.py.

With REDIS_URL unset, tasks run inline (CELERY_TASK_ALWAYS_EAGER). Enqueue with
`task.delay_on_commit(...)` so nothing is sent for a change that was rolled back.
"""

import os

from celery import Celery
from celery.signals import beat_init, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thinktank.settings.base")

app = Celery("thinktank")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
@beat_init.connect
def _require_secret_key(**kwargs) -> None:
    from .startup import require_secret_key

    require_secret_key()
