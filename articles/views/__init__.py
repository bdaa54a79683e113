"""The public reader site (数字报). Every view reads through the access
policy (articles.policy): `published()`, or `visible_to(user)` where editors,
and reporters for their own work, may preview at the same URLs (see ReaderMixin)."""

from .articles import ArticleView
from .issues import ArchiveView, HomeView, IssueView, PageView
from .lists import PersonView, SectionView, TagView
from .photos import PhotoFileView
from .robots import robots_txt

__all__ = [
    "ArchiveView",
    "ArticleView",
    "HomeView",
    "IssueView",
    "PageView",
    "PersonView",
    "PhotoFileView",
    "SectionView",
    "TagView",
    "robots_txt",
]
