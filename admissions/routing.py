"""Who should call this lead first: the routing policy, as a pure function over plain values.

Nothing here touches the database, Celery or Django, so the whole policy can be read in one
place and tested as a table. ``admissions.services`` takes the snapshots, asks ``decide`` and
stores the result.

The policy, in order:

0. A lead someone already took (claimed from the queue, or handed over by a supervisor, before
   routing ran) stays with them.
1. A crisis or urgent lead goes to a counsellor who is on call. With nobody on call it goes to
   any available counsellor, and supervisors are alerted so someone senior knows.
2. A person under 18 goes to a counsellor who accepts adolescents when one is available; when
   none is, the lead still goes to someone and supervisors are alerted.
3. A Spanish speaker goes to a Spanish-speaking counsellor when one is available.
4. Among the remaining candidates: the fewest open leads; ties go to whoever has waited longest
   since their last assignment (never assigned counts as longest).
5. A counsellor at capacity is skipped. With nobody available the lead stays unassigned in the
   queue and supervisors are alerted.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

ADULT_AGE = 18


@dataclass(frozen=True, slots=True)
class LeadFacts:
    """What routing needs to know about a lead (no contact details)."""

    priority: str  # "urgent", "high" or "normal"
    crisis: bool
    language: str  # "en" or "es"
    age: int
    assigned_to: int | None = None

    @property
    def is_urgent(self) -> bool:
        return self.crisis or self.priority == "urgent"

    @property
    def is_adolescent(self) -> bool:
        return self.age < ADULT_AGE


@dataclass(frozen=True, slots=True)
class CounsellorSnapshot:
    """One counsellor as routing sees them at this moment."""

    user_id: int
    languages: frozenset[str]
    on_call: bool
    accepts_adolescents: bool
    capacity: int
    open_leads: int
    last_assigned_at: datetime | None
    active: bool = True

    @property
    def available(self) -> bool:
        return self.active and self.open_leads < self.capacity


class Why(StrEnum):
    """The reason code stored with every routing decision."""

    ALREADY_ASSIGNED = "already_assigned"
    ON_CALL = "on_call"
    NO_ON_CALL = "no_on_call"
    NO_ADOLESCENT_COUNSELLOR = "no_adolescent_counsellor"
    LEAST_LOADED = "least_loaded"
    NOBODY_AVAILABLE = "nobody_available"


@dataclass(frozen=True, slots=True)
class Decision:
    counsellor_id: int | None
    alert_supervisors: bool
    reason: Why
    # Whether the language preference could be honoured (False also when nobody was found).
    language_matched: bool = False


def decide(lead: LeadFacts, counsellors: Sequence[CounsellorSnapshot]) -> Decision:
    """Choose the counsellor for ``lead`` among ``counsellors``, and say why."""
    if lead.assigned_to is not None:
        return Decision(lead.assigned_to, alert_supervisors=False, reason=Why.ALREADY_ASSIGNED)
    pool = [c for c in counsellors if c.available]
    if not pool:
        return Decision(None, alert_supervisors=True, reason=Why.NOBODY_AVAILABLE)

    alert = False
    reason = Why.LEAST_LOADED
    if lead.is_urgent:
        on_call = [c for c in pool if c.on_call]
        if on_call:
            pool, reason = on_call, Why.ON_CALL
        else:
            alert, reason = True, Why.NO_ON_CALL

    if lead.is_adolescent:
        for_adolescents = [c for c in pool if c.accepts_adolescents]
        if for_adolescents:
            pool = for_adolescents
        else:
            alert = True
            if reason == Why.LEAST_LOADED:
                reason = Why.NO_ADOLESCENT_COUNSELLOR

    speakers = [c for c in pool if lead.language in c.languages]
    if speakers:
        pool = speakers

    chosen = min(pool, key=_load_order)
    return Decision(
        chosen.user_id,
        alert_supervisors=alert,
        reason=reason,
        language_matched=lead.language in chosen.languages,
    )


def _load_order(counsellor: CounsellorSnapshot) -> tuple:
    """Fewest open leads first, then longest since the last assignment, then a stable id."""
    never_assigned = counsellor.last_assigned_at is None
    waited_since = counsellor.last_assigned_at.timestamp() if counsellor.last_assigned_at else 0.0
    return (counsellor.open_leads, not never_assigned, waited_since, counsellor.user_id)
