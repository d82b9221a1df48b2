"""Trigram indexes for the queue's search by name, email and phone (PostgreSQL only).

Staff search with "contains" (any part of a name, an email or a phone number's digits), which a
B-tree index cannot answer: at 100,000 leads every search read the whole table (200-600 ms).
pg_trgm's GIN indexes answer it directly. The expressions match the SQL Django writes for
``icontains`` (``UPPER(col::text) LIKE UPPER(...)``) and ``contains`` (``col::text LIKE ...``).

The indexes are built CONCURRENTLY, so a deploy on a busy database never blocks new leads while
they build; that needs a migration outside a transaction. SQLite (the demo) has no pg_trgm and
searches small tables anyway: there the migration does nothing. pg_trgm is a trusted extension,
so the database's owner may create it.
"""

from django.db import migrations

INDEXES = {
    "lead_first_name_trgm": "(UPPER(first_name::text) gin_trgm_ops)",
    "lead_last_name_trgm": "(UPPER(last_name::text) gin_trgm_ops)",
    "lead_email_trgm": "(UPPER(email::text) gin_trgm_ops)",
    "lead_phone_trgm": "(phone gin_trgm_ops)",
}


def _is_invalid(schema_editor, name):
    """True when an earlier concurrent build of ``name`` failed half-way (PostgreSQL keeps such
    an index, marked invalid, and IF NOT EXISTS would then keep it unusable for good)."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT NOT indisvalid FROM pg_index WHERE indexrelid = to_regclass(%s)", [name]
        )
        row = cursor.fetchone()
    return bool(row and row[0])


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in INDEXES.items():
        if _is_invalid(schema_editor, name):
            schema_editor.execute(f"DROP INDEX CONCURRENTLY {name}")
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} "
            f"ON admissions_lead USING gin {expression}"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("admissions", "0003_open_queue_index"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
