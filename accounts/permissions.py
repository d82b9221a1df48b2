"""Which role may do what: the one table that the staff pages, the admin site and any API read.

Each line of ``Perm`` is one permission: the roles that hold it, what it lets them do (shown to
supervisors on the staff accounts page) and, for the admin site, the models it opens there.

To add a permission — a clinician confirming the level of care, the benefits queue, a reporting
page, API keys, webhooks — add ONE line here::

    CONFIRM_LEVEL_OF_CARE = ((CLINICIAN, SUPERVISOR), _("Confirm or change the level of care"))

then guard the view with ``@requires(Perm.CONFIRM_LEVEL_OF_CARE)`` (``accounts.decorators``), or
call ``allows(user, Perm.CONFIRM_LEVEL_OF_CARE)`` where there is no view (an API permission
class, a template flag). A staff URL whose view names no permission fails the access-matrix
test, which walks every role against every staff URL and expects exactly this table.
"""

from enum import Enum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.translation import gettext_noop as _

from accounts.roles import Role, roles_of

COUNSELLOR, SUPERVISOR, CLINICIAN = Role.COUNSELLOR, Role.SUPERVISOR, Role.CLINICIAN
BENEFITS, ANALYST, ADMIN = Role.BENEFITS, Role.ANALYST, Role.ADMIN
EVERY_ROLE = tuple(Role)


class Perm(Enum):
    """A permission: (roles that hold it, what it allows[, admin models it opens]).

    Descriptions are marked for translation and translated where they are shown
    (``gettext(perm.description)``); a lazy string here would be evaluated too early.
    """

    # --- Leads (people's records) ---------------------------------------------------------
    VIEW_QUEUE = ((COUNSELLOR, SUPERVISOR, CLINICIAN), _("Open the queue of leads"))
    VIEW_LEAD = ((COUNSELLOR, SUPERVISOR, CLINICIAN, BENEFITS), _("Open a lead's page"))
    SEE_ALL_LEADS = (
        (SUPERVISOR, CLINICIAN, BENEFITS),
        _("See every lead, not only unassigned ones and one's own"),
    )
    WORK_LEADS = (
        (COUNSELLOR, SUPERVISOR),
        _("Claim leads, log contact attempts, add notes, move the status"),
    )
    CLAIM_LEADS = ((COUNSELLOR,), _("Take an unassigned lead, or confirm one routed to them"))
    MANAGE_SLOTS = (
        (COUNSELLOR, SUPERVISOR, CLINICIAN),
        _("Offer assessment slots (who, when, in person, phone or video)"),
    )
    CONFIRM_LEVEL_OF_CARE = (
        (CLINICIAN, SUPERVISOR),
        _("Confirm or change the level of care after the formal assessment"),
    )
    VIEW_MY_DAY = (
        (COUNSELLOR, SUPERVISOR),
        _("See one's follow-ups due today (“My day”), and supervisors' decisions"),
    )
    ADD_LEADS = ((COUNSELLOR, SUPERVISOR), _("Create a lead from a phone call"))
    VIEW_WAITING_LISTS = (
        (COUNSELLOR, SUPERVISOR),
        _("See a program's waiting list, in order (lead numbers, no names)"),
    )
    SUPERVISE_LEADS = ((SUPERVISOR,), _("Hand a lead to another counsellor"))
    MERGE_LEADS = ((SUPERVISOR,), _("Merge two leads that are the same person"))
    EXPORT_LEADS = ((SUPERVISOR,), _("Export the queue as CSV"))
    VIEW_INSURANCE_CARDS = (
        (COUNSELLOR, SUPERVISOR, BENEFITS),
        _("See photos of insurance cards"),
    )

    # --- Benefits (who pays) ---------------------------------------------------------------
    VIEW_BENEFITS_QUEUE = (
        (BENEFITS, SUPERVISOR),
        _("Work the benefits queue: leads whose coverage is not yet verified"),
    )
    SET_BENEFITS_OUTCOME = (
        (BENEFITS, SUPERVISOR),
        _("Record a benefits outcome: verified, self-pay conversation, authorisation needed"),
    )
    WORK_COVERAGE = (
        (COUNSELLOR, SUPERVISOR, BENEFITS),
        _("See and edit a lead's coverage, and check benefits"),
    )

    # --- Handoff: Part 2 consents, disclosures, the centre's other systems -----------------
    VIEW_CONSENTS = (
        (COUNSELLOR, SUPERVISOR, CLINICIAN),
        _("Read a lead's Part 2 consents and the list of its disclosures"),
    )
    RECORD_CONSENTS = (
        (COUNSELLOR, SUPERVISOR),
        _("Record or revoke a Part 2 consent, and record a referral as a disclosure"),
    )
    SEND_TO_EHR = ((SUPERVISOR,), _("Send a lead's record to the EHR now"))
    VIEW_WEBHOOKS = (
        (SUPERVISOR, ADMIN),
        _("Read the webhook delivery log and send a delivery again"),
    )
    MANAGE_INTEGRATIONS = (
        (SUPERVISOR, ADMIN),
        _("Create and revoke API keys, and manage webhook subscriptions"),
        ("handoff.apikey", "handoff.webhooksubscription"),
    )

    # --- Figures (no people) --------------------------------------------------------------
    VIEW_DASHBOARD = (EVERY_ROLE, _("See the dashboard's counts and response times"))
    VIEW_REPORTS = (
        (SUPERVISOR, ANALYST),
        _("See the reports (funnel, speed to lead, sources, trends) and their CSV"),
    )

    # --- Accounts and oversight -----------------------------------------------------------
    VIEW_AUDIT = ((SUPERVISOR, ADMIN), _("Read the audit log"), ("admissions.auditentry",))
    SEE_CORRECTED_VALUES = (
        (SUPERVISOR,),
        _("Read the old and new contact details of a correction in a lead's audit log"),
    )
    MANAGE_ACCOUNTS = (
        (SUPERVISOR, ADMIN),
        _("Unlock a locked account and reset a colleague's second factor"),
    )
    OWN_SECURITY = (EVERY_ROLE, _("Manage one's own password and second factors"))

    # --- The admin site -------------------------------------------------------------------
    USE_ADMIN_SITE = ((SUPERVISOR, ADMIN), _("Open the admin site"))
    MANAGE_ROUTING = (
        (SUPERVISOR, ADMIN),
        _("Edit counsellor profiles (languages, on call, capacity)"),
        ("admissions.counsellorprofile",),
    )
    MANAGE_CATALOG = (
        (SUPERVISOR, ADMIN),
        _("Edit the catalog of programs"),
        ("programs.program",),
    )
    MANAGE_STAFF = (
        (ADMIN,),
        _("Create staff accounts and give them roles"),
        ("auth.user", "auth.group"),
    )

    def __init__(self, roles: tuple[Role, ...], description, admin_models: tuple[str, ...] = ()):
        self.roles = frozenset(roles)
        self.description = description
        self.admin_models = admin_models


def allows(user: AbstractBaseUser | AnonymousUser, perm: Perm) -> bool:
    """Whether any of the user's roles holds ``perm``."""
    return not perm.roles.isdisjoint(roles_of(user))


def permissions_of(roles: frozenset[Role]) -> list[Perm]:
    """Every permission that at least one of ``roles`` holds, in table order."""
    return [perm for perm in Perm if not perm.roles.isdisjoint(roles)]


# Where a member of staff lands after signing in: the first page here that their roles open.
LANDING_PAGES = (
    ("admissions:queue", Perm.VIEW_QUEUE),
    ("benefits:queue", Perm.VIEW_BENEFITS_QUEUE),
    ("admissions:dashboard", Perm.VIEW_DASHBOARD),
)


def users_allowed(perm: Perm):
    """Active users holding ``perm`` through a role group (superusers too, when admins hold it)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from accounts.roles import GROUP_NAMES

    holders = Q(groups__name__in=[GROUP_NAMES[role] for role in perm.roles])
    if ADMIN in perm.roles:
        holders |= Q(is_superuser=True)
    return get_user_model().objects.filter(holders, is_active=True)
