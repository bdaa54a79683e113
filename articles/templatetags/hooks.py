"""Template side of `articles.hooks`: the places a capability app fills."""

from django import template
from django.utils.safestring import mark_safe

from .. import hooks

register = template.Library()


@register.simple_tag(takes_context=True)
def hook_slot(context, slot: str) -> str:
    """`{% hook_slot "masthead" %}`: the templates apps registered for the slot,
    each rendered with the page's context; nothing when none is."""
    engine = context.template.engine
    with context.push():
        return mark_safe("".join(engine.get_template(name).render(context) for name in hooks.templates(slot)))


@register.simple_tag(takes_context=True)
def admin_actions(context, obj) -> list[hooks.AdminAction]:
    """`{% admin_actions original as actions %}`: buttons apps add to the submit row."""
    request = context.get("request")
    if request is None or obj is None or obj.pk is None:
        return []
    return hooks.admin_actions(request, obj)
