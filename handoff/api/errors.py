"""One shape for every "your request is wrong" answer: ``{"errors": [{field, message}]}``."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """DRF's handler, with a body that is not JSON reported like any other problem."""
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, ParseError):
        response.data = {"errors": [{"field": "", "message": _("The body is not valid JSON.")}]}
    return response
