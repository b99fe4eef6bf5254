import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client


@pytest.fixture
def seeded(db):
    """The seed archive: the three articles of shared/seeds with their actors and events."""
    call_command("seed", verbosity=0)


@pytest.fixture
def reader():
    """An anonymous visitor's browser."""
    return Client()


@pytest.fixture
def editor_user(db):
    """A staff user in the Editors group, as create_editor makes them."""
    user = User.objects.create_user("eddie", password="correct horse battery", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor(editor_user):
    """A browser logged in as an editor."""
    client = Client()
    client.force_login(editor_user)
    return client
