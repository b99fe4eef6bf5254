"""Reports of events with their original outlet (corroboration), and how precise a place is.

The plain event-article link becomes the EventReport model on the same table, so no row
moves; its history model is renamed, keeping the history. Events that already have
coordinates are taken to name a town (the precision an editor gave them so far).
"""

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

PLACE_PRECISION = models.CharField(
    blank=True,
    choices=[
        ("site", "Exact site"),
        ("locality", "Town or village"),
        ("region", "Region or area"),
        ("country", "Country only"),
    ],
    help_text=(
        "How much of the place is known. A site or town is drawn on the map as a pin at "
        "the coordinates, a region as an area around them, a country as the whole country "
        "(no coordinates needed). Leave empty when the place is unknown."
    ),
    max_length=10,
    verbose_name="place precision",
)
PLACE_RULE = (
    "Say how precise the place is: a site, town or region needs its latitude and longitude, "
    "a country-only place needs its country, and coordinates need a precision."
)
ORIGINAL_OUTLET_HELP = (
    "Only when this article relays another outlet's reporting of the event (it republishes "
    "it, or only cites it): that outlet. The event then counts the report once, as that "
    "outlet's. Leave empty when the article's publisher reported it."
)


def located_events_name_a_town(apps, schema_editor):
    Event = apps.get_model("articles", "Event")
    Event.objects.filter(latitude__isnull=False, longitude__isnull=False).update(
        place_precision="locality"
    )


def editors_edit_reports(apps, schema_editor):
    """Editors link articles to events (and unlink them), as they did on the plain link."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_eventreport" for action in ("view", "add", "change", "delete")]
    permissions = Permission.objects.filter(
        content_type__app_label="articles", codename__in=codenames
    )
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_text_form_url_keys_date_periods")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="EventReport",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("article", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="event_reports", to="articles.article")),
                        ("event", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="reports", to="articles.event")),
                    ],
                    options={
                        "verbose_name": "report of an event",
                        "verbose_name_plural": "reports of events",
                        "db_table": "articles_event_articles",
                        "unique_together": {("event", "article")},
                    },
                ),
                migrations.AlterField(
                    model_name="event",
                    name="articles",
                    field=models.ManyToManyField(blank=True, related_name="events", through="articles.EventReport", to="articles.article"),
                ),
            ],
        ),
        migrations.AddField(
            model_name="eventreport",
            name="original_outlet",
            field=models.ForeignKey(blank=True, help_text=ORIGINAL_OUTLET_HELP, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="relayed_reports", to="articles.source", verbose_name="original outlet"),
        ),
        migrations.RenameModel("HistoricalEvent_articles", "HistoricalEventReport"),
        migrations.AlterModelOptions(
            name="historicaleventreport", options={"verbose_name": "HistoricalEventReport"}
        ),
        migrations.AlterField(
            model_name="historicaleventreport",
            name="article",
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="articles.article"),
        ),
        migrations.AlterField(
            model_name="historicaleventreport",
            name="event",
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="articles.event"),
        ),
        migrations.AddField(
            model_name="historicaleventreport",
            name="original_outlet",
            field=models.ForeignKey(blank=True, db_constraint=False, help_text=ORIGINAL_OUTLET_HELP, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="articles.source", verbose_name="original outlet"),
        ),
        migrations.AddField(model_name="event", name="place_precision", field=PLACE_PRECISION),
        migrations.AddField(model_name="historicalevent", name="place_precision", field=PLACE_PRECISION),
        migrations.RunPython(located_events_name_a_town, migrations.RunPython.noop),
        migrations.RunPython(editors_edit_reports, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="event",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("place_precision__in", ["site", "locality", "region"]), ("latitude__isnull", False), ("longitude__isnull", False)),
                    models.Q(("place_precision", "country"), models.Q(("country", ""), _negated=True)),
                    models.Q(("place_precision", ""), ("latitude__isnull", True), ("longitude__isnull", True)),
                    _connector="OR",
                ),
                name="event_place_precision_matches",
                violation_error_message=PLACE_RULE,
            ),
        ),
    ]
