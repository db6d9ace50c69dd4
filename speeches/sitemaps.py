"""The sitemaps (django.contrib.sitemaps): every debate's page and every statement's permanent page,
for search engines, in pages of 50,000 URLs under one index at /sitemap.xml."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from speeches.models import Debate, Statement


class DebateSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Debate.objects.order_by("pk").only("slug")

    def location(self, item) -> str:
        return reverse("debate-detail", args=[item.slug])


class StatementSitemap(Sitemap):
    changefreq = "yearly"

    def items(self):
        # The two columns a URL needs, not the statements' texts.
        return Statement.objects.order_by("pk").values_list("debate__slug", "speech_number")

    def location(self, item) -> str:
        slug, number = item
        return reverse("statement-detail", args=[slug, number])


SITEMAPS = {"debates": DebateSitemap, "statements": StatementSitemap}
