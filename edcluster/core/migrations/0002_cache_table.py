"""Create the database cache table (login throttling lives there) so every fresh database,
including each test database, has it without a separate createcachetable step."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor) -> None:
    schema_editor.execute("DROP TABLE IF EXISTS edcluster_cache")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
