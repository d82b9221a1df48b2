"""Staff forms of the benefits app. The coverage rules are the validation module's; the phone
check form turns what the payer said into the same benefit lines an electronic answer has."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from benefits.choices import Network, PaymentType, Relationship, Subscriber, Verification
from benefits.eligibility import BenefitLine, Rejection, Reply
from benefits.models import Payer
from benefits.rejections import REASONS
from benefits.service_types import HEALTH_PLAN, PHONE_CHECK, SERVICE_TYPES
from benefits.validation import FIELDS, OTHER_PAYER, CoverageInvalid, clean_coverage

BLANK = [("", "—")]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _payer_label(payer: Payer) -> str:
    if payer.network == Network.OUT:
        return _("%(name)s (out of network)") % {"name": payer.name}
    return payer.name


class CoverageForm(forms.Form):
    """Coverage on the lead page; every field optional, checked by ``clean_coverage``."""

    payment_type = forms.ChoiceField(
        label=_("Payment type"), choices=BLANK + PaymentType.choices, required=False
    )
    payer = forms.ChoiceField(label=_("Payer"), required=False)
    other_payer_name = forms.CharField(
        label=_("Other payer's name"),
        required=False,
        max_length=200,
        help_text=_("Only when the payer is not in the list."),
    )
    member_id = forms.CharField(label=_("Member ID"), required=False, max_length=200)
    group_number = forms.CharField(label=_("Group number"), required=False, max_length=200)
    patient_birth_date = forms.DateField(
        label=_("The person's date of birth"), required=False, widget=DATE
    )
    subscriber = forms.ChoiceField(
        label=_("The insurance is in the name of"),
        choices=BLANK + Subscriber.choices,
        required=False,
    )
    subscriber_first_name = forms.CharField(
        label=_("Subscriber's first name"), required=False, max_length=200
    )
    subscriber_last_name = forms.CharField(
        label=_("Subscriber's last name"), required=False, max_length=200
    )
    subscriber_birth_date = forms.DateField(
        label=_("Subscriber's date of birth"), required=False, widget=DATE
    )
    subscriber_relationship = forms.ChoiceField(
        label=_("The person is the subscriber's"),
        choices=BLANK + Relationship.choices,
        required=False,
    )

    def __init__(self, *args, payers, today, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.payers = list(payers)
        self.today = today
        self.fields["payer"].choices = (
            BLANK
            + [(str(payer.pk), _payer_label(payer)) for payer in self.payers]
            + [(OTHER_PAYER, _("Other (type its name)"))]
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            clean_coverage(
                self.coverage_data(), payer_ids={p.pk for p in self.payers}, today=self.today
            )
        except CoverageInvalid as invalid:
            self.add_problems(invalid.problems)
        return cleaned

    def coverage_data(self) -> dict:
        """The fields as ``coverage_save`` takes them."""
        return {name: self.cleaned_data.get(name) for name in FIELDS}

    def add_problems(self, problems: dict[str, list[str]]) -> None:
        for name, messages in problems.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)

    @staticmethod
    def initial_from(coverage) -> dict:
        if coverage is None:
            return {}
        initial = {name: getattr(coverage, name) for name in FIELDS if name != "payer"}
        initial["payer"] = (
            str(coverage.payer_id)
            if coverage.payer_id
            else (OTHER_PAYER if coverage.other_payer_name else "")
        )
        return initial


YES_NO = [("", _("Not stated")), ("yes", _("Yes")), ("no", _("No"))]
# The phone check's figures per service type and network: the benefit line each becomes.
FIGURES = {
    "deductible": (_("Deductible"), "C", "23"),
    "deductible_left": (_("Deductible left"), "C", "29"),
    "out_of_pocket": (_("Out-of-pocket maximum"), "G", "23"),
    "out_of_pocket_left": (_("Out-of-pocket left"), "G", "29"),
    "copay": (_("Copay"), "B", ""),
}
PHONE_NETWORKS = {"in": ("Y", _("In network")), "out": ("N", _("Out of network"))}


def _money_field(label) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, min_value=0, max_digits=10, decimal_places=2
    )


class PhoneCheckForm(forms.Form):
    """What the payer said on the phone, in the fields an electronic answer fills."""

    active = forms.ChoiceField(label=_("Coverage active"), choices=YES_NO, required=False)
    plan_name = forms.CharField(label=_("Plan"), required=False, max_length=50)
    plan_begin = forms.DateField(label=_("Plan begins"), required=False, widget=DATE)
    plan_end = forms.DateField(label=_("Plan ends"), required=False, widget=DATE)
    rejection = forms.ChoiceField(
        label=_("The payer could not answer because"),
        required=False,
        choices=BLANK + [(code, words) for code, (words, _advice) in REASONS.items()],
    )
    notes = forms.CharField(
        label=_("Notes (who you spoke to, call reference)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.groups = []
        for code in PHONE_CHECK:
            covered = f"{code}_covered"
            self.fields[covered] = forms.ChoiceField(
                label=_("Covered"), choices=YES_NO, required=False
            )
            networks = []
            for network, (_indicator, network_label) in PHONE_NETWORKS.items():
                names = []
                for figure, (figure_label, _code, _period) in FIGURES.items():
                    name = f"{code}_{network}_{figure}"
                    self.fields[name] = _money_field(figure_label)
                    names.append(name)
                coinsurance = f"{code}_{network}_coinsurance"
                self.fields[coinsurance] = forms.DecimalField(
                    label=_("Coinsurance (%)"),
                    required=False,
                    min_value=0,
                    max_value=100,
                    decimal_places=2,
                )
                authorisation = f"{code}_{network}_authorisation"
                self.fields[authorisation] = forms.ChoiceField(
                    label=_("Prior authorisation needed"), choices=YES_NO, required=False
                )
                networks.append((network_label, [*names, coinsurance, authorisation]))
            self.groups.append((SERVICE_TYPES[code], covered, networks))

    def clean(self) -> dict:
        cleaned = super().clean()
        begin, end = cleaned.get("plan_begin"), cleaned.get("plan_end")
        if begin and end and end < begin:
            self.add_error("plan_end", _("The plan cannot end before it begins."))
        return cleaned

    def reply(self) -> Reply:
        """What was recorded, as the benefit lines of an eligibility answer."""
        data = self.cleaned_data
        lines: list[BenefitLine] = []
        status = {"yes": "1", "no": "6"}.get(data["active"])
        notes = (data["notes"],) if data["notes"] else ()
        if status or data["plan_name"] or notes:
            lines.append(
                BenefitLine(
                    code=status or "D",
                    service_types=(HEALTH_PLAN,),
                    plan_description=data["plan_name"],
                    messages=notes,
                )
            )
        for code in PHONE_CHECK:
            covered = {"yes": "1", "no": "I"}.get(data[f"{code}_covered"])
            if covered:
                lines.append(BenefitLine(code=covered, service_types=(code,)))
            for network, (indicator, _label) in PHONE_NETWORKS.items():
                lines.extend(self._network_lines(code, network, indicator))
        rejection = data["rejection"]
        return Reply(
            lines=tuple(lines),
            rejections=(Rejection(about="subscriber", code=rejection),) if rejection else (),
            plan_begin=data["plan_begin"],
            plan_end=data["plan_end"],
        )

    def _network_lines(self, code: str, network: str, indicator: str) -> list[BenefitLine]:
        data = self.cleaned_data
        authorisation = {"yes": "Y", "no": "N"}.get(data[f"{code}_{network}_authorisation"], "")
        common = {"service_types": (code,), "network": indicator, "authorisation": authorisation}
        lines = [
            BenefitLine(
                code=line_code, period=period, amount=data[f"{code}_{network}_{figure}"], **common
            )
            for figure, (_label, line_code, period) in FIGURES.items()
            if data[f"{code}_{network}_{figure}"] is not None
        ]
        share = data[f"{code}_{network}_coinsurance"]
        if share is not None:
            lines.append(BenefitLine(code="A", percent=share / Decimal(100), **common))
        if authorisation and not lines:
            lines.append(BenefitLine(code="D", **common))
        return lines

    def recorded(self) -> dict:
        """The form as typed, for the check's stored answer."""
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Verification.choices)
