"""sitemap.xml and the Atom feed of open postings, with the frontend's URLs."""

import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


def test_sitemap_lists_the_index_and_every_open_posting(client, imported_site, settings):
    settings.CAREERS_FRONTEND_BASE_URL = "https://hoppscotch.io"
    response = client.get("/sitemap.xml")
    assert response["Content-Type"] == "application/xml"
    urls = [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]
    assert urls[0] == "https://hoppscotch.io/company/careers"
    assert "https://hoppscotch.io/company/careers/back-end-engineer" in urls
    assert len(urls) == 5


def test_feed_has_one_entry_per_open_posting(client, imported_site):
    response = client.get("/feeds/careers/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.find(f"{ATOM}title").text == "Hoppscotch - Careers"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 4
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert titles[0] == "Back-end Engineer"
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert links[0] == "http://testserver/company/careers/back-end-engineer"


def test_without_a_careers_page_the_sitemap_is_empty_and_the_feed_404(client, db):
    assert ET.fromstring(client.get("/sitemap.xml").content).find(f"{SITEMAP}url") is None
    assert client.get("/feeds/careers/").status_code == 404
