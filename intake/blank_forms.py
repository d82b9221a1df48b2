"""The fields of a blank wizard step, rendered once per process and reused.

A step seen for the first time has no data and no errors, so its fields come out the same for
everyone reading in the same language with the same wording (yourself or a loved one).
crispy-forms builds every radio button and checkbox from templates, which was about a quarter of
the wizard's CPU time; most step pages are first visits, so their fields are rendered once and
kept. A form holding someone's answers or errors is always rendered afresh.

The cache lives in process memory, not Redis: it holds no personal data, needs no network, and
is rebuilt after a deploy (when forms and templates change) because the processes restart.
"""

from crispy_forms.utils import render_crispy_form
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from intake.forms import StepForm

# (step name, language, loved one, the fields asked) -> rendered fields. Bounded by steps x
# languages x 2 x the few sets of fields a step can ask.
_rendered: dict[tuple[str, str, bool, tuple[str, ...]], SafeString] = {}


def _is_blank(form: StepForm) -> bool:
    """True when the form shows nobody's answers: unbound and without initial data."""
    return not form.is_bound and not form.initial


def fields_html(step_name: str, form: StepForm) -> SafeString:
    """The form's fields as HTML: from the per-process cache when the form is blank."""
    if not _is_blank(form):
        return render_crispy_form(form, helper=form.helper)
    key = (step_name, get_language(), form.loved_one, tuple(form.fields))
    html = _rendered.get(key)
    if html is None:
        html = _rendered[key] = render_crispy_form(form, helper=form.helper)
    return html
