"""One group per role (accounts.roles.GROUP_NAMES), so the admin can hand roles out."""

from django.db import migrations

# Copied, not imported: a migration must not change when the code does.
GROUP_NAMES = ["Counsellors", "Supervisors", "Clinicians", "Benefits", "Analysts", "Administrators"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in GROUP_NAMES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
