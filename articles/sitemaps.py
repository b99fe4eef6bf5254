"""/sitemap.xml: every public page, so search engines find each article, actor and event.

Each page is listed in every interface language (/, /be/, /uk/, /ru/). The pages name
their alternates themselves (hreflang links in their heads); repeating them here for every
entry would multiply the sitemap's size and the time to build it by five.
"""

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.urls import reverse

from .models import Actor, Article, Event, Source, Topic


class Sitemap(DjangoSitemap):
    i18n = True


class ListPagesSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return [
            "articles:home", "articles:article_list", "articles:actor_list", "articles:event_list",
            "articles:source_list", "articles:topic_list",
        ]  # fmt: skip

    def location(self, item):
        return reverse(item)


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        # Drafts are not public pages. Ordered so a paginated sitemap is stable.
        return Article.objects.published().only("slug", "updated_at").order_by("id")

    def lastmod(self, article):
        return article.updated_at


class _SlugSitemap(Sitemap):
    model = None
    changefreq = "weekly"

    def items(self):
        return self.model.objects.only("slug").order_by("id")


class ActorSitemap(_SlugSitemap):
    model = Actor


class EventSitemap(_SlugSitemap):
    model = Event


class SourceSitemap(_SlugSitemap):
    model = Source


class TopicSitemap(_SlugSitemap):
    model = Topic


SITEMAPS = {
    "pages": ListPagesSitemap,
    "articles": ArticleSitemap,
    "actors": ActorSitemap,
    "events": EventSitemap,
    "sources": SourceSitemap,
    "topics": TopicSitemap,
}
