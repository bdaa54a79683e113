"""Write a `SeedPage` back out in the seed format, so `parse` reads it as it was.

Records are written in the order they stood in the source (by span), each
kind's list in its own order; records without a place in a source (span
0 or None) fall back to the page's reading order: stories, teasers, photo
stories, unclassified blocks, channels, matrix title, hotline. Writing a parsed
page in source order matters: where a block stands decides what it is.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

from .model import Channel, Contributor, Dateline, PhotoStory, SeedPage, Span, Story

# Where a record with no source position goes among the others: after them all.
_NOWHERE = math.inf
_DEFAULT_HOTLINE_LABEL = "新闻热线"

_Section = Sequence[tuple[float, list[str]]]


def render(page: SeedPage) -> str:
    """The seed-format text of `page`: blocks separated by one blank line."""
    blocks: list[str] = []
    # A front page's own number is not printed; an inner page's is, and so is
    # one the source printed.
    if page.page and (page.page_printed or page.page.number != 1):
        blocks.append(page.page.label)
    sections: list[_Section] = [
        [(s.span.start_line, _story(s)) for s in page.stories],
        [(t.span.start_line, [f"### {t.title}", t.target.label]) for t in page.teasers],
        [(p.span.start_line, _photo_story(p)) for p in page.photo_stories],
        [(b.span.start_line, [b.text]) for b in page.unclassified],
        [(c.span.start_line, [_channel(c)]) for c in page.channels],
    ]
    if page.matrix_title:
        sections.append([(_start(page.matrix_span), [page.matrix_title])])
    if page.hotline:
        label = page.hotline_label or _DEFAULT_HOTLINE_LABEL
        sections.append([(_start(page.hotline_span), [f"{label}: {page.hotline}"])])
    blocks.extend(_merge(sections))
    return "\n\n".join(blocks) + "\n"


def _start(span: Span | None) -> float:
    return span.start_line if span else _NOWHERE


def _merge(sections: list[_Section]) -> Iterator[str]:
    """The sections' blocks, always taking the section head that started earliest.

    Each section keeps its own order (the first story stays the lead even if
    its span says otherwise); ties go to the earlier section.
    """
    heads = [0] * len(sections)
    while True:
        waiting = [(section[head][0], n) for n, (section, head) in enumerate(zip(sections, heads)) if head < len(section)]
        if not waiting:
            return
        _, n = min(waiting)
        yield from sections[n][heads[n]][1]
        heads[n] += 1


def _story(story: Story) -> list[str]:
    blocks = [f"### {story.kicker}"] if story.kicker else []
    blocks.append(f"# {story.headline}")
    if story.deck:
        blocks.append(f"## {story.deck}")
    paragraphs = list(story.paragraphs)
    if story.dateline:
        bold = f"**{story.dateline.raw or dateline_text(story.dateline)}**"
        if paragraphs and not paragraphs[0].is_subheading:
            bold = f"{bold} {paragraphs.pop(0).text}"
        blocks.append(bold)
    blocks.extend(f"## {p.text}" if p.is_subheading else p.text for p in paragraphs)
    return blocks


def dateline_text(dateline: Dateline) -> str:
    """A dateline as the paper prints it, from its parts: `本报济宁7月11日讯(记者 邓超)`."""
    date = f"{dateline.month}月{dateline.day}日" if dateline.month and dateline.day else ""
    byline = _byline(dateline.contributors)
    return f"本报{dateline.place}{date}讯" + (f"({byline})" if byline else "")


def _byline(people: Sequence[Contributor]) -> str:
    """`记者 王鹏 李娜 通讯员 赵刚`: a role is printed once before the names it covers."""
    words: list[str] = []
    role = None
    for person in people:
        printed = person.printed_role or person.role
        if printed != role and printed:
            words.append(printed)
        role = printed
        words.append(person.name)
    return " ".join(words)


def _photo_story(photo: PhotoStory) -> list[str]:
    blocks = [f"## {photo.title}"]
    credit = photo.credit_raw or (f"{_byline(photo.credits)} 摄" if photo.credits else "")
    caption = " ".join(part for part in (photo.caption, credit) if part)
    if caption:
        blocks.append(caption)
    if photo.refers_to:
        blocks.append(photo.refers_to.label)
    return blocks


def _channel(channel: Channel) -> str:
    # Two trailing spaces: the Markdown hard break the source uses.
    return f"{channel.label}  \n{channel.call_to_action}" if channel.call_to_action else channel.label
