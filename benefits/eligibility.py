"""What an eligibility check asks and what the payer answered, as plain values.

Every back end speaks in these: an ``Inquiry`` goes out; a ``Reply`` (the payer's benefit lines,
rejections and plan dates, read from a 271, a clearinghouse's JSON or a phone call) comes back;
``summarise`` turns it into the ``Answer`` the lead page shows, per service type and network.
The benefit lines follow the X12 EB segment, which every clearinghouse's JSON mirrors, so the
summary is worked out in one place whatever the back end. No Django and no database here.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from benefits.service_types import HEALTH_PLAN, SERVICE_TYPES

# EB01 codes (X12 code list 1390) that the summary reads.
ACTIVE = ("1", "2", "3", "4", "5")
INACTIVE = ("6", "7", "8")
NOT_COVERED = "I"
COINSURANCE, COPAY, DEDUCTIBLE, OUT_OF_POCKET = "A", "B", "C", "G"
# EB06 time periods: what is left, and what was met so far this year.
REMAINING, YEAR_TO_DATE = "29", "24"
FAMILY = "FAM"
# EB12 in-plan-network indicator → the summary's networks, in the order they are shown.
NETWORKS = {"Y": "in", "N": "out", "W": "both", "U": "unknown", "": "unknown"}
NETWORK_ORDER = ("in", "out", "both", "unknown")
# EB11 authorisation or certification indicator.
AUTHORISATION = {"Y": True, "N": False}


# --- The inquiry --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Party:
    """A person named in the inquiry (names as payers' systems take them)."""

    first_name: str
    last_name: str
    birth_date: date


@dataclass(frozen=True)
class Provider:
    """The centre asking: its name, NPI and federal tax ID."""

    name: str
    npi: str
    tax_id: str


@dataclass(frozen=True)
class Inquiry:
    """One eligibility question about one person, for the service types that matter."""

    trace: str
    on: date
    payer_name: str
    payer_id: str
    provider: Provider
    member_id: str
    group_number: str
    subscriber: Party
    # The person, when the insurance is someone else's; None when the person subscribes.
    dependent: Party | None
    # X12 individual relationship code of the dependent to the subscriber ("" when unknown).
    relationship_code: str
    service_types: tuple[str, ...]


# --- The reply ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BenefitLine:
    """One benefit the payer stated: an EB segment, or an entry of benefitsInformation."""

    code: str
    coverage_level: str = ""
    service_types: tuple[str, ...] = ()
    plan_description: str = ""
    period: str = ""
    amount: Decimal | None = None
    percent: Decimal | None = None
    authorisation: str = ""
    network: str = ""
    messages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rejection:
    """The payer (or the clearinghouse) could not answer: an AAA segment or an error entry.

    ``about`` says whose details were refused: payer, provider, subscriber, dependent, or the
    clearinghouse itself. ``code`` is the AAA03 reject reason, ``follow_up`` the AAA04 action.
    """

    about: str
    code: str
    follow_up: str = ""
    description: str = ""


@dataclass(frozen=True)
class Reply:
    """Everything read from one answer, before it is summarised."""

    lines: tuple[BenefitLine, ...] = ()
    rejections: tuple[Rejection, ...] = ()
    payer_name: str = ""
    plan_begin: date | None = None
    plan_end: date | None = None


# --- The answer ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Accumulator:
    """A deductible or out-of-pocket maximum: the amount, what is left, what was met."""

    total: Decimal | None = None
    remaining: Decimal | None = None
    met_to_date: Decimal | None = None

    @property
    def met(self) -> Decimal | None:
        if self.met_to_date is not None:
            return self.met_to_date
        if self.total is not None and self.remaining is not None:
            return max(self.total - self.remaining, Decimal(0))
        return None


@dataclass(frozen=True)
class NetworkBenefits:
    """What one service type costs in one network."""

    network: str
    deductible: Accumulator | None = None
    family_deductible: Accumulator | None = None
    out_of_pocket: Accumulator | None = None
    family_out_of_pocket: Accumulator | None = None
    copay: Decimal | None = None
    coinsurance: Decimal | None = None
    authorisation: bool | None = None


@dataclass(frozen=True)
class ServiceSummary:
    """One service type: covered or not, its costs per network, and the payer's notes."""

    service_type: str
    active: bool | None = None
    networks: tuple[NetworkBenefits, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def authorisation(self) -> bool | None:
        """Prior authorisation: needed in any network, not needed in all, or not stated."""
        stated = [n.authorisation for n in self.networks if n.authorisation is not None]
        if any(stated):
            return True
        return False if stated else None


@dataclass(frozen=True)
class Answer:
    """The payer's answer, summarised."""

    active: bool | None = None
    payer_name: str = ""
    plan_name: str = ""
    plan_begin: date | None = None
    plan_end: date | None = None
    services: tuple[ServiceSummary, ...] = ()
    rejections: tuple[Rejection, ...] = field(default_factory=tuple)

    @property
    def rejected(self) -> bool:
        return bool(self.rejections)

    def to_dict(self) -> dict[str, Any]:
        return {
            "active": self.active,
            "payer_name": self.payer_name,
            "plan_name": self.plan_name,
            "plan_begin": _iso(self.plan_begin),
            "plan_end": _iso(self.plan_end),
            "services": [_service_dict(service) for service in self.services],
            "rejections": [
                {
                    "about": r.about,
                    "code": r.code,
                    "follow_up": r.follow_up,
                    "description": r.description,
                }
                for r in self.rejections
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Answer":
        return cls(
            active=data.get("active"),
            payer_name=data.get("payer_name", ""),
            plan_name=data.get("plan_name", ""),
            plan_begin=_date(data.get("plan_begin")),
            plan_end=_date(data.get("plan_end")),
            services=tuple(_service_from(item) for item in data.get("services", [])),
            rejections=tuple(Rejection(**item) for item in data.get("rejections", [])),
        )


# --- Summarising --------------------------------------------------------------------------------


class _Figures:
    """The running totals for one service type in one network."""

    def __init__(self) -> None:
        self.accumulators: dict[tuple[str, bool], dict[str, Decimal]] = {}
        self.copay: Decimal | None = None
        self.coinsurance: Decimal | None = None
        self.authorisation: bool | None = None

    def add(self, line: BenefitLine) -> None:
        if line.code in (DEDUCTIBLE, OUT_OF_POCKET) and line.amount is not None:
            kind = "remaining" if line.period == REMAINING else "total"
            kind = "met_to_date" if line.period == YEAR_TO_DATE else kind
            figures = self.accumulators.setdefault((line.code, line.coverage_level == FAMILY), {})
            figures.setdefault(kind, line.amount)
        elif line.code == COPAY and line.amount is not None and self.copay is None:
            self.copay = line.amount
        elif line.code == COINSURANCE and line.percent is not None and self.coinsurance is None:
            self.coinsurance = line.percent
        stated = AUTHORISATION.get(line.authorisation)
        if stated is not None and self.authorisation is not True:
            self.authorisation = stated

    def summary(self, network: str) -> NetworkBenefits:
        def accumulator(code: str, family: bool) -> Accumulator | None:
            figures = self.accumulators.get((code, family))
            return Accumulator(**figures) if figures else None

        return NetworkBenefits(
            network=network,
            deductible=accumulator(DEDUCTIBLE, False),
            family_deductible=accumulator(DEDUCTIBLE, True),
            out_of_pocket=accumulator(OUT_OF_POCKET, False),
            family_out_of_pocket=accumulator(OUT_OF_POCKET, True),
            copay=self.copay,
            coinsurance=self.coinsurance,
            authorisation=self.authorisation,
        )


def summarise(reply: Reply, *, requested: Sequence[str]) -> Answer:
    """The answer per service type: every requested one, then any other of ours the payer
    mentioned. A benefit line without a service type is about the whole plan (code 30)."""
    status: dict[str, bool] = {}
    figures: dict[str, dict[str, _Figures]] = {}
    notes: dict[str, list[str]] = {}
    plan_name = ""
    for line in reply.lines:
        service_types = line.service_types or (HEALTH_PLAN,)
        if line.code in ACTIVE and not plan_name:
            plan_name = line.plan_description
        for code in service_types:
            if code not in SERVICE_TYPES:
                continue
            if line.code in ACTIVE:
                status[code] = True
            elif line.code in INACTIVE or line.code == NOT_COVERED:
                status.setdefault(code, False)
            network = NETWORKS.get(line.network, "unknown")
            figures.setdefault(code, {}).setdefault(network, _Figures()).add(line)
            for message in line.messages:
                if message not in notes.setdefault(code, []):
                    notes[code].append(message)

    mentioned = [
        code for code in SERVICE_TYPES if code in status or code in figures or code in notes
    ]
    shown = list(dict.fromkeys([*requested, *mentioned])) if reply.lines else mentioned
    services = tuple(
        ServiceSummary(
            service_type=code,
            active=status.get(code),
            networks=tuple(
                by_network[network].summary(network)
                for network in NETWORK_ORDER
                if network in (by_network := figures.get(code, {}))
                and _states_something(by_network[network])
            ),
            notes=tuple(notes.get(code, ())),
        )
        for code in shown
    )
    return Answer(
        active=_overall(status),
        payer_name=reply.payer_name,
        plan_name=plan_name,
        plan_begin=reply.plan_begin,
        plan_end=reply.plan_end,
        services=services,
        rejections=reply.rejections,
    )


def _states_something(figures: _Figures) -> bool:
    return bool(
        figures.accumulators
        or figures.copay is not None
        or figures.coinsurance is not None
        or figures.authorisation is not None
    )


def _overall(status: dict[str, bool]) -> bool | None:
    if HEALTH_PLAN in status:
        return status[HEALTH_PLAN]
    if any(status.values()):
        return True
    return False if status else None


# --- Storage helpers ------------------------------------------------------------------------------


def decimal_or_none(value: Any) -> Decimal | None:
    """A money amount or percentage from text or a number; None when empty or not a number."""
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _accumulator_dict(value: Accumulator | None) -> dict | None:
    if value is None:
        return None
    return {
        "total": _money(value.total),
        "remaining": _money(value.remaining),
        "met_to_date": _money(value.met_to_date),
    }


def _accumulator_from(data: dict | None) -> Accumulator | None:
    if data is None:
        return None
    return Accumulator(**{key: decimal_or_none(value) for key, value in data.items()})


_ACCUMULATORS = ("deductible", "family_deductible", "out_of_pocket", "family_out_of_pocket")


def _service_dict(service: ServiceSummary) -> dict[str, Any]:
    return {
        "service_type": service.service_type,
        "active": service.active,
        "notes": list(service.notes),
        "networks": [
            {
                "network": n.network,
                **{name: _accumulator_dict(getattr(n, name)) for name in _ACCUMULATORS},
                "copay": _money(n.copay),
                "coinsurance": _money(n.coinsurance),
                "authorisation": n.authorisation,
            }
            for n in service.networks
        ],
    }


def _service_from(data: dict[str, Any]) -> ServiceSummary:
    return ServiceSummary(
        service_type=data["service_type"],
        active=data.get("active"),
        notes=tuple(data.get("notes", ())),
        networks=tuple(_network_from(item) for item in data.get("networks", ())),
    )


def _network_from(data: dict[str, Any]) -> NetworkBenefits:
    return NetworkBenefits(
        network=data["network"],
        **{name: _accumulator_from(data.get(name)) for name in _ACCUMULATORS},
        copay=decimal_or_none(data.get("copay")),
        coinsurance=decimal_or_none(data.get("coinsurance")),
        authorisation=data.get("authorisation"),
    )


def service_types_of(codes: Iterable[str]) -> tuple[str, ...]:
    """Service type codes as a tuple without blanks or repeats, in their order."""
    return tuple(dict.fromkeys(code.strip() for code in codes if code and code.strip()))
