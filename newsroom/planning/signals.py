"""The plan's say in publishing: the core's workflow asks before it publishes an issue."""

from __future__ import annotations

from django.dispatch import receiver

from articles.signals import issue_publication_requested

from .board import publication_blockers


@receiver(issue_publication_requested, dispatch_uid="planning_blocks_unready_stories")
def block_unready_stories(sender, *, issue, **kwargs) -> list[str]:
    """A planned story not yet approved holds up its issue until the chief drops or moves it."""
    return publication_blockers(issue)
