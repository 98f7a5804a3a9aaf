from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "thinktank.mail"
    label = "mail"
    verbose_name = "Outgoing email"
