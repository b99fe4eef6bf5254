"""Editors capture pages (add and view captures) and see the snapshots they keep."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["add_capture", "view_capture", "view_snapshot"]


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now so the group can get them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="capture", codename__in=CODENAMES)
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="capture", codename__in=CODENAMES)
    for group in Group.objects.filter(name="Editors"):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("capture", "0001_initial"),
        ("articles", "0003_editors_group"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
