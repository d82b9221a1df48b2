"""What the benefits app writes to the audit log (through ``admissions.audit.record_audit``).

Details name fields, ids and codes, never a member ID, a name or what the payer said.
"""


class Action:
    COVERAGE_SAVED = "benefits_coverage_saved"
    VIEW_COVERAGE = "benefits_view_coverage"
    CHECK_REQUESTED = "benefits_check_requested"
    # The inquiry leaves Doorway for the clearinghouse and the payer: a disclosure.
    CHECK_SENT = "benefits_check_sent"
    CHECK_RECORDED = "benefits_check_recorded"
    VIEW_CHECK = "benefits_view_check"
    OUTCOME = "benefits_outcome"
    ERASED = "benefits_erased"
