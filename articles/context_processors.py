from django.utils.functional import SimpleLazyObject

from .models import MediaChannel, Publication, Section


def publication(request):
    """The paper's name, sections, hotline and channels: every page's masthead and footer.

    Lazy, so a response that never renders the footer costs no query.
    """
    return {
        "publication": SimpleLazyObject(Publication.load),
        "reader_sections": SimpleLazyObject(lambda: list(Section.objects.in_print())),
        "media_channels": SimpleLazyObject(lambda: list(MediaChannel.objects.filter(is_active=True))),
    }
