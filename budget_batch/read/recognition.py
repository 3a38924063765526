"""How well a document's content fits a kind: the anchors a kind looked for and those it found.

Every kind is asked; the best fit reads the document (kinds/). A document that fits none gets one
finding that says what was looked for and what was found (forms.md, "Kinds of form")."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Fit:
    #: How much of the kind's shape was found (0: none of it). Comparable across kinds: each
    #: anchor found counts by its weight.
    score: float = 0.0
    #: What was found and what was looked for, as a user reads them (for the finding on a
    #: document that fits no kind).
    found: list[str] = field(default_factory=list)
    sought: list[str] = field(default_factory=list)
    #: So much of the kind's shape was found that no other kind can fit better (our template
    #: with most of its sheets): the other kinds are not asked (each would read every sheet).
    certain: bool = False

    def add(self, weight: float, what: str) -> None:
        self.score += weight
        self.found.append(what)
