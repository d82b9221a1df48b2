"""What an API key may do: each scope declared once, with the words the admin shows."""

from django.utils.translation import gettext_lazy as _

LEADS_READ = "leads:read"
LEADS_WRITE = "leads:write"
FHIR_READ = "fhir:read"
PROGRAMS_READ = "programs:read"
SLOTS_READ = "slots:read"

SCOPES = {
    LEADS_READ: _("Read leads (listed, and one at a time with a consent on file)"),
    LEADS_WRITE: _("Create leads and update their status and next action"),
    FHIR_READ: _("Read a lead as a FHIR R4 Bundle (with a consent on file)"),
    PROGRAMS_READ: _("Read the catalog of programs"),
    SLOTS_READ: _("Read the free assessment slots (times and modes only)"),
}
