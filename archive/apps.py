"""The admin's words that come from other packages, in every interface language.

django-axes and django-tasks-db name their applications in English only ("Axes", "Tasks
Database Backend"); Django's way to rename an application is a subclass of its AppConfig
named in INSTALLED_APPS. The packages' other words are translatable, but django-axes and
django-simple-history ship no Belarusian (django-axes no Ukrainian, django-tasks-db nothing
at all), so the archive's catalogues carry the ones its admin shows, collected from the
list below.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_tasks_db.apps import TasksAppConfig


class AxesConfig(AxesAppConfig):
    verbose_name = _("Sign-in lock-out")


class TasksDatabaseConfig(TasksAppConfig):
    verbose_name = _("Background tasks")


# Looked up by the packages and by Django under exactly these words; listed here so that
# `make messages` collects them into the archive's catalogues.
OTHER_PACKAGES_WORDS = [
    # django-axes and django-tasks-db: their models, as the admin's index lists them.
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    # django-simple-history: the history of a record, and one past version of it.
    gettext_noop("Change history: %s"),
    gettext_noop("View history: %s"),
    gettext_noop(
        "Choose a date from the list below to revert to a previous version of this object."
    ),
    gettext_noop("This object doesn't have a change history."),
    gettext_noop("Created"),
    gettext_noop("Changed"),
    gettext_noop("Deleted"),
    gettext_noop("Revert %s"),
    gettext_noop("Revert %(verbose_name)s"),
    gettext_noop("View %(verbose_name)s"),
    gettext_noop("Press the 'Revert' button below to revert to this version of the object."),
    gettext_noop("Revert"),
    # Django's admin index: the column headings its Ukrainian catalogue lacks.
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    # Django's admin sentences with a model's name in them. Django's translations put the
    # name in as it is, in a sentence whose verb and pronouns agree with a masculine noun
    # ("Тема «…» был успешно добавлен"); the archive's are worded so that any name fits
    # ("Добавлено: тема «…»"). Titles and the add button take the name in the accusative
    # instead (articles.admin.common.AccusativeTitlesMixin).
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("You may edit it again below."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    gettext_noop("Cannot delete %(name)s"),
    gettext_noop(
        'Are you sure you want to delete the %(object_name)s "%(escaped_object)s"? All of the '
        "following related items will be deleted:"
    ),
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would require deleting the "
        "following protected related objects:"
    ),
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would result in deleting related "
        "objects, but your account doesn't have permission to delete the following types of "
        "objects:"
    ),
    gettext_noop("Successfully deleted %(count)d %(items)s."),
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("Add another %(model)s"),
    gettext_noop("Change selected %(model)s"),
    gettext_noop("View selected %(model)s"),
    gettext_noop("Delete selected %(model)s"),
]
