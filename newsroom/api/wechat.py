""""Copy for WeChat": an article as one HTML fragment for the WeChat
official-account editor.

That editor drops <style>, <link>, <script> and class attributes, so every
style here is inline, and images are referenced by absolute URL (it fetches
and re-hosts them): a signed one, which WeChat may fetch for a while even
before the article is public (articles.files). The dateline and byline are
set as printed, and the paper's channel footer (融媒矩阵 and hotline) closes
the fragment.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import urljoin

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article, MediaChannel, Publication
from articles.templatetags.reader import printed_dateline, split_paragraphs, to_fullwidth

from .schemas import largest_photo_file

STYLES: Mapping[str, Mapping[str, str]] = {
    "article": {
        "font-family": "-apple-system, 'PingFang SC', 'Microsoft YaHei', sans-serif",
        "font-size": "16px",
        "line-height": "1.75",
        "color": "#222222",
        "letter-spacing": "0.5px",
    },
    "kicker": {"margin": "0 0 4px", "font-size": "15px", "color": "#555555", "text-align": "center"},
    "headline": {"margin": "0 0 8px", "font-size": "22px", "line-height": "1.4", "font-weight": "bold", "text-align": "center"},
    "deck": {"margin": "0 0 8px", "font-size": "17px", "color": "#444444", "text-align": "center"},
    "source": {"margin": "0 0 20px", "font-size": "13px", "color": "#666666", "text-align": "center"},
    "figure": {"margin": "16px 0"},
    "image": {"display": "block", "width": "100%", "height": "auto"},
    "caption": {"margin": "6px 0 0", "font-size": "14px", "line-height": "1.6", "color": "#666666"},
    "paragraph": {"margin": "0 0 16px", "text-align": "justify", "text-indent": "2em"},
    "dateline": {"font-weight": "bold"},
    "subhead": {"margin": "24px 0 12px", "font-size": "17px", "font-weight": "bold", "color": "#9e1b1b"},
    "footer": {
        "margin": "32px 0 0",
        "padding": "16px 0 0",
        "border-top": "1px solid #dddddd",
        "font-size": "14px",
        "line-height": "1.6",
        "color": "#666666",
        "text-align": "center",
    },
    "footer_title": {"margin": "0 0 8px", "font-weight": "bold", "color": "#9e1b1b"},
    "channel": {"margin": "0 0 4px"},
    "qr": {"display": "block", "width": "120px", "height": "120px", "margin": "4px auto"},
    "hotline": {"margin": "8px 0 0", "font-weight": "bold"},
}


def style(name: str) -> str:
    return "; ".join(f"{prop}: {value}" for prop, value in STYLES[name].items())


def render_fragment(
    article: Article,
    *,
    publication: Publication,
    channels: Iterable[MediaChannel],
    base_url: str,
) -> SafeString:
    """The article as one inline-styled HTML fragment; every text escaped.

    `base_url` ("https://paper.example.com/") makes image URLs absolute.
    """
    parts = [_heading(article, publication)]
    parts += [_figure(photo, base_url) for photo in article.photo_list]
    parts.append(_body(article))
    parts.append(_footer(publication, channels, base_url))
    return format_html('<section style="{}">{}</section>', style("article"), mark_safe("".join(parts)))


def _heading(article: Article, publication: Publication) -> str:
    html = []
    if article.kicker:
        html.append(format_html('<p style="{}">{}</p>', style("kicker"), to_fullwidth(article.kicker)))
    html.append(format_html('<h1 style="{}">{}</h1>', style("headline"), to_fullwidth(article.headline)))
    if article.deck:
        html.append(format_html('<p style="{}">{}</p>', style("deck"), to_fullwidth(article.deck)))
    if article.page_id is not None:
        page = article.page
        source = f"刊于《{publication.name}》{page.issue.date_line} 第{page.number:02d}版（{page.section.name}）"
        html.append(format_html('<p style="{}">{}</p>', style("source"), source))
    return "".join(html)


def _figure(photo, base_url: str) -> str:
    stored = largest_photo_file(photo)
    image = ""
    if stored:
        url = stored.signed_url()
        alt = photo.alt_text or photo.caption[:60]
        image = format_html('<img src="{}" alt="{}" style="{}">', urljoin(base_url, url), alt, style("image"))
    caption = " ".join(part for part in (to_fullwidth(photo.caption), photo.credit_line) if part)
    if caption:
        caption = format_html('<p style="{}">{}</p>', style("caption"), caption)
    return format_html('<section style="{}">{}{}</section>', style("figure"), image, caption)


def _body(article: Article) -> str:
    lead = to_fullwidth(printed_dateline(article))
    html = []
    for paragraph in split_paragraphs(article.body):
        if paragraph.startswith("## "):
            html.append(format_html('<h2 style="{}">{}</h2>', style("subhead"), to_fullwidth(paragraph[3:].strip())))
        elif lead:
            html.append(
                format_html(
                    '<p style="{}"><strong style="{}">{}</strong> {}</p>',
                    style("paragraph"),
                    style("dateline"),
                    lead,
                    to_fullwidth(paragraph),
                )
            )
            lead = ""
        else:
            html.append(format_html('<p style="{}">{}</p>', style("paragraph"), to_fullwidth(paragraph)))
    if lead:
        html.insert(0, format_html('<p style="{}"><strong style="{}">{}</strong></p>', style("paragraph"), style("dateline"), lead))
    return "".join(html)


def _footer(publication: Publication, channels: Iterable[MediaChannel], base_url: str) -> str:
    html = []
    if publication.matrix_title:
        html.append(format_html('<p style="{}">{}</p>', style("footer_title"), publication.matrix_title))
    for channel in channels:
        qr = ""
        if channel.qr_image:
            qr = format_html(
                '<img src="{}" alt="{}二维码" style="{}">', urljoin(base_url, channel.qr_image.url), channel.label, style("qr")
            )
        html.append(
            format_html(
                '<p style="{}">{}{}{}</p>',
                style("channel"),
                channel.label,
                format_html(" {}", channel.call_to_action) if channel.call_to_action else "",
                qr,
            )
        )
    if publication.hotline:
        html.append(
            format_html('<p style="{}">{}：{}</p>', style("hotline"), publication.hotline_label, publication.hotline)
        )
    return format_html('<section style="{}">{}</section>', style("footer"), mark_safe("".join(html))) if html else ""


def document(fragment: SafeString, *, title: str) -> str:
    """The fragment as a whole .html file, for download: opens in any browser,
    and its body copies into the WeChat editor like the preview."""
    return format_html(
        '<!DOCTYPE html>\n<html lang="zh-Hans">\n<head>\n<meta charset="utf-8">\n<title>{}</title>\n</head>\n<body>\n{}\n</body>\n</html>\n',
        title,
        fragment,
    )

