from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "thinktank.accounts"
    label = "accounts"
    verbose_name = "Accounts and companies"
