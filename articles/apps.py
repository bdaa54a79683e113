from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_publication(sender, using: str, **kwargs) -> None:
    """The paper's one row exists after every migrate and flush (a migration
    creates it; `flush` empties the table and then sends post_migrate), so
    that read paths never have to create it."""
    from django.db import connections

    from .models import Publication

    if Publication._meta.db_table in connections[using].introspection.table_names():  # not migrated back
        Publication.objects.using(using).get_or_create(pk=1)


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("报纸内容")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core.signals import request_finished

        from . import changes, display, hooks, surrogates
        from .services import share_cards

        # Changes a failed consumer left pending drain without a worker.
        request_finished.connect(changes.retry_now_and_then, dispatch_uid="articles.retry_pending_changes")
        # Share cards in a phase before the others: committed before the page
        # cache moves on, so a page it caches afterwards shows the card.
        hooks.register_change_consumer("sharecards", share_cards.consume_changes, phase=-1)
        surrogates.connect()
        # What readers see of an article is prepared once per change, not per render.
        hooks.register_change_consumer("display", display.consume_changes)
        post_migrate.connect(ensure_publication, sender=self, dispatch_uid="articles.ensure_publication")
