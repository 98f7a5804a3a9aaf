"""Settings package.

`base` is the settings module of every deployment (DJANGO_SETTINGS_MODULE=thinktank.settings.base,
the default of manage.py, the ASGI app and Celery); everything in it comes from environment
variables (see README, "Configuration"). `test` adjusts it for the test suite.
"""
