"""Articles and printed editions as IPTC NewsML-G2 2.35 (XML, power conformance).

An article is a `newsMessage` holding one text `newsItem` (its body as XHTML
in `inlineXML`) and one picture `newsItem` per photo (the files as
`remoteContent`, the original and each rendition); the text item links to
its pictures. An issue is a `newsMessage` holding one `packageItem` whose
root group lists the pages in print order, each page a group of `itemRef`s
to its published articles, by the same guids as the articles' own items
(which are the ninjs `uri`s, see ninjs.py).

Our own vocabularies (roles, sections, tags, pages) are declared in an
inline catalog; IPTC's (ninat, stat, irel, rnd, …) come from IPTC's catalog.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from lxml import etree

from articles.models import Article, Issue, Photo, Publication
from articles.templatetags.reader import printed_byline

from .ninjs import LANGUAGE, MIME_TYPES, article_uri, body_blocks, copyright_notice, midnight, photo_uri, urn, when
from .schemas import url_of

NAR = "http://iptc.org/std/nar/2006-10-01/"
XHTML = "http://www.w3.org/1999/xhtml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CONTENT_TYPE = "application/vnd.iptc.g2.newsmessage+xml"
IPTC_CATALOG = "http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_38.xml"
# Our schemes, by alias: declared in each item's inline catalog.
SCHEMES = {"nrrole": "role/", "nrsection": "section/", "nrtag": "tag/", "nrpage": "page/", "nrkind": "kind/"}


def _el(parent, name: str, text: str | None = None, /, **attributes) -> etree._Element:
    element = etree.SubElement(parent, f"{{{NAR}}}{name}", {k.rstrip("_"): str(v) for k, v in attributes.items()})
    if text is not None:
        element.text = text
    return element


def _qcode(alias: str, code: str) -> str:
    """A QCode of ours: no whitespace or colon may stand in the code."""
    return f"{alias}:{''.join('-' if c.isspace() or c == ':' else c for c in code)}"


def _item(tag: str, parent, *, guid: str, version: str, request: HttpRequest, publication: Publication):
    item = _el(parent, tag, standard="NewsML-G2", standardversion="2.35", conformance="power", guid=guid, version=version)
    item.set(XML_LANG, LANGUAGE)
    _el(item, "catalogRef", href=IPTC_CATALOG)
    catalog = _el(item, "catalog")
    base = request.build_absolute_uri("/")
    for alias, path in SCHEMES.items():
        _el(catalog, "scheme", alias=alias, uri=f"{base}newsml/{path}")
    rights = _el(item, "rightsInfo")
    _el(_el(rights, "copyrightHolder"), "name", publication.name)
    _el(rights, "copyrightNotice", copyright_notice(publication))
    return item


def _item_meta(item, *, item_class: str, publication: Publication, created, modified, title: str, profile: str = ""):
    meta = _el(item, "itemMeta")
    _el(meta, "itemClass", qcode=item_class)
    _el(_el(meta, "provider", literal=publication.name), "name", publication.name)
    _el(meta, "versionCreated", when(modified))
    _el(meta, "firstCreated", when(created))
    _el(meta, "pubStatus", qcode="stat:usable")
    if profile:
        _el(meta, "profile", profile)
    _el(meta, "title", title)
    return meta


def _xhtml(article: Article) -> etree._Element:
    html = etree.Element(f"{{{XHTML}}}html", nsmap={None: XHTML})
    head = etree.SubElement(html, f"{{{XHTML}}}head")
    etree.SubElement(head, f"{{{XHTML}}}title").text = article.headline
    body = etree.SubElement(html, f"{{{XHTML}}}body")
    for tag, text in body_blocks(article.body):
        etree.SubElement(body, f"{{{XHTML}}}{tag}").text = text
    return html


def _text_item(parent, request: HttpRequest, article: Article, publication: Publication) -> None:
    item = _item("newsItem", parent, guid=article_uri(article), version=article.version, request=request, publication=publication)
    meta = _item_meta(
        item,
        item_class="ninat:text",
        publication=publication,
        created=article.created_at,
        modified=getattr(article, "modified", None) or article.updated_at,
        title=article.headline,
        profile=article.kind,
    )
    for photo in article.photo_list:
        _el(meta, "link", rel="irel:seeAlso", residref=photo_uri(article, photo), contenttype="application/vnd.iptc.g2.newsitem+xml")
    content = _el(item, "contentMeta")
    if article.dateline_date:
        _el(content, "contentCreated", midnight(article.dateline_date))
    if article.dateline_place:
        _el(_el(content, "located"), "name", article.dateline_place)
    for byline in article.byline_list:
        creator = _el(content, "creator", role=_qcode("nrrole", byline.role), uri=url_of(request, byline.person))
        _el(creator, "name", byline.person.name)
    _el(content, "altId", str(article.pk), type="nrkind:id")
    _el(content, "language", tag=LANGUAGE)
    if article.page_id:
        section = article.page.section
        subject = _el(content, "subject", type="cpnat:abstract", qcode=_qcode("nrsection", section.slug))
        _el(subject, "name", section.name)
    for tag in getattr(article, "tag_list", ()):
        _el(_el(content, "subject", type="cpnat:abstract", qcode=_qcode("nrtag", tag.slug)), "name", tag.name)
    if article.kicker:
        _el(content, "headline", article.kicker, role="nrkind:kicker")
    _el(content, "headline", article.headline, role="nrkind:main")
    if article.deck:
        _el(content, "headline", article.deck, role="nrkind:subheadline")
    if article.dateline_place or article.dateline_date:
        _el(content, "dateline", article.dateline_text)
    bylines = list(article.byline_list)
    if bylines:
        _el(content, "by", printed_byline(bylines))
    for correction in article.corrections.all():
        _el(content, "description", f"{correction.date:%Y-%m-%d} {correction.text}", role="nrkind:correction")
    content_set = _el(item, "contentSet")
    inline = _el(content_set, "inlineXML", contenttype="application/xhtml+xml")
    inline.append(_xhtml(article))


def _picture_item(parent, request: HttpRequest, article: Article, photo: Photo, publication: Publication) -> None:
    item = _item("newsItem", parent, guid=photo_uri(article, photo), version=article.version, request=request, publication=publication)
    _item_meta(
        item,
        item_class="ninat:picture",
        publication=publication,
        created=article.created_at,
        modified=getattr(article, "modified", None) or article.updated_at,
        title=photo.caption[:80] or article.headline,
    )
    content = _el(item, "contentMeta")
    if photo.credit is not None:
        _el(_el(content, "creator", role=_qcode("nrrole", "摄影"), uri=url_of(request, photo.credit)), "name", photo.credit.name)
    _el(content, "language", tag=LANGUAGE)
    if photo.credit is not None:
        _el(content, "creditline", photo.credit_line)
    if photo.caption:
        _el(content, "description", photo.caption, role="drol:caption")
    if photo.alt_text:
        _el(content, "description", photo.alt_text, role="drol:alternative")
    content_set = _el(item, "contentSet")
    if photo.image:
        _el(
            content_set,
            "remoteContent",
            href=request.build_absolute_uri(photo.image.url),
            rendition="rnd:highRes",
            width=photo.width,
            height=photo.height,
        )
    for rendition in photo.renditions.all():
        _el(
            content_set,
            "remoteContent",
            href=request.build_absolute_uri(rendition.file.url),
            contenttype=MIME_TYPES.get(rendition.format, f"image/{rendition.format}"),
            rendition=_qcode("nrkind", f"{rendition.width}w-{rendition.format}"),
            width=rendition.width,
            height=rendition.height,
        )


def _message(request: HttpRequest) -> tuple[etree._Element, etree._Element]:
    message = etree.Element(f"{{{NAR}}}newsMessage", nsmap={None: NAR})
    header = _el(message, "header")
    _el(header, "sent", when(timezone.now()))
    _el(header, "sender", request.get_host())
    return message, _el(message, "itemSet")


def _bytes(message: etree._Element) -> bytes:
    return etree.tostring(message, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def article_message(request: HttpRequest, article: Article) -> bytes:
    """A newsMessage with the article's text item and a picture item per photo."""
    publication = Publication.load()
    message, items = _message(request)
    _text_item(items, request, article, publication)
    for photo in article.photo_list:
        _picture_item(items, request, article, photo, publication)
    return _bytes(message)


def issue_message(request: HttpRequest, issue: Issue) -> bytes:
    """A newsMessage with the printed edition as a packageItem: the root group
    holds one group per page, in print order, each with its articles' itemRefs.
    `issue.pages` and their `articles` prefetched (published only, in print order)."""
    publication = Publication.load()
    message, items = _message(request)
    package = _item(
        "packageItem", items, guid=urn(issue.date, "edition"), version=1, request=request, publication=publication
    )
    _item_meta(
        package,
        item_class="ninat:composite",
        publication=publication,
        created=issue.created_at,
        modified=issue.updated_at,
        title=f"{publication.name} {issue.date_line}",
    )
    content = _el(package, "contentMeta")
    _el(content, "contentCreated", midnight(issue.date))
    _el(content, "language", tag=LANGUAGE)
    _el(content, "headline", f"{publication.name} {issue.date_line}")
    group_set = _el(package, "groupSet", root="G0")
    root = _el(group_set, "group", id="G0", role="nrkind:edition", mode="pgrmod:seq")
    pages = list(issue.pages.all())
    for page in pages:
        _el(root, "groupRef", idref=f"G{page.number}")
    for page in pages:
        page.issue = issue
        group = _el(group_set, "group", id=f"G{page.number}", role=_qcode("nrpage", f"{page.number:02d}"), mode="pgrmod:seq")
        _el(group, "title", page.label)
        for article in page.articles.all():
            article.page = page
            ref = _el(group, "itemRef", residref=article_uri(article), version=article.version, contenttype="application/vnd.iptc.g2.newsitem+xml")
            _el(ref, "itemClass", qcode="ninat:text")
            _el(ref, "title", article.headline)
    return _bytes(message)

