"""The two roles of DESIGN.md as Django groups."""

from django.db import migrations

GROUPS = ("Recruiters", "Hiring managers")


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in GROUPS:
        Group.objects.get_or_create(name=name)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("evaluations", "0002_rubric_content"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
