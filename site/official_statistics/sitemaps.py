"""The public outcomes pages in /sitemap.xml, beside Wagtail's pages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from authorities.models import Authority


class OutcomeSitemap(Sitemap):
    def items(self) -> list[str]:
        codes = Authority.objects.order_by("name").values_list("ons_code", flat=True)
        return [reverse("outcomes:index")] + [
            reverse("outcomes:authority", args=[code]) for code in codes
        ]

    def location(self, item: str) -> str:
        return item
