from django.apps import AppConfig
from django.db.models.signals import pre_save


class AccountsConfig(AppConfig):
    name = "thinktank.accounts"
    label = "accounts"
    verbose_name = "Accounts and companies"

    def ready(self):
        from thinktank.text import clean_model_text

        # Every text field of ThinkTank's own models, whatever door it came through.
        pre_save.connect(clean_model_text, dispatch_uid="thinktank.clean_model_text")
