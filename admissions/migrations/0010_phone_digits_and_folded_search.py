"""Search by phone digits in any format, and by name or email without accents or case.

``phone_digits`` holds the digits of ``phone`` (filled in here for the leads already stored).
On PostgreSQL, ``doorway_fold(text)`` is ``upper(unaccent(text))`` declared IMMUTABLE (unaccent
itself is only STABLE, which an index may not use), and trigram indexes on it and on
``phone_digits`` answer the queue's "contains" searches. They replace migration 0004's indexes
on ``UPPER(...)`` and on ``phone``, which no query uses any more. Built CONCURRENTLY, as in 0004,
so a deploy never blocks new leads. unaccent, like pg_trgm, is a trusted extension.
"""

from django.db import migrations, models

FOLD_FUNCTION = """
CREATE OR REPLACE FUNCTION doorway_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT upper(public.unaccent('public.unaccent'::regdictionary, $1)) $$
"""

INDEXES = {
    "lead_first_name_fold_trgm": "(doorway_fold(first_name) gin_trgm_ops)",
    "lead_last_name_fold_trgm": "(doorway_fold(last_name) gin_trgm_ops)",
    "lead_email_fold_trgm": "(doorway_fold(email) gin_trgm_ops)",
    "lead_phone_digits_trgm": "(phone_digits gin_trgm_ops)",
}
REPLACED = ("lead_first_name_trgm", "lead_last_name_trgm", "lead_email_trgm", "lead_phone_trgm")


def fill_phone_digits(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "UPDATE admissions_lead SET phone_digits = regexp_replace(phone, '[^0-9]', '', 'g') "
            "WHERE phone <> ''"
        )
        return
    Lead = apps.get_model("admissions", "Lead")
    for lead in Lead.objects.exclude(phone="").only("pk", "phone").iterator():
        digits = "".join(ch for ch in lead.phone if ch.isascii() and ch.isdigit())
        Lead.objects.filter(pk=lead.pk).update(phone_digits=digits)


def _is_invalid(schema_editor, name):
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
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute(FOLD_FUNCTION)
    for name, expression in INDEXES.items():
        if _is_invalid(schema_editor, name):
            schema_editor.execute(f"DROP INDEX CONCURRENTLY {name}")
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} "
            f"ON admissions_lead USING gin {expression}"
        )
    for name in REPLACED:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("admissions", "0009_submission_key_and_heartbeats"),
    ]

    operations = [
        migrations.AddField(
            model_name="lead",
            name="phone_digits",
            field=models.CharField(blank=True, default="", editable=False, max_length=32),
        ),
        migrations.RunPython(fill_phone_digits, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
