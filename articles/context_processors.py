from __future__ import annotations

import threading
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from . import policy
from .models import Change, MediaChannel, Publication, Section


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


class _Reuse(threading.local):
    """The last masthead this thread loaded, with the change-log entry it was
    loaded after and when the schedule changes what the public sees next."""

    stamp: tuple | None = None
    valid_until = None
    masthead: Masthead | None = None


_reuse = _Reuse()


def forget_masthead() -> None:
    """Load the masthead afresh on this thread's next page (after a database
    was replaced under the process: the tests, the benchmarks)."""
    _reuse.__init__()


def masthead() -> Masthead:
    """The masthead, loaded again only when the change log has a new entry
    or a scheduled article or edition has gone public since: one indexed
    query instead of three, one of which (`Section.in_print`) reads the
    whole archive. Writes go through services, which record a change
    (NEWSROOM_MASTHEAD_REUSE off loads it on every page)."""
    if not settings.NEWSROOM_MASTHEAD_REUSE:
        return _load()
    latest = Change.objects.order_by("-seq").values_list("seq", "created_at").first()
    now = timezone.now()
    if _reuse.masthead is not None and _reuse.stamp == latest and (_reuse.valid_until is None or now < _reuse.valid_until):
        return _reuse.masthead
    _reuse.masthead, _reuse.stamp, _reuse.valid_until = _load(), latest, policy.next_public_change(at=now)
    return _reuse.masthead


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
