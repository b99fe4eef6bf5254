"""The editors' admin: one module per area, registered on import."""

from . import actor, article, event, mention, source_topic  # noqa: F401
