"""Hooks through which the core tells capability apps about its work.

The core never imports the capability apps; they connect receivers here.
"""

from django.dispatch import Signal

# Sent by the workflow service before an issue is published as a whole, with
# `issue` and `user`. A receiver returns a list of reasons (str) that block
# publication — empty when it has none; any reason stops the whole issue.
issue_publication_requested = Signal()


# Sent by the workflow service after it saved an edited article, with
# `article` (as saved, its new `version`) and `user` (who saved it).
article_saved = Signal()
