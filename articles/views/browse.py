"""The public browsing pages; articles/urls.py routes here (one module per area)."""

from .actors import actor_detail, actor_list
from .articles import article_detail, article_list
from .catalog import home, source_detail, source_list, topic_detail, topic_list
from .events import event_detail, event_list

__all__ = [
    "actor_detail",
    "actor_list",
    "article_detail",
    "article_list",
    "event_detail",
    "event_list",
    "home",
    "source_detail",
    "source_list",
    "topic_detail",
    "topic_list",
]
