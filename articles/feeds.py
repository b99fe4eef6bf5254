"""The Atom feed of any filtered article list: /articles/feed/?actor=…&topic=…"""

import datetime
import re

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext

FEED_SIZE = 50
# Characters XML 1.0 cannot carry at all: a control character in a query or in an
# edited title would otherwise make the feed writer raise (a 500), not escape it.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(value):
    return _NOT_XML.sub("", value) if value else value


class ArticleFeed(Feed):
    """Newest first, 50 entries. `obj` is the request's filtered queryset (see views.data)."""

    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        # The view checked the filters and left them on the request, not on self:
        # one Feed instance serves every request.
        return request.archive_feed

    def title(self, obj):
        if obj.label:
            return xml_text(gettext("Belarus War Archive: %(filters)s") % {"filters": obj.label})
        return gettext("Belarus War Archive: latest articles")

    def subtitle(self, obj):
        if obj.label:
            return xml_text(
                gettext("Articles archived by the Belarus War Archive, filtered by %(filters)s")
                % {"filters": obj.label}
            )
        return gettext("Articles archived by the Belarus War Archive")

    def link(self, obj):
        return reverse("articles:article_list") + obj.query

    def items(self, obj):
        return obj.queryset.newest_first().for_list()[:FEED_SIZE]

    def item_title(self, item):
        # An Atom title is a text construct: as it is, not HTML-escaped as Feed's default.
        return xml_text(item.title)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_description(self, item):
        # Atom's <summary type="html">: archived text must arrive as text, so escape it.
        text = Truncator(item.standfirst or (item.paragraphs[0] if item.paragraphs else ""))
        text = text.words(60)
        if item.date_is_approximate:
            # Atom's dates are full timestamps: the entry says what is really known.
            text = gettext("Dated %(date)s (approximate). %(text)s") % {
                "date": item.date_display,
                "text": text,
            }
        return escape(xml_text(text))

    def item_author_name(self, item):
        return xml_text(item.byline or item.source.name)

    def item_pubdate(self, item):
        if item.published_on is None:
            return None
        return datetime.datetime.combine(item.published_on, datetime.time(), tzinfo=datetime.UTC)

    def item_updateddate(self, item):
        return item.updated_at or timezone.now()

    def item_categories(self, item):
        return [xml_text(topic.name) for topic in item.topics.all()]
