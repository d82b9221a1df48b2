"""The consent the person gives before sending, and its version (stored with every lead).

Change ``CONSENT_VERSION`` whenever the wording in ``intake/consent.html`` changes in meaning, so
each lead records which text the person agreed to.
"""

CONSENT_VERSION = "2026-11-1"
