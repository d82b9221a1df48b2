"""A benefits check in plain words, for the staff pages.

The templates only lay these out: every sentence is made (and translated) here, once.
"""

from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from benefits.choices import FAILURE_ADVICE, BackEnd, CheckState, Failure
from benefits.eligibility import Accumulator, Answer, NetworkBenefits, ServiceSummary
from benefits.models import BenefitsCheck
from benefits.rejections import Explained, explain
from benefits.service_types import label

NETWORK_WORDS = {
    "in": lambda: _("In network"),
    "out": lambda: _("Out of network"),
    "both": lambda: _("In and out of network"),
    "unknown": lambda: _("Network not stated"),
}


def money(amount: Decimal) -> str:
    return "$" + number_format(amount, decimal_pos=2, force_grouping=True)


def percent(value: Decimal) -> str:
    # X12 sends a fraction (0.2 for 20%); some payers send the percentage itself.
    share = value * 100 if value <= 1 else value
    return number_format(share.normalize(), force_grouping=True) + " %"


def yes_no_unknown(value: bool | None, yes: str, no: str, unknown: str) -> str:
    return unknown if value is None else (yes if value else no)


@dataclass(frozen=True)
class NetworkView:
    label: str
    lines: list[str]


@dataclass(frozen=True)
class ServiceView:
    label: str
    code: str
    status: str
    active: bool | None
    authorisation: str
    networks: list[NetworkView]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class CheckView:
    """One check as staff read it."""

    check: BenefitsCheck
    state: str
    how: str
    finished: bool
    failure: str = ""
    advice: str = ""
    active: str = ""
    plan: str = ""
    dates: str = ""
    services: list[ServiceView] = field(default_factory=list)
    rejections: list[Explained] = field(default_factory=list)


def _accumulator(name: str, value: Accumulator | None) -> str | None:
    if value is None:
        return None
    parts = []
    if value.met is not None:
        parts.append(_("%(amount)s met") % {"amount": money(value.met)})
    if value.remaining is not None:
        parts.append(_("%(amount)s left") % {"amount": money(value.remaining)})
    if value.total is None:
        return f"{name}: {', '.join(parts)}"
    detail = f" ({', '.join(parts)})" if parts else ""
    return f"{name}: {money(value.total)}{detail}"


def _network(benefits: NetworkBenefits) -> NetworkView:
    lines = [
        _accumulator(_("Deductible"), benefits.deductible),
        _accumulator(_("Family deductible"), benefits.family_deductible),
        _accumulator(_("Out-of-pocket maximum"), benefits.out_of_pocket),
        _accumulator(_("Family out-of-pocket maximum"), benefits.family_out_of_pocket),
    ]
    if benefits.copay is not None:
        lines.append(_("Copay: %(amount)s") % {"amount": money(benefits.copay)})
    if benefits.coinsurance is not None:
        lines.append(_("Coinsurance: %(share)s") % {"share": percent(benefits.coinsurance)})
    if benefits.authorisation is not None:
        lines.append(
            _("Prior authorisation needed")
            if benefits.authorisation
            else _("No prior authorisation needed")
        )
    return NetworkView(label=NETWORK_WORDS[benefits.network](), lines=[x for x in lines if x])


def _service(service: ServiceSummary) -> ServiceView:
    return ServiceView(
        label=label(service.service_type),
        code=service.service_type,
        active=service.active,
        status=yes_no_unknown(
            service.active, _("Covered"), _("Not covered"), _("Not stated by the payer")
        ),
        authorisation=yes_no_unknown(
            service.authorisation,
            _("Prior authorisation needed"),
            _("No prior authorisation needed"),
            _("Prior authorisation not stated"),
        ),
        networks=[_network(n) for n in service.networks],
        notes=service.notes,
    )


def _dates(answer: Answer) -> str:
    begin = date_format(answer.plan_begin) if answer.plan_begin else ""
    end = date_format(answer.plan_end) if answer.plan_end else ""
    if begin and end:
        return _("%(begin)s to %(end)s") % {"begin": begin, "end": end}
    if begin:
        return _("since %(begin)s") % {"begin": begin}
    return _("until %(end)s") % {"end": end} if end else ""


def present(check: BenefitsCheck) -> CheckView:
    """The check's state, answer, rejections or failure, in words."""
    how = _("by phone") if check.back_end == BackEnd.MANUAL else _("electronically")
    view = CheckView(
        check=check,
        state=str(CheckState(check.state).label),
        how=how,
        finished=check.completed_at is not None,
    )
    if check.state == CheckState.FAILED:
        failure = Failure(check.failure) if check.failure in Failure.values else Failure.UNREADABLE
        return replace(view, failure=str(failure.label), advice=str(FAILURE_ADVICE[failure]))
    answer = check.summary
    if answer is None:
        return view
    return replace(
        view,
        active=yes_no_unknown(
            answer.active, _("Coverage active"), _("Coverage not active"), _("Coverage not stated")
        ),
        plan=answer.plan_name or answer.payer_name,
        dates=_dates(answer),
        services=[_service(s) for s in answer.services],
        rejections=[explain(r) for r in answer.rejections],
    )
