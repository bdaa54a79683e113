"""Every page type: one h1, landmarks, zh-Hans, no inline script or handler,
and a head with title, description, canonical URL, Open Graph and feeds."""

import pytest

from .outline import outline

pytestmark = pytest.mark.django_db

PAGE_TYPES = {
    "home": lambda e: "/",
    "issue": lambda e: e.issue.get_absolute_url(),
    "page": lambda e: e.pages[1].get_absolute_url(),
    "article": lambda e: e.lead.get_absolute_url(),
    "photo story": lambda e: e.photo_story.get_absolute_url(),
    "archive": lambda e: "/issues/",
    "section": lambda e: e.pages[1].section.get_absolute_url(),
    "person": lambda e: e.reporter.get_absolute_url(),
    "tag": lambda e: "/tags/党建/",
    "not found": lambda e: "/issues/1999-01-01/",
}


@pytest.fixture(params=PAGE_TYPES, ids=list(PAGE_TYPES))
def page(request, client, edition):
    response = client.get(PAGE_TYPES[request.param](edition))
    return response, outline(response.content)


def test_page_is_in_simplified_chinese(page):
    assert page[1].lang == "zh-Hans"


def test_page_has_exactly_one_h1(page):
    assert len(page[1].texts("h1")) == 1


def test_page_has_banner_main_and_contentinfo_landmarks_once(page):
    landmarks = page[1].landmarks
    for role in ("banner", "main", "contentinfo"):
        assert landmarks.count(role) == 1, role


def test_page_has_no_inline_script_event_handler_or_style_attribute(page):
    _, parsed = page
    # JSON-LD data, or a script file of the site's own (a capability's script, the 关怀版 switch's memory); never inline code.
    assert all(s.get("type") == "application/ld+json" or s.get("src", "").startswith("/static/") for s in parsed.scripts)
    assert parsed.handlers == []
    assert parsed.style_attrs == 0


def test_page_advertises_the_rss_and_atom_feeds(page):
    alternates = [link for link in page[1].links if link.get("rel") == "alternate"]
    assert {"application/rss+xml", "application/atom+xml"} <= {link["type"] for link in alternates}


def test_page_has_a_title_naming_the_paper(page):
    response, _ = page
    html = response.content.decode()
    title = html[html.index("<title>") + 7 : html.index("</title>")]
    assert title.endswith("济宁高新区报")


@pytest.mark.parametrize("name", [n for n in PAGE_TYPES if n != "not found"])
def test_public_page_has_description_canonical_and_open_graph(client, edition, name):
    url = PAGE_TYPES[name](edition)
    parsed = outline(client.get(url).content)
    canonical = [link["href"] for link in parsed.links if link.get("rel") == "canonical"]
    assert len(canonical) == 1
    assert canonical[0].startswith("http://testserver/")
    assert parsed.meta("description")
    assert parsed.meta("og:title")
    assert parsed.meta("og:site_name") == "济宁高新区报"
    assert parsed.meta("og:url") == canonical[0]


def test_canonical_url_of_a_page_is_its_own_address(client, edition):
    parsed = outline(client.get(edition.pages[1].get_absolute_url()).content)
    canonical = [link["href"] for link in parsed.links if link.get("rel") == "canonical"]
    assert canonical == ["http://testserver" + edition.pages[1].get_absolute_url()]


def test_page_description_lists_its_headlines(client, edition):
    parsed = outline(client.get(edition.pages[0].get_absolute_url()).content)
    assert parsed.meta("description").startswith(f"{edition.issue.date_line} 第01版 头版：济宁高新区召开")


def test_page_offers_the_care_mode_switch(page):
    html = page[0].content.decode()
    assert '<input class="care-switch__input" type="checkbox" id="care-mode" role="switch"><label class="care-switch__label" for="care-mode">关怀版</label>' in html


def test_page_is_the_same_for_every_reader_whatever_their_care_mode(client, edition):
    """关怀版 lives in the browser: no cookie or header changes what the server sends."""
    url = edition.lead.get_absolute_url()
    plain = client.get(url)
    client.cookies["care"] = "1"
    assert client.get(url).content == plain.content


@pytest.mark.parametrize("name", ["home", "article", "section"])
def test_link_previews_get_title_and_description_for_wechat_too(client, edition, name):
    parsed = outline(client.get(PAGE_TYPES[name](edition)).content)
    microdata = {m["itemprop"]: m["content"] for m in parsed.metas if "itemprop" in m}
    assert microdata["name"] == parsed.meta("og:title")
    assert microdata["description"] == parsed.meta("description")
