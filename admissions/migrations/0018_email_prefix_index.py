"""A B-tree index for finding a lead by the start of its email address (PostgreSQL only).

The queue's search looks a typed email address up by its start, folded like every search
(``doorway_fold(email) LIKE 'JOSE@%'``, see migration 0010): this index, on that expression
with the pattern operator class, answers it in a few page reads, whatever the database's
collation. SQLite (the
demo) searches small tables anyway: there the migration does nothing.
"""

from django.db import migrations

NAME = "lead_email_prefix_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NAME} "
        "ON admissions_lead (doorway_fold(email) text_pattern_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("admissions", "0017_dashboard_counts_index"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
