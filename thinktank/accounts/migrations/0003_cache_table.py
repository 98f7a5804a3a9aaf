"""The database cache's table (settings.CACHES), so `migrate` alone prepares every machine: the
login rate limits are counted there, shared by every server process."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_reminders_opt_out")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
