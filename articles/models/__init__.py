from .actor import Actor, Alias
from .article import Article
from .common import Country, Language
from .dates import Precision
from .event import Event, EventActor, EventReport
from .mention import Mention
from .redirect import SlugRedirect
from .source import Source
from .topic import Topic

__all__ = [
    "Actor",
    "Alias",
    "Article",
    "Country",
    "Event",
    "EventActor",
    "EventReport",
    "Language",
    "Mention",
    "Precision",
    "SlugRedirect",
    "Source",
    "Topic",
]
