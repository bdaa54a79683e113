from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import SimpleLazyObject

from .models import MediaChannel, Publication, Section
from .reuse import reused


@dataclass(frozen=True)
class Masthead:
    """What every page's masthead and footer show."""

    publication: Publication
    sections: list[Section]
    channels: list[MediaChannel]


def _load() -> Masthead:
    return Masthead(
        publication=Publication.load(),
        sections=list(Section.objects.in_print()),
        channels=list(MediaChannel.objects.filter(is_active=True)),
    )


def masthead() -> Masthead:
    """The masthead, reused until the change log or the schedule says
    otherwise (articles.reuse): three queries, one of which
    (`Section.in_print`) reads the whole archive, on the first page only."""
    return reused("masthead", _load)


def publication(request):
    """The paper's name, sections, hotline and channels: every page's masthead and footer.

    Lazy, so a response that never renders the footer costs no query.
    """
    shown = SimpleLazyObject(masthead)
    return {
        "publication": SimpleLazyObject(lambda: shown.publication),
        "reader_sections": SimpleLazyObject(lambda: shown.sections),
        "media_channels": SimpleLazyObject(lambda: shown.channels),
    }
