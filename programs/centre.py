"""The treatment centre's own contact details: its name, admissions phone, address and hours.

They come from ``settings.DOORWAY_CENTRE`` (environment variables) and appear on every patient
page: the footer, the result, the program list and each program's page. A detail that is not
set is simply not shown; ``manage.py check --deploy`` warns about the missing ones.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import checks
from django.http import HttpRequest
from django.utils.translation import get_language

# The variables behind each detail, for the deploy check's message.
VARIABLES = {
    "name": "DOORWAY_CENTRE_NAME",
    "phone": "DOORWAY_CENTRE_PHONE",
    "address": "DOORWAY_CENTRE_ADDRESS",
    "hours": "DOORWAY_CENTRE_HOURS",
}


@dataclass(frozen=True, slots=True)
class Centre:
    name: str
    phone: str
    address: str
    hours: str

    @property
    def tel_href(self) -> str:
        """The phone number as a ``tel:`` link: its digits, with a leading + if it has one."""
        digits = "".join(char for char in self.phone if char.isdigit())
        return f"tel:{'+' if self.phone.startswith('+') else ''}{digits}"

    def __bool__(self) -> bool:
        return any((self.name, self.phone, self.address, self.hours))


def current_centre(language: str | None = None) -> Centre:
    """The centre's details, with the opening hours in ``language`` (default: the active one)."""
    details = settings.DOORWAY_CENTRE
    hours = details["hours"]
    code = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return Centre(
        name=details["name"],
        phone=details["phone"],
        address=details["address"],
        hours=hours.get(code) or hours.get(settings.LANGUAGE_CODE, ""),
    )


def centre(request: HttpRequest) -> dict:
    """Template context processor: ``centre`` on every page."""
    return {"centre": current_centre()}


@checks.register(checks.Tags.compatibility, deploy=True)
def check_centre_details(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Warn, before going live, about contact details patient pages will not show."""
    details = settings.DOORWAY_CENTRE
    missing = {
        key: variable
        for key, variable in VARIABLES.items()
        if not (details[key]["en"] if key == "hours" else details[key])
    }
    if not missing:
        return []
    return [
        checks.Warning(
            f"Patient pages will not show the centre's {', '.join(missing)}.",
            hint=f"Set {', '.join(missing.values())} (see .env.example).",
            id="doorway.W001",
        )
    ]
