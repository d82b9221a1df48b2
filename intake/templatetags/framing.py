"""``{% screener_snippet %}``: the admin's copy of the HTML that frames the screener."""

from django import template

from intake import framing

register = template.Library()


@register.simple_tag
def screener_snippet() -> str:
    return framing.snippet()


@register.simple_tag
def frame_ancestors() -> str:
    from django.conf import settings

    return ", ".join(settings.DOORWAY_FRAME_ANCESTORS)
