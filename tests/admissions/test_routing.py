"""The routing policy as a table: plain values in, a decision out, no database."""

from datetime import UTC, datetime

import pytest

from admissions.routing import CounsellorSnapshot, Decision, LeadFacts, Why, decide

EARLY = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)
LATE = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def counsellor(
    user_id: int,
    *,
    languages: tuple[str, ...] = ("en",),
    on_call: bool = False,
    adolescents: bool = False,
    capacity: int = 25,
    open_leads: int = 0,
    last: datetime | None = EARLY,
    active: bool = True,
) -> CounsellorSnapshot:
    return CounsellorSnapshot(
        user_id=user_id,
        languages=frozenset(languages),
        on_call=on_call,
        accepts_adolescents=adolescents,
        capacity=capacity,
        open_leads=open_leads,
        last_assigned_at=last,
        active=active,
    )


def lead(
    priority: str = "normal", *, crisis: bool = False, language: str = "en", age: int = 34
) -> LeadFacts:
    return LeadFacts(priority=priority, crisis=crisis, language=language, age=age)


CASES = [
    # (name, lead, counsellors, expected counsellor, alert supervisors, reason)
    (
        "urgent_goes_to_on_call_even_when_busier",
        lead("urgent"),
        [counsellor(1, open_leads=0), counsellor(2, on_call=True, open_leads=9)],
        2,
        False,
        Why.ON_CALL,
    ),
    (
        "crisis_counts_as_urgent",
        lead("high", crisis=True),
        [counsellor(1), counsellor(2, on_call=True, open_leads=3)],
        2,
        False,
        Why.ON_CALL,
    ),
    (
        "urgent_with_nobody_on_call_goes_to_anyone_and_alerts",
        lead("urgent"),
        [counsellor(1, open_leads=4), counsellor(2, open_leads=1)],
        2,
        True,
        Why.NO_ON_CALL,
    ),
    (
        "urgent_with_on_call_counsellor_at_capacity_alerts",
        lead("urgent"),
        [counsellor(1, on_call=True, capacity=2, open_leads=2), counsellor(2)],
        2,
        True,
        Why.NO_ON_CALL,
    ),
    (
        "high_priority_is_not_sent_to_on_call_specially",
        lead("high"),
        [counsellor(1, on_call=True, open_leads=5), counsellor(2, open_leads=1)],
        2,
        False,
        Why.LEAST_LOADED,
    ),
    (
        "spanish_speaker_goes_to_spanish_speaking_counsellor",
        lead(language="es"),
        [counsellor(1, open_leads=0), counsellor(2, languages=("en", "es"), open_leads=6)],
        2,
        False,
        Why.LEAST_LOADED,
    ),
    (
        "spanish_speaker_falls_back_when_the_spanish_speaker_is_full",
        lead(language="es"),
        [counsellor(1), counsellor(2, languages=("es",), capacity=3, open_leads=3)],
        1,
        False,
        Why.LEAST_LOADED,
    ),
    (
        "spanish_speaker_falls_back_when_no_spanish_speaker_is_active",
        lead(language="es"),
        [counsellor(1, open_leads=2), counsellor(2, languages=("es",), active=False)],
        1,
        False,
        Why.LEAST_LOADED,
    ),
    (
        "urgent_spanish_speaker_prefers_spanish_speaking_on_call",
        lead("urgent", language="es"),
        [
            counsellor(1, on_call=True),
            counsellor(2, on_call=True, languages=("es",), open_leads=4),
            counsellor(3, languages=("es",)),
        ],
        2,
        False,
        Why.ON_CALL,
    ),
    (
        "adolescent_goes_to_counsellor_who_accepts_adolescents",
        lead(age=16),
        [counsellor(1), counsellor(2, adolescents=True, open_leads=8)],
        2,
        False,
        Why.LEAST_LOADED,
    ),
    (
        "adolescent_match_wins_over_language_match",
        lead(age=15, language="es"),
        [counsellor(1, languages=("es",)), counsellor(2, adolescents=True)],
        2,
        False,
        Why.LEAST_LOADED,
    ),
    (
        "adolescent_with_no_adolescent_counsellor_still_assigned_and_alerts",
        lead(age=17),
        [counsellor(1, open_leads=3), counsellor(2, open_leads=1)],
        2,
        True,
        Why.NO_ADOLESCENT_COUNSELLOR,
    ),
    (
        "eighteen_is_an_adult",
        lead(age=18),
        [counsellor(1, open_leads=1), counsellor(2, adolescents=True, open_leads=2)],
        1,
        False,
        Why.LEAST_LOADED,
    ),
    (
        "fewest_open_leads_wins",
        lead(),
        [counsellor(1, open_leads=3), counsellor(2, open_leads=2), counsellor(3, open_leads=5)],
        2,
        False,
        Why.LEAST_LOADED,
    ),
    (
        "tie_goes_to_longest_without_an_assignment",
        lead(),
        [counsellor(1, open_leads=2, last=LATE), counsellor(2, open_leads=2, last=EARLY)],
        2,
        False,
        Why.LEAST_LOADED,
    ),
    (
        "never_assigned_counts_as_longest_waiting",
        lead(),
        [counsellor(1, open_leads=2, last=EARLY), counsellor(2, open_leads=2, last=None)],
        2,
        False,
        Why.LEAST_LOADED,
    ),
    (
        "complete_tie_goes_to_lowest_id",
        lead(),
        [counsellor(7, open_leads=2), counsellor(3, open_leads=2)],
        3,
        False,
        Why.LEAST_LOADED,
    ),
    (
        "counsellor_at_capacity_is_skipped",
        lead(),
        [counsellor(1, capacity=2, open_leads=2), counsellor(2, open_leads=20)],
        2,
        False,
        Why.LEAST_LOADED,
    ),
    (
        "inactive_counsellor_is_skipped",
        lead(),
        [counsellor(1, active=False), counsellor(2, open_leads=20)],
        2,
        False,
        Why.LEAST_LOADED,
    ),
    (
        "everybody_at_capacity_leaves_lead_unassigned_and_alerts",
        lead(),
        [counsellor(1, capacity=1, open_leads=1), counsellor(2, capacity=0)],
        None,
        True,
        Why.NOBODY_AVAILABLE,
    ),
    ("no_counsellors_at_all_alerts", lead("urgent"), [], None, True, Why.NOBODY_AVAILABLE),
    (
        "a_lead_someone_already_took_stays_with_them",
        LeadFacts(priority="urgent", crisis=True, language="en", age=34, assigned_to=5),
        [counsellor(1, on_call=True), counsellor(5, capacity=0)],
        5,
        False,
        Why.ALREADY_ASSIGNED,
    ),
]


@pytest.mark.parametrize(
    ("lead_facts", "counsellors", "expected", "alert", "reason"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_routing_policy(lead_facts, counsellors, expected, alert, reason):
    decision = decide(lead_facts, counsellors)
    assert (decision.counsellor_id, decision.alert_supervisors, decision.reason) == (
        expected,
        alert,
        reason,
    )


def test_decision_says_whether_the_language_was_matched():
    both = [counsellor(1, languages=("en",)), counsellor(2, languages=("es",), capacity=0)]
    assert decide(lead(language="es"), both) == Decision(
        1, alert_supervisors=False, reason=Why.LEAST_LOADED, language_matched=False
    )
    assert decide(lead(language="en"), both).language_matched is True


def test_order_of_counsellors_does_not_change_the_decision():
    team = [
        counsellor(1, open_leads=2, last=LATE),
        counsellor(2, open_leads=2, last=EARLY),
        counsellor(3, open_leads=4),
    ]
    assert decide(lead(), team) == decide(lead(), list(reversed(team)))
