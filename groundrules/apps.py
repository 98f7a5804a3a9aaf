from django.apps import AppConfig


class GroundrulesConfig(AppConfig):
    name = "groundrules"
    verbose_name = "Ground rules"
