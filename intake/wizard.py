"""The state of one screening in progress, kept in the server-side session (never a cookie).

Each step's submitted data is stored as typed, even when it is not valid yet or the person
pressed Back, so nothing typed is lost; the answers are rebuilt by validating every step that
applies, in order. What each step's validation gave is kept beside its data until that data
changes, so a request validates at most the step it saves, not all the earlier ones again.
"""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, QueryDict

from intake.forms import ContactForm, ReviewForm, StepForm
from intake.steps import BY_NAME, STEPS, Step

SESSION_KEY = "intake"
RESULT_KEY = "intake_result"
RESUME_KEY = "intake_resume"
# A code to write down, kept from the post that saves it to the page that shows it, once.
CODE_TO_SHOW = "intake_code_to_show"

StepData = dict[str, list[str]]

# How long a screening lasts is the session's: a day from its last change on the server, and
# its cookie ends with the browser session (SESSION_COOKIE_AGE, SESSION_EXPIRE_AT_BROWSER_CLOSE).


# --- Session accessors ---------------------------------------------------------------------


def _state(request: HttpRequest) -> dict[str, Any]:
    return request.session.setdefault(SESSION_KEY, {"steps": {}})


def _changed(request: HttpRequest) -> None:
    """Save the session at the end of this request (which gives it a day from now).

    Only changes call this: a page that merely reads the screening writes nothing.
    """
    request.session.modified = True


def steps_data(request: HttpRequest) -> dict[str, StepData]:
    """Every step's submitted data so far."""
    return _state(request)["steps"]


# Bounds on what one step may store, whatever is posted: no field has more choices or longer text.
_MAX_VALUES = 20
_MAX_LENGTH = 2000


def save_step(request: HttpRequest, name: str, data: QueryDict) -> None:
    """Keep what was submitted for ``name`` (only this form's fields; the token is dropped)."""
    fields = BY_NAME[name].form_class.base_fields
    state = _state(request)
    state["steps"][name] = {
        key: [value[:_MAX_LENGTH] for value in data.getlist(key)[:_MAX_VALUES]]
        for key in fields
        if key in data
    }
    state.get("checked", {}).pop(name, None)
    _changed(request)


def replace_steps(request: HttpRequest, data: dict[str, StepData]) -> None:
    """Put a resumed draft's steps in place of the session's."""
    state = _state(request)
    state["steps"] = data
    state.pop("checked", None)
    _changed(request)


def request_progress(request: HttpRequest) -> "Progress":
    """Where this request's screening stands, re-validating only steps changed since last time."""
    state = _state(request)
    checked = state.setdefault("checked", {})
    before = {name: id(kept) for name, kept in checked.items()}
    progress_now = progress(state["steps"], checked=checked)
    if {name: id(kept) for name, kept in checked.items()} != before:
        _changed(request)
    return progress_now


def step_check(request: HttpRequest, name: str) -> "StepCheck":
    """What validating step ``name``'s saved data gave, when ``request_progress`` reached it
    (None when the data is not valid or the step was not reached)."""
    kept = _state(request).get("checked", {}).get(name)
    return kept.get("check") if isinstance(kept, dict) else None


def mark_started(request: HttpRequest) -> None:
    """A screening is under way (even before its first answer): step pages show it, not the
    "already sent" page a sent screening's steps show."""
    _state(request)
    _changed(request)


def has_started(request: HttpRequest) -> bool:
    return SESSION_KEY in request.session


def has_progress(request: HttpRequest) -> bool:
    return bool(request.session.get(SESSION_KEY, {}).get("steps"))


def get_flag(request: HttpRequest, name: str) -> Any:
    return request.session.get(SESSION_KEY, {}).get(name)


def set_flag(request: HttpRequest, name: str, value: Any) -> None:
    _state(request)[name] = value
    _changed(request)


def clear(request: HttpRequest) -> None:
    """Forget the screening in progress (after it is sent, or when starting over)."""
    request.session.pop(SESSION_KEY, None)


def forget_everything(request: HttpRequest) -> None:
    """Forget the screening and its result, so going Back after a quick exit shows nothing."""
    for key in (SESSION_KEY, RESULT_KEY, RESUME_KEY, "intake_failed_contact", CODE_TO_SHOW):
        request.session.pop(key, None)


def get_result(request: HttpRequest) -> dict[str, Any] | None:
    return request.session.get(RESULT_KEY)


def set_result(request: HttpRequest, result: dict[str, Any]) -> None:
    request.session[RESULT_KEY] = result


def result_lead_id(request: HttpRequest) -> int | None:
    """The lead this browser's own screening created when it was sent (None after "just show me
    the result"): the only way a patient page learns which lead is theirs, never the address
    or a form field."""
    lead_id = (get_result(request) or {}).get("lead_id")
    return lead_id if isinstance(lead_id, int) else None


# --- Forms and answers -----------------------------------------------------------------------


def as_querydict(data: StepData | None) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, values in (data or {}).items():
        query.setlist(key, [str(value) for value in values])
    return query


def make_form(step: Step, progress: "Progress", data: QueryDict | None = None) -> StepForm:
    """The step's form, bound to ``data`` when given, else showing what was typed before."""
    kwargs: dict[str, Any] = {"loved_one": progress.loved_one, "known": progress.known}
    if data is not None:
        return step.form_class(data, **kwargs)
    stored = progress.data.get(step.name)
    if stored is None:
        return step.form_class(**kwargs)
    return step.form_class(initial=_initial(step, stored), **kwargs)


def _initial(step: Step, stored: StepData) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for name, field in step.form_class.base_fields.items():
        if name in stored:
            values = stored[name]
            multiple = getattr(field.widget, "allow_multiple_selected", False)
            initial[name] = values if multiple else (values[0] if values else "")
    return initial


@dataclass
class Progress:
    """Where a screening stands: what is known, which steps apply, which is the next to do."""

    data: dict[str, StepData]
    known: dict[str, Any]
    applicable: list[Step]
    first_incomplete: Step | None
    contact: dict[str, str] | None
    # What the person agreed to on the contact step, beside the details it is about:
    # {"contact": True, "texts": bool}; None before that step is done.
    consent: dict[str, bool] | None

    @property
    def loved_one(self) -> bool:
        return self.known.get("respondent") == "loved_one"

    def position(self, step: Step) -> int:
        return self.applicable.index(step) + 1

    def previous(self, step: Step) -> Step | None:
        index = self.applicable.index(step)
        return self.applicable[index - 1] if index else None

    def following(self, step: Step) -> Step | None:
        index = self.applicable.index(step)
        return self.applicable[index + 1] if index + 1 < len(self.applicable) else None

    def answers(self) -> dict[str, Any]:
        """The answers object for the screener (complete once every step before review is done)."""
        answers: dict[str, Any] = {}
        for step in STEPS:
            if step not in self.applicable:
                answers.update(step.skipped)
        answers.update({k: v for k, v in self.known.items() if k not in _NOT_ANSWERS})
        return answers


# What the wizard learns that is not an answer of the screener.
_NOT_ANSWERS = frozenset({"finish", "contact_language"})


# What validating one step's data gave: its answers and what the wizard learns besides
# (``finish``, ``contact``, ``contact_language``, ``consent``), or None when the data is not valid.
StepCheck = dict[str, Any] | None


def _reads(step: Step, known: dict[str, Any]) -> dict[str, Any]:
    """The earlier answers that decide which of the step's questions are asked."""
    return {key: _lookup(known, key) for key in sorted(step.form_class.reads())}


def _lookup(known: dict[str, Any], path: str) -> Any:
    group, _, item = path.partition(".")
    value = known.get(group)
    return value.get(item) if item and isinstance(value, dict) else value


def _check(step: Step, stored: StepData | None, known: dict[str, Any]) -> StepCheck:
    """Validate one step's stored data, given the earlier answers (``_reads`` of them)."""
    if stored is None:
        return None
    form = step.form_class(as_querydict(stored), known=known)
    if not form.is_valid():
        return None
    check: dict[str, Any] = {"answers": form.to_answers()}
    if step.name == "finish":
        check["finish"] = form.cleaned_data["finish"]
    if isinstance(form, ContactForm):
        check["contact"] = form.contact()
        check["contact_language"] = form.cleaned_data["language"]
        check["consent"] = form.consent()
    return check


def progress(data: dict[str, StepData], checked: dict[str, StepCheck] | None = None) -> Progress:
    """Validate every step that applies, in order, given what the earlier ones answered.

    ``checked`` holds earlier validation results by step name, each with the earlier answers
    it read (see ``request_progress``); results missing from it, or made from other earlier
    answers, are computed and stored.
    """
    checked = {} if checked is None else checked
    known: dict[str, Any] = {}
    applicable: list[Step] = []
    first_incomplete: Step | None = None
    contact: dict[str, str] | None = None
    consent: dict[str, bool] | None = None
    for step in STEPS:
        if not step.applies_to(known):
            continue
        applicable.append(step)
        if first_incomplete is not None:
            continue
        if step.form_class is ReviewForm:
            # The review step is done only by sending it, never from stored data.
            first_incomplete = step
            continue
        reads = _reads(step, known)
        kept = checked.get(step.name)
        # A check stands while the step's data and the earlier answers it reads are unchanged.
        if not isinstance(kept, dict) or kept.get("reads") != reads:
            kept = {"reads": reads, "check": _check(step, data.get(step.name), known)}
            checked[step.name] = kept
        check = kept["check"]
        if check is None:
            first_incomplete = step
            continue
        known.update(check["answers"])
        if "finish" in check:
            known["finish"] = check["finish"]
        if "contact" in check:
            contact = check["contact"]
            known["contact_language"] = check["contact_language"]
            consent = check.get("consent")
    return Progress(data, known, applicable, first_incomplete, contact, consent)


def steps_at_start() -> int:
    """How many steps a screening has before its first answer: the total its first page counts
    ("Step 1, about N - 1 more to go"), and what the introduction says. Answers may add steps
    (a loved one's relationship, the contact details) or leave some out."""
    return len(progress({}).applicable)
