"""Create the "Clinicians" and "Viewers" groups with the admin permissions of each role.

The permission lists are frozen here (a migration must not follow later code changes);
clinic/roles.py holds the same lists for re-creating a group after a database flush.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READ = (
    ("exams", "view_patient"),
    ("exams", "view_exam"),
    ("decisions", "view_decisionrecord"),
)
GROUPS = {
    "Clinicians": (*READ, ("exams", "add_exam"), ("exams", "change_exam")),
    "Viewers": READ,
}


def create_role_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in codenames
        ]
        group.permissions.set(permissions)


def remove_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(GROUPS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("clinic", "0001_initial"),
        ("exams", "0001_initial"),
        ("decisions", "0002_initial"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
