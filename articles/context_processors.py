from .models import MediaChannel, Publication


def publication(request):
    """The paper's name, hotline and channels: every page's masthead and footer.

    Lazy, so a response that never renders the footer costs no query.
    """
    from django.utils.functional import SimpleLazyObject

    return {
        "publication": SimpleLazyObject(Publication.load),
        "media_channels": SimpleLazyObject(lambda: list(MediaChannel.objects.filter(is_active=True))),
    }
