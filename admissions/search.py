"""How the queue's search compares what staff type with what a lead holds (pure Python).

Phone numbers are compared by their digits alone, whatever the punctuation either side used;
names and emails without accents or case ("Maria" finds "María"). The database does the same
fold (``doorway_fold``, made by migration 0010 on PostgreSQL with ``unaccent``, registered for
each connection on SQLite), so an index answers the search.
"""

import unicodedata

# Fewer digits than this find too much to be a phone search (a street number, an age).
MIN_PHONE_DIGITS = 3


def phone_digits(value: str) -> str:
    """The digits of a phone number, in order: ``(305) 555-0142`` → ``3055550142``."""
    return "".join(
        character for character in value or "" if character.isascii() and character.isdigit()
    )


def fold(value: str | None) -> str | None:
    """``value`` without accents, in capitals: ``María`` → ``MARIA`` (None stays None)."""
    if value is None:
        return None
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).upper()
