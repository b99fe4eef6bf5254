"""The Editors group: view, add and change every archive model; nothing on users or groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ARCHIVE_MODELS = ["source", "topic", "actor", "alias", "article", "mention", "event", "eventactor"]


def create_editors(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now so the group can get them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    codenames = [f"{action}_{model}" for model in ARCHIVE_MODELS for action in ("view", "add", "change")]
    codenames += ["delete_alias", "delete_mention", "delete_eventactor"]
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
    )


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_postgres_search_indexes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_editors, remove_editors)]
