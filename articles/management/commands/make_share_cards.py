import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from articles.services.share_cards import ensure_share_cards, fonts_available, placed_articles


class Command(BaseCommand):
    help = (
        "Draw the share card (masthead, headline, date, page) of every placed article whose card is missing "
        "or shows an old headline: after an upgrade, or after the paper's name changed. Current cards are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--since",
            type=dt.date.fromisoformat,
            help="Only articles of issues dated on or after this day (YYYY-MM-DD); default: the whole archive.",
        )

    def handle(self, *args, since: dt.date | None, verbosity, **options):
        if not fonts_available():
            raise CommandError("The Noto CJK font is not installed (apt-get install fonts-noto-cjk); no card was drawn.")
        articles = placed_articles()
        if since:
            articles = articles.filter(page__issue__date__gte=since)
        result = ensure_share_cards(articles.order_by("pk").iterator(chunk_size=200))
        for article, error in result.failed:
            self.stderr.write(f"article {article.pk} «{article.headline}»: {error}")
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(f"Drew {result.drawn} share card(s); {result.current} already current.")
                + (f" {len(result.failed)} failed." if result.failed else "")
            )
