"""The Celery app. Tasks are discovered in every installed app's tasks.py.

With REDIS_URL unset, tasks run inline (CELERY_TASK_ALWAYS_EAGER). Enqueue with
`task.delay_on_commit(...)` so nothing is sent for a change that was rolled back.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thinktank.settings.base")

app = Celery("thinktank")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
