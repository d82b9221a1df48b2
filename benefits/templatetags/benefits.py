"""The lead page's coverage panel, drawn by the benefits app itself.

``{% include "benefits/_lead_coverage.html" %}`` on the lead page is all admissions needs: the
include asks ``coverage_panel`` for what to show to the user looking at the page.
"""

from django import template

from benefits import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def coverage_panel(context, lead):
    """The coverage panel of ``lead`` for the user of this request."""
    return selectors.coverage_panel(lead=lead, user=context["request"].user)
