"""``{% own_consent %}``: the short Part 2 consent form on the person's result page."""

from django import template

from handoff.views import own_consent_state

register = template.Library()


@register.inclusion_tag("handoff/_own_consent.html", takes_context=True)
def own_consent(context) -> dict:
    request = context["request"]
    return {
        **own_consent_state(request),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
