"""Everyone with a counsellor profile held the counsellor role implicitly; make it explicit:
access now follows the Counsellors group (accounts.roles), routing the profile."""

from django.db import migrations


def give_counsellors_the_role(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    CounsellorProfile = apps.get_model("admissions", "CounsellorProfile")
    counsellors, _ = Group.objects.get_or_create(name="Counsellors")
    for profile in CounsellorProfile.objects.filter(active=True).select_related("user"):
        profile.user.groups.add(counsellors)


class Migration(migrations.Migration):
    dependencies = [
        ("admissions", "0006_benefits_event_kinds"),
        ("accounts", "0001_role_groups"),
    ]

    operations = [migrations.RunPython(give_counsellors_the_role, migrations.RunPython.noop)]
