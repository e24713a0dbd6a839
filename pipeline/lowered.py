"""Lower-cased text for searches that ignore case: Python's case-insensitive search is slow (about
1 s per pattern over the 2,231 PMC texts), a search for a string or a case-sensitive pattern in the
lower-cased text much faster (0.03 s for a string)."""

from __future__ import annotations

# Under IGNORECASE "i" also matches the capital I with a dot and the dotless i, and "s" the long s,
# which lower() does not make "i" or "s" (the first it makes two characters).
_FOLDED_TO_I_OR_S = ("\u0130", "\u0131", "\u017f")


def lowered(text: str) -> str | None:
    """The text lower-cased, in which a lower-case string or pattern finds what it finds case-
    insensitively in the text; None when the text has a character for which that does not hold."""
    if any(c in text for c in _FOLDED_TO_I_OR_S):
        return None
    return text.lower()
