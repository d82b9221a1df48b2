"""The consent the person gives before sending, and its version (stored with every lead).

The consent is asked on the contact step (``ContactForm.consent_contact`` and
``consent_texts``). Change ``CONSENT_VERSION`` whenever their wording changes in meaning, so
each lead records which text the person agreed to.
"""

CONSENT_VERSION = "2026-11-1"
