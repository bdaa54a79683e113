"""`{% planning_dashboard %}`: the charts on the admin's front page."""

from django import template

from ..dashboard import build_dashboard

register = template.Library()


@register.inclusion_tag("planning/includes/dashboard.html", takes_context=True)
def planning_dashboard(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("articles.view_article"):
        return {"dashboard": None}
    return {"dashboard": build_dashboard(), "can_plan": user.has_perm("planning.view_plannedstory")}
