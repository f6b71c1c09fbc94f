"""Discovery for search engines and feed readers: sitemap.xml and an Atom feed
of open postings, both with the frontend's URLs."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import render
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_GET

from careers_pages import visibility
from careers_pages.models import site_path
from careers_pages.rich_text import frontend_html

from .views import frontend_base_url


def _index_and_postings():
    index = visibility.careers_index()
    if index is None:
        return None, []
    postings = list(visibility.open_postings(index).select_related("department"))
    return index, postings


@require_GET
def sitemap(request):
    index, postings = _index_and_postings()
    base = frontend_base_url(request)
    entries = []
    if index is not None:
        index_path = site_path(index)
        entries.append({"loc": base + index_path, "lastmod": index.last_published_at})
        entries += [
            {
                "loc": base + visibility.posting_path(index_path, p.slug),
                "lastmod": p.last_published_at,
            }
            for p in postings
        ]
    return render(request, "api/sitemap.xml", {"entries": entries}, content_type="application/xml")


class OpenPostingsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request):
        index, postings = _index_and_postings()
        if index is None:
            raise Http404("There is no published careers page.")
        self.base = frontend_base_url(request)
        self.index_path = site_path(index)
        self.postings = postings
        return index

    def title(self, index):
        return index.seo_title or index.title

    def link(self, index):
        return self.base + self.index_path

    def subtitle(self, index):
        return index.open_positions_subheading or index.hero_subheading

    def items(self, index):
        return self.postings

    def item_title(self, posting):
        return posting.title

    def item_description(self, posting):
        return posting.description or frontend_html(posting.overview)

    def item_link(self, posting):
        return self.base + visibility.posting_path(self.index_path, posting.slug)

    def item_guid(self, posting):
        return self.item_link(posting)

    def item_pubdate(self, posting):
        return posting.first_published_at

    def item_updateddate(self, posting):
        return posting.last_published_at

    def item_categories(self, posting):
        return [posting.department.name] if posting.department else []
