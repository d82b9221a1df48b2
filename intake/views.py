"""Patient-facing pages: the screening wizard, finish later and resume, the crisis panel and the
result. Views glue forms to the wizard state and the services; the decisions live elsewhere."""

import secrets

from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from admissions.services import LeadInvalid
from intake import attribution, blank_forms, presenters, self_booking, services, wizard
from intake.coverage_step import coverage_of
from intake.forms import ReviewForm
from intake.ratelimit import heard_despite_limit, intake_limited, step_limited
from intake.steps import BY_NAME, STEPS, Step
from programs.matching import match_programs


def crisis_help(request: HttpRequest) -> HttpResponse:
    """Crisis resources, reachable from every page through "Need help now?"."""
    return render(request, "intake/help.html")


@never_cache
def quick_exit(request: HttpRequest) -> HttpResponse:
    """Leave for a neutral site. The button's script replaces the history entry on the way, and
    the screening is forgotten, so pages left in the history show nothing when revisited."""
    wizard.forget_everything(request)
    response = HttpResponseRedirect(settings.QUICK_EXIT_URL)
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_POST
def forget_device(request: HttpRequest) -> HttpResponse:
    """Clear this device: delete the whole session, on the server and its cookie, so nothing of
    the screening or its result can be reopened from this browser. The lead is not touched."""
    request.session.flush()
    return redirect("intake:forgotten")


@never_cache
def forgotten(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/forgotten.html")


def too_many(
    request: HttpRequest, *, try_again: str = "", photo: bool = False, booking: bool = False
) -> HttpResponse:
    """The friendly answer to a client over its rate limit; ``try_again`` is where to go back,
    ``photo`` and ``booking`` say it was an insurance card photo or booking a time on the result
    page (the screening itself is already sent)."""
    context = {"try_again": try_again, "photo": photo, "booking": booking}
    return render(request, "intake/too_many.html", context, status=429)


def _to_step(step: Step | None) -> HttpResponseRedirect:
    if step is None:
        return redirect("intake:intro")
    return redirect("intake:step", name=step.name)


# Steps whose data names or identifies the person: kept out of drafts and of the result.
_PRIVATE_STEPS = frozenset({"contact", "coverage"})


@never_cache
def intro(request: HttpRequest) -> HttpResponse:
    """What the screening is, how long it takes, and the way in (or back in)."""
    context = {"has_progress": wizard.has_progress(request), "steps": wizard.steps_at_start()}
    return render(request, "intake/intro.html", context)


@never_cache
def begin(request: HttpRequest) -> HttpResponse:
    """Go to the first step that still needs an answer (a new screening after a sent one)."""
    wizard.mark_started(request)
    progress = wizard.request_progress(request)
    return _to_step(progress.first_incomplete or STEPS[0])


@require_POST
def restart(request: HttpRequest) -> HttpResponse:
    """Forget the screening in progress and start again."""
    wizard.clear(request)
    wizard.mark_started(request)
    return redirect("intake:step", name=STEPS[0].name)


# The step whose stored data is shown with its errors on the next GET (a failed post redirects
# there, so browser Back never lands on a post's response), and the review's own failed post.
SHOW_ERRORS = "show_errors"
REVIEW_POST = "review_post"
# Set when a saved screening is resumed: its first page greets the person back, once.
WELCOME_BACK = "welcome_back"
# Set by a review's "Change" link: after the changed step, go back to the review.
BACK_TO = "back_to"


def _step_url(step: Step | None, back_to_review: bool = False) -> str:
    if step is None:
        return reverse("intake:intro")
    url = reverse("intake:step", args=[step.name])
    if back_to_review and step.name != "review":
        url += f"?{BACK_TO}=review"
    return url


@never_cache
def step(request: HttpRequest, name: str) -> HttpResponse:
    """One step of the wizard: show it, or take its answers and move on.

    Every post ends in a redirect: a failed one to this step's own page, which shows the errors
    and what was typed (both kept in the session), so going Back never resubmits a form.
    """
    current = BY_NAME.get(name)
    if current is None:
        raise Http404
    sent_already = not wizard.has_started(request) and wizard.get_result(request)
    if sent_already:
        if current.form_class is ReviewForm and request.method == "POST":
            # A second click or a refresh after sending shows the result the first one made.
            return redirect("intake:result")
        # Back after sending: say it was sent, rather than an empty first step.
        return render(request, "intake/already_sent.html")
    progress = wizard.request_progress(request)
    first = progress.first_incomplete
    if current not in progress.applicable or (
        first is not None and progress.position(current) > progress.position(first)
    ):
        return _to_step(first)
    back_to_review = request.GET.get(BACK_TO) == "review"
    if request.method == "POST":
        action = request.POST.get("action", "next")
        if current.form_class is ReviewForm:
            if action == "back":
                return _to_step(progress.previous(current))
            # Sending has its own limit, which never refuses a person in crisis.
            return _send(request, progress, current)
        if step_limited(request):
            return too_many(request)
        wizard.save_step(request, name, request.POST)
        attribution.note_start(request)
        if action == "back":
            going = _to_step(progress.previous(current))
        elif action == "later":
            going = redirect("intake:later")
        else:
            going = None
        if current.checks_crisis and current.form_class.posts_crisis(request.POST):
            # The crisis panel comes first, whichever button was pressed and however complete
            # the page is; what was answered is kept, and the panel leads on to where the
            # person was going (Back, Finish later) or back into the screening.
            then = action if going is not None else "next"
            wizard.set_flag(request, CRISIS_THEN, {"action": then, "step": current.name})
            return redirect("intake:crisis")
        if action == "keep":
            # Kept before a language switch: the page comes back in the other language as typed.
            return JsonResponse({"next": _step_url(current, back_to_review)})
        if going is not None:
            return going
        progress = wizard.request_progress(request)
        # Working out the progress validated what was just saved: use it, not a second form.
        form = None
        if wizard.step_check(request, name) is None:
            form = wizard.make_form(current, progress, request.POST)
        if form is None or form.is_valid():
            following = progress.first_incomplete if back_to_review else None
            if following is not None:
                return HttpResponseRedirect(_step_url(following, back_to_review=True))
            return _to_step(progress.following(current))
        wizard.set_flag(request, SHOW_ERRORS, current.name)
        return HttpResponseRedirect(_step_url(current, back_to_review))
    if current.form_class is ReviewForm:
        form = _review_form_after_a_failed_send(request, progress, current)
    elif wizard.get_flag(request, SHOW_ERRORS) == current.name:
        # Right after a failed post: the typed data again, with its errors, once.
        wizard.set_flag(request, SHOW_ERRORS, None)
        form = wizard.make_form(current, progress, wizard.as_querydict(progress.data.get(name)))
        form.is_valid()
    else:
        form = wizard.make_form(current, progress)
    return _render_step(request, progress, current, form, back_to_review=back_to_review)


def _review_form_after_a_failed_send(
    request: HttpRequest, progress: wizard.Progress, current: Step
) -> forms.Form:
    failed = wizard.get_flag(request, REVIEW_POST)
    if not failed:
        return wizard.make_form(current, progress)
    wizard.set_flag(request, REVIEW_POST, None)
    form = wizard.make_form(current, progress, wizard.as_querydict({}))
    form.is_valid()
    for message in failed.get("problems", []):
        form.add_error(None, message)
    return form


def _failed_send(request: HttpRequest, current: Step, problems: list[str]) -> HttpResponse:
    """Keep the problems sending met for the review page, and show it by a redirect."""
    wizard.set_flag(request, REVIEW_POST, {"problems": problems})
    return redirect("intake:step", name=current.name)


def _render_step(
    request: HttpRequest,
    progress: wizard.Progress,
    current: Step,
    form: forms.Form,
    back_to_review: bool = False,
) -> HttpResponse:
    context = {
        "action_url": _step_url(current, back_to_review),
        "step": current,
        "form": form,
        "heading": current.heading(progress.loved_one),
        "loved_one": progress.loved_one,
        "number": progress.position(current),
        "total": len(progress.applicable),
        # Counted from here on: the steps still ahead, which answers may add to or take from.
        "left": len(progress.applicable) - progress.position(current),
        "has_previous": progress.previous(current) is not None,
    }
    if form.is_bound and form.errors and getattr(form, "summary_by_count", False):
        missing = [name for name in form.fields if name in form.errors]
        context["missing_count"] = len(missing)
        context["missing_anchor"] = f"{form[missing[0]].auto_id}_0"
    context["show_help_box"] = _follows_a_worrying_safety_answer(progress, current)
    if request.method == "GET" and wizard.get_flag(request, WELCOME_BACK):
        wizard.set_flag(request, WELCOME_BACK, None)
        context["welcome_back"] = True
    context["under_twelve"] = _under_twelve(current, form)
    if current.form_class is not ReviewForm:
        context["fields"] = blank_forms.fields_html(current.name, form)
    else:
        token = wizard.get_flag(request, "submit_token")
        if not token:
            token = secrets.token_urlsafe(24)
            wizard.set_flag(request, "submit_token", token)
        context["submit_token"] = token
        context["summary"] = presenters.review_summary(progress)
        context["reach_out"] = progress.known.get("finish") == "reach_out"
    return render(request, "intake/step.html", context)


def _under_twelve(current: Step, form: forms.Form) -> bool:
    """An age under 12 was given: the screening is not for them, so the page says who to call."""
    if current.name != "age" or not form.is_bound or "age" not in form.errors:
        return False
    try:
        return 0 <= int(form.data.get("age", "")) < 12
    except ValueError:
        return False


def _follows_a_worrying_safety_answer(progress: wizard.Progress, current: Step) -> bool:
    """The page right after the safety step shows the 988 box when a safety answer was yes or
    not sure (a crisis answer has shown the crisis panel already; the box does not interrupt)."""
    previous = progress.previous(current)
    if previous is None or not previous.checks_crisis:
        return False
    safety = progress.known.get("safety") or {}
    return any(value is not False for value in safety.values())


def _send(request: HttpRequest, progress: wizard.Progress, current: Step) -> HttpResponse:
    """The last submit: create the lead exactly once, or count a result-only screening.

    The screening's submit token is its submission key: the lead row holds it under a unique
    constraint, so a double click, two requests at once or a retry after an error all end on
    the one lead. Nothing is marked before the lead is stored, so when storing fails the person
    can press Send again at once, with every answer still in their session.
    """
    expected = wizard.get_flag(request, "submit_token")
    token = request.POST.get("submit_token", "")
    if not expected or not constant_time_compare(token, expected):
        # A refresh or a second click after the screening was sent: show what the first made.
        if wizard.get_result(request):
            return redirect("intake:result")
        return _to_step(progress.first_incomplete)
    form = wizard.make_form(current, progress, request.POST)
    # The review asks nothing of the person (consent is asked on the contact step): its one
    # field is the trap, which takes any text.
    form.is_valid()
    if form.is_bot():
        wizard.clear(request)
        return redirect("intake:intro")
    reach_out = progress.known.get("finish") == "reach_out"
    consent = progress.consent or {}
    if reach_out and not consent.get("contact"):
        # A contact step checked before it asked for consent (a screening under way when this
        # changed): never record a consent nobody gave; the step shows the box to tick.
        wizard.set_flag(request, SHOW_ERRORS, "contact")
        return redirect("intake:step", name="contact")
    answers = progress.answers()
    over_limit = intake_limited(request)
    if over_limit and not heard_despite_limit(answers):
        return too_many(request, try_again=reverse("intake:step", args=[current.name]))
    try:
        outcome = services.screening_send(
            answers=answers,
            contact=progress.contact if reach_out else None,
            consent_to_texts=reach_out and consent["texts"],
            language=get_language(),
            contact_language=progress.known.get("contact_language"),
            draft_id=wizard.get_flag(request, "draft_id"),
            submission_key=expected,
            over_rate_limit=over_limit,
            attribution=attribution.of_session(request),
            coverage=coverage_of(progress) if reach_out else None,
        )
    except LeadInvalid as invalid:
        # The wizard checks the same things first, so this is rare; let the person try again.
        return _failed_send(request, current, [str(p.message) for p in invalid.problems])
    steps = {key: value for key, value in progress.data.items() if key not in _PRIVATE_STEPS}
    wizard.clear(request)
    wizard.set_result(
        request,
        {
            "assessment": outcome["assessment"],
            "answers": answers,
            "steps": steps,
            "lead": outcome["lead_id"] is not None,
            # Lets this person, and only them, add insurance card photos to their lead.
            "lead_id": outcome["lead_id"],
        },
    )
    return redirect("intake:result")


# Where the person was going when the crisis panel came first: the button ("next", "back" or
# "later") and the step it was pressed on.
CRISIS_THEN = "crisis_then"


@never_cache
def crisis(request: HttpRequest) -> HttpResponse:
    """The crisis panel, shown right after a post carrying an answer that means imminent risk."""
    progress = wizard.request_progress(request)
    then = wizard.get_flag(request, CRISIS_THEN) or {}
    go_on = reverse("intake:begin")
    came_from = BY_NAME.get(then.get("step", ""))
    if then.get("action") == "back" and came_from in progress.applicable:
        previous = progress.previous(came_from)
        if previous is not None:
            go_on = reverse("intake:step", args=[previous.name])
    context = {
        "loved_one": progress.loved_one,
        "has_progress": wizard.has_progress(request),
        "go_on": go_on,
        "finish_later": then.get("action") == "later",
    }
    return render(request, "intake/crisis.html", context)


@never_cache
def result(request: HttpRequest) -> HttpResponse:
    """The provisional recommendation, why, and what happens next."""
    outcome = wizard.get_result(request)
    if outcome is None:
        return redirect("intake:intro")
    assessment = outcome["assessment"]
    answers = outcome["answers"]
    why_this_level, also_noted = presenters.reason_groups(assessment, answers)
    context = {
        "level": presenters.level_name(assessment["level"]),
        "level_key": assessment["level"],
        "why_this_level": why_this_level,
        "also_noted": also_noted,
        "guidance": presenters.guidance(assessment, answers),
        "crisis": assessment["crisis"],
        "adolescent": "adolescent" in assessment["flags"],
        "person": presenters.person(answers),
        "lead": outcome["lead"],
        "wait": presenters.callback_wait(assessment["priority"]),
        "urgent": assessment["priority"] == "urgent",
        "helplines": presenters.shows_helplines(assessment),
        "loved_one": answers["respondent"] == "loved_one",
        "match_result": match_programs(assessment, answers, language=get_language()),
        "self_booking": self_booking.offer(request),
    }
    return render(request, "intake/result.html", context)


@require_POST
def book_assessment(request: HttpRequest) -> HttpResponse:
    """From the result page: the person books one of the free times for their assessment, and
    is sent back to the page, which shows the booking or, kindly, why it was not made."""
    if wizard.get_result(request) is None:
        return redirect("intake:intro")
    if step_limited(request):
        return too_many(request, try_again=reverse("intake:result"), booking=True)
    self_booking.take(request)
    return HttpResponseRedirect(reverse("intake:result") + "#self-booking")


@require_POST
def reach_out(request: HttpRequest) -> HttpResponse:
    """From the result page: ask for a counsellor after all, keeping the answers."""
    outcome = wizard.get_result(request)
    if outcome is None:
        return redirect("intake:intro")
    steps = dict(outcome["steps"])
    steps["finish"] = {"finish": ["reach_out"]}
    wizard.replace_steps(request, steps)
    return redirect("intake:step", name="contact")


# Longer than any token a link carries; a longer post is cut before it is hashed.
_TOKEN_MAX = 100


class LinkContactForm(forms.Form):
    """Where the resume link goes, or went."""

    use_required_attribute = False
    contact = forms.CharField(
        label=_("Your email address or mobile phone number"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "email"}),
        error_messages={"required": _("Enter an email address or a mobile phone number.")},
    )

    def clean_contact(self) -> str:
        value = self.cleaned_data["contact"]
        if services.split_contact(value) is None:
            raise forms.ValidationError(
                _("Enter an email like name@example.com or a phone number like 555 123 4567.")
            )
        return value


@never_cache
def later(request: HttpRequest) -> HttpResponse:
    """Finish later: send a private link to continue."""
    if not wizard.has_progress(request):
        return redirect("intake:intro")
    form = LinkContactForm(request.POST or None)
    if request.method == "POST":
        if step_limited(request):
            return too_many(request)
        if form.is_valid():
            contact = form.cleaned_data["contact"]
            # Contact and coverage details stay out of the draft: it holds nobody's name.
            steps = {k: v for k, v in wizard.steps_data(request).items() if k not in _PRIVATE_STEPS}
            draft, token = services.draft_save(
                steps=steps,
                contact=contact,
                language=get_language(),
                replaces=wizard.get_flag(request, "draft_id"),
            )
            try:
                services.draft_send_link(draft=draft, token=token, contact=contact)
            except services.LinkNotSent:
                form.add_error(
                    "contact",
                    _(
                        "We could not send the link just now. Your answers are still here: "
                        "try again in a few minutes, or go back to the screening."
                    ),
                )
            else:
                # The screening now lives in the draft; this browser keeps nothing of it.
                wizard.clear(request)
                return redirect("intake:later_sent")
        return _failed_form(request, form, "intake:later")
    form = _form_again(request) or form
    return render(request, "intake/later.html", {"form": form})


# A failed post of a one-field form (the link's contact on finish later and resume, the code on
# "I have a code"): what was typed and the errors, shown once by the page's GET after a
# redirect, so Back never resubmits it.
_FAILED_CONTACT = "intake_failed_contact"


def _failed_form(request: HttpRequest, form: forms.Form, url_name: str) -> HttpResponse:
    [field] = form.fields
    request.session[_FAILED_CONTACT] = {
        "page": url_name,
        "value": form.data.get(field, "")[:254],
        "errors": [str(error) for error in form.errors.get(field, [])],
    }
    return redirect(url_name)


def _form_again(
    request: HttpRequest, form_class: type[forms.Form] = LinkContactForm
) -> forms.Form | None:
    failed = request.session.pop(_FAILED_CONTACT, None)
    if not failed or failed.get("page") != request.resolver_match.view_name:
        return None
    [field] = form_class.base_fields
    form = form_class({field: failed["value"]})
    form.is_valid()
    form.errors.pop(field, None)
    for message in failed["errors"]:
        form.add_error(field, message)
    return form


def _resume_code_address() -> str:
    """Where to type the code back, written out in full so it can be copied onto paper."""
    return f"{settings.SITE_URL.rstrip('/')}{reverse('intake:resume_code')}"


@never_cache
@sensitive_variables("code")
def later_code(request: HttpRequest) -> HttpResponse:
    """Finish later with a code to write down, for someone whose email and phone are shared.

    The post saves the draft (as the link does, without contact or coverage details) and clears
    this browser's copy; the page after the redirect shows the code once. Reloading it, or
    coming back to it, shows only that the code was shown.
    """
    if request.method == "POST":
        if not wizard.has_progress(request):
            return redirect("intake:intro")
        if step_limited(request):
            return too_many(request)
        steps = {k: v for k, v in wizard.steps_data(request).items() if k not in _PRIVATE_STEPS}
        _draft, code = services.draft_save_with_code(
            steps=steps, language=get_language(), replaces=wizard.get_flag(request, "draft_id")
        )
        wizard.clear(request)
        request.session[wizard.CODE_TO_SHOW] = code
        return redirect("intake:later_code")
    code = request.session.pop(wizard.CODE_TO_SHOW, None)
    if code is None and wizard.has_progress(request):
        return redirect("intake:later")
    context = {
        "code": code,
        "days": services.DRAFT_DAYS,
        "address": _resume_code_address(),
    }
    return render(request, "intake/later_code.html", context)


@never_cache
def later_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/later_sent.html")


def _open_draft(request: HttpRequest, token: str) -> HttpResponse:
    draft = services.draft_for_token(token)
    request.session[wizard.RESUME_KEY] = draft.pk if draft else None
    return redirect("intake:resume")


@never_cache
def resume_open(request: HttpRequest) -> HttpResponse:
    """Where the private link lands: ``/screen/resume/open/#<token>``.

    Browsers never send what follows "#", so the token reaches no access log: the page's script
    takes it from the address, removes it from the address bar and the history, and POSTs it.
    """
    if request.method == "POST":
        if step_limited(request):
            return too_many(request)
        return _open_draft(request, request.POST.get("token", "")[:_TOKEN_MAX])
    return render(request, "intake/resume_open.html")


@never_cache
def resume_link(request: HttpRequest, token: str) -> HttpResponse:
    """Links sent before the token moved after "#" (they work for 7 days): land, then move on at
    once so the token leaves the address bar and the history."""
    return _open_draft(request, token)


@never_cache
def resume(request: HttpRequest) -> HttpResponse:
    """Ask where the link was sent before showing anything of the draft."""
    draft = services.draft_usable(request.session.get(wizard.RESUME_KEY))
    if draft is None:
        request.session.pop(wizard.RESUME_KEY, None)
        return render(request, "intake/resume_expired.html")
    form = LinkContactForm(request.POST or None)
    if request.method == "POST":
        if step_limited(request):
            return too_many(request)
        if form.is_valid():
            if services.draft_check_contact(draft=draft, contact=form.cleaned_data["contact"]):
                request.session.pop(wizard.RESUME_KEY, None)
                _continue(request, draft.steps)
                wizard.set_flag(request, "draft_id", draft.pk)
                return redirect(reverse("intake:begin"))
            if services.draft_usable(draft.pk) is None:
                request.session.pop(wizard.RESUME_KEY, None)
                return render(request, "intake/resume_expired.html")
            form.add_error(
                "contact", _("That is not the email or phone number this link was sent to.")
            )
        return _failed_form(request, form, "intake:resume")
    form = _form_again(request) or form
    return render(request, "intake/resume.html", {"form": form})


def _continue(request: HttpRequest, steps: dict) -> None:
    """Put a saved screening back in this browser, to be greeted back on its next step."""
    wizard.clear(request)
    wizard.replace_steps(request, steps)
    wizard.set_flag(request, WELCOME_BACK, True)


class ResumeCodeForm(forms.Form):
    """The code written down when finishing later."""

    use_required_attribute = False
    code = forms.CharField(
        label=_("Your code"),
        max_length=60,
        # Not remembered or corrected by the browser or the phone's keyboard: a code is a key.
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "spellcheck": "false",
                "autocapitalize": "characters",
                "autocorrect": "off",
                "class": "draft-code-input",
            }
        ),
        error_messages={"required": _("Enter the code you wrote down.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        length = {"length": services.CODE_LENGTH}
        field = self.fields["code"]
        field.help_text = (
            gettext(
                "It has %(length)d letters and numbers. Capital or small letters, dashes and "
                "spaces do not matter."
            )
            % length
        )
        field.error_messages["max_length"] = _not_a_code()

    def clean_code(self) -> str:
        value = self.cleaned_data["code"]
        if services.normalise_code(value) is None:
            raise forms.ValidationError(_not_a_code())
        return value


def _not_a_code() -> str:
    return gettext(
        "A code has %(length)d letters and numbers, like the one you wrote down. Check it and "
        "try again."
    ) % {"length": services.CODE_LENGTH}


def _code_opens_nothing() -> str:
    days = services.DRAFT_DAYS
    return ngettext(
        "That code does not open a saved screening. Check each letter and number and try "
        "again: a code works for %(days)d day, and only once.",
        "That code does not open a saved screening. Check each letter and number and try "
        "again: a code works for %(days)d days, and only once.",
        days,
    ) % {"days": days}


@never_cache
@sensitive_post_parameters("code")
@sensitive_variables("code")
def resume_code(request: HttpRequest) -> HttpResponse:
    """Continue a screening saved with a code to write down (the "I have a code" page).

    The code travels only in the body of a post (never in an address), is limited like every
    other resume post, and opens its screening once.
    """
    form = ResumeCodeForm(request.POST or None)
    if request.method == "POST":
        if step_limited(request):
            return too_many(request)
        if form.is_valid():
            steps = services.draft_open_with_code(code=form.cleaned_data["code"])
            if steps is not None:
                _continue(request, steps)
                return redirect(reverse("intake:begin"))
            form.add_error("code", _code_opens_nothing())
        return _failed_form(request, form, "intake:resume_code")
    form = _form_again(request, ResumeCodeForm) or form
    return render(request, "intake/resume_code.html", {"form": form})
