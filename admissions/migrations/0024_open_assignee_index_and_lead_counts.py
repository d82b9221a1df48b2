"""Routing's open-lead counts from an index; the dashboard's counts kept by the database.

1. ``lead_open_assignee_idx``: each counsellor's open leads, which routing counts for every new
   lead. Without it the count visited every open lead's row (at a million leads, 20,000 random
   page reads per routed lead).
2. ``lead_awaiting_contact_idx``: the dashboard's overdue count (new leads nobody has reached,
   past their priority's deadline) from the index alone, without reading those leads' rows.
3. ``LeadCount`` and the triggers that keep it (PostgreSQL only; see ``admissions.lead_counts``):
   inserts and deletes are counted once per statement, from their transition tables, so a COPY
   or a bulk import of thousands of leads adds one row per combination; an update is counted
   only when it changes status, level, priority or source, which most updates (routing, a
   claim, a note) do not. The counts start from the leads there are, counted in the same
   transaction that creates the triggers (which holds off writes to the lead table until it
   commits), so no change is missed or counted twice. SQLite (the demo) counts its leads
   directly: there the triggers are not made.
"""

from django.db import migrations, models

FUNCTIONS = {
    "admissions_lead_counts_added": """
        BEGIN
            INSERT INTO admissions_leadcount (status, level, priority, source, leads)
            SELECT status, level, priority, source, COUNT(*) FROM added_leads
            GROUP BY status, level, priority, source;
            RETURN NULL;
        END
    """,
    "admissions_lead_counts_removed": """
        BEGIN
            INSERT INTO admissions_leadcount (status, level, priority, source, leads)
            SELECT status, level, priority, source, -COUNT(*) FROM removed_leads
            GROUP BY status, level, priority, source;
            RETURN NULL;
        END
    """,
    "admissions_lead_counts_changed": """
        BEGIN
            INSERT INTO admissions_leadcount (status, level, priority, source, leads) VALUES
                (OLD.status, OLD.level, OLD.priority, OLD.source, -1),
                (NEW.status, NEW.level, NEW.priority, NEW.source, 1);
            RETURN NULL;
        END
    """,
}

TRIGGERS = {
    "lead_counts_insert": (
        "AFTER INSERT ON admissions_lead REFERENCING NEW TABLE AS added_leads "
        "FOR EACH STATEMENT EXECUTE FUNCTION admissions_lead_counts_added()"
    ),
    "lead_counts_delete": (
        "AFTER DELETE ON admissions_lead REFERENCING OLD TABLE AS removed_leads "
        "FOR EACH STATEMENT EXECUTE FUNCTION admissions_lead_counts_removed()"
    ),
    "lead_counts_update": (
        "AFTER UPDATE OF status, level, priority, source ON admissions_lead FOR EACH ROW "
        "WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.level IS DISTINCT FROM NEW.level "
        "OR OLD.priority IS DISTINCT FROM NEW.priority OR OLD.source IS DISTINCT FROM NEW.source) "
        "EXECUTE FUNCTION admissions_lead_counts_changed()"
    ),
}


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, body in FUNCTIONS.items():
        schema_editor.execute(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $${body}$$"
        )
    for name, definition in TRIGGERS.items():
        schema_editor.execute(f"CREATE TRIGGER {name} {definition}")
    schema_editor.execute(
        "INSERT INTO admissions_leadcount (status, level, priority, source, leads) "
        "SELECT status, level, priority, source, COUNT(*) FROM admissions_lead "
        "GROUP BY status, level, priority, source"
    )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON admissions_lead")
    for name in FUNCTIONS:
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")


class Migration(migrations.Migration):
    dependencies = [
        ("admissions", "0023_contact_corrections"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="lead",
            index=models.Index(
                condition=models.Q(("status__in", ("new", "contacted", "assessment_scheduled"))),
                fields=["assigned_to"],
                name="lead_open_assignee_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="lead",
            index=models.Index(
                condition=models.Q(("first_contact_at__isnull", True), ("status", "new")),
                fields=["priority", "created_at"],
                name="lead_awaiting_contact_idx",
            ),
        ),
        migrations.CreateModel(
            name="LeadCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("status", models.CharField(max_length=24)),
                ("level", models.CharField(max_length=12)),
                ("priority", models.CharField(max_length=6)),
                ("source", models.CharField(max_length=10)),
                ("leads", models.IntegerField()),
            ],
        ),
        migrations.RunPython(create_triggers, drop_triggers, elidable=False),
    ]
