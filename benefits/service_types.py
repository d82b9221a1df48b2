"""The X12 service type codes (EQ01 of a 270, EB03 of a 271) that matter to this centre.

Code list 1365 of X12 5010. A payer answers about many more (dental, vision, pharmacy…); the
summary shows only these, and the raw answer keeps everything.
"""

from django.utils.translation import gettext_lazy as _

HEALTH_PLAN = "30"

SERVICE_TYPES = {
    HEALTH_PLAN: _("Health plan (all services)"),
    "AI": _("Substance use treatment"),
    "AJ": _("Alcohol use treatment"),
    "AK": _("Drug addiction treatment"),
    "CI": _("Substance use facility, inpatient or residential"),
    "CJ": _("Substance use facility, outpatient"),
    "MH": _("Mental health"),
    "A4": _("Psychiatric care"),
    "A6": _("Psychotherapy"),
    "A7": _("Psychiatric care, inpatient"),
    "A8": _("Psychiatric care, outpatient"),
    "BB": _("Psychiatric partial hospitalisation"),
    "CE": _("Mental health provider, inpatient"),
    "CF": _("Mental health provider, outpatient"),
    "CG": _("Mental health facility, inpatient or residential"),
    "CH": _("Mental health facility, outpatient"),
    "RT": _("Residential psychiatric treatment"),
}

# What an electronic check asks about: the plan itself (its status and dates), substance use and
# mental health, and the facility codes for 24-hour and outpatient care, in and out of network.
REQUESTED = (HEALTH_PLAN, "AI", "MH", "CI", "CJ", "CG", "CH")

# What a phone check records, for each network.
PHONE_CHECK = ("AI", "MH")


def label(code: str) -> str:
    """The service type in words, or its code when it is not one of ours."""
    return str(SERVICE_TYPES.get(code, code))
