"""Content words and their stems, for comparing titles and sentences.

Finnish inflects words at the end ("raportointijärjestelmä",
"raportointijärjestelmää", "raportointijärjestelmän"), so two words are
taken for the same word when they share their first :data:`PREFIX` letters;
words of fewer than four letters ("ja", "on", "sekä" aside) carry too little
to compare."""

from __future__ import annotations

import regex

WORD = regex.compile(r"[^\W\d_]{4,}")
PREFIX = 6  # letters two forms of one word share (the endings differ)


def content_words(text: str | None) -> list[str]:
    """The content words of ``text``, lower-cased, in order."""
    return [w.lower() for w in WORD.findall(text or "")]


def stems(text: str | None) -> set[str]:
    """The stems of the content words: two texts share a stem where they
    share a word in any of its forms."""
    return {w[:PREFIX] for w in content_words(text)}


def same_word(a: str, b: str) -> bool:
    """Two lower-cased content words are forms of one word."""
    return a[:PREFIX] == b[:PREFIX] if len(a) >= PREFIX and len(b) >= PREFIX else a == b


def first_letters(words, length: int = 5) -> tuple[str, ...]:
    """The first ``length`` letters of each word, lower-cased, each once: a
    text that holds one of the words holds one of these. A recogniser whose
    every match holds one of its words tests these with ``in`` on the
    lowered line before it runs its expression: a few substring tests
    instead of a slower search on most lines."""
    return tuple(dict.fromkeys(w.lower()[:length] for w in words if w))


def prefix_alternation(words) -> str:
    """The words as one alternative in which the letters they start with are
    written once: "€|eur|euro|euroa" becomes "(?:€|eur(?:o(?:a|)|))". The
    regex module tries a flat list word by word at every position; this
    form, one letter at a time. It finds a word wherever the flat list does,
    but not always the same word first: use it where that cannot change the
    match, in a gate (does the line hold one of them at all?) or for words
    of letters only each followed by "(?!\\w)" or "\\w*" (the match then
    ends at the end of the word whichever word is found)."""
    branches: dict[str, list[str]] = {}
    ends_here = False
    for word in words:
        if word:
            branches.setdefault(word[0], []).append(word[1:])
        else:
            ends_here = True
    parts = [regex.escape(first) + prefix_alternation(rest) for first, rest in branches.items()]
    if not parts:
        return ""
    if len(parts) == 1 and not ends_here:
        return parts[0]
    return "(?:" + "|".join(parts) + ("|" if ends_here else "") + ")"


def holds_any(text: str, pieces: tuple[str, ...]) -> bool:
    """Whether the lower-cased ``text`` holds one of ``pieces``."""
    lowered = text.lower()
    for piece in pieces:  # a loop: called for every line by several recognisers
        if piece in lowered:
            return True
    return False

