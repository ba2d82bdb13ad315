from django.db import migrations

CODES = ["everyone", "children", "young_people", "families", "seniors", "multipliers", "associations", "professionals"]


def add_target_groups(apps, schema_editor):
    TargetGroup = apps.get_model("events", "TargetGroup")
    for code in CODES:
        TargetGroup.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    # core first: the page cache counts this data change in core_contentversion.
    dependencies = [("events", "0001_initial"), ("core", "0001_content_version")]

    operations = [migrations.RunPython(add_target_groups, migrations.RunPython.noop)]
