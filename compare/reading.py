"""One structured reading of a provision: who is bound, what force, which act on what,
toward whom, and what exceptions give back.

A reading is made from a provision's own words (its parent's lead-in supplies the
actor and the force when the provision is an item of a list) with the checklist's
``vocabulary``: one place that says which words mean which actor, act, object,
counterpart, exception and scope. Items then judge provisions by their readings
(the direction of a provision, its exceptions, a narrowed actor), and the reading is
shown in words ("bound: law enforcement · must not · share personal information ·
to immigration authorities · unless: judicial warrant") and stored with the scorecard.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import asdict, dataclass

from .patterns import terms_in

# how each force reads in words
FORCE_WORDS = {
    "prohibit": "must not",
    "require": "must",
    "permissive": "may",
    "saving": "saving clause (does not prohibit)",
    "mandate": "must cooperate / must not limit cooperation",
    "exemption": "exemption (enacts nothing)",
    "findings": "finding (enacts nothing)",
    "definition": "definition (enacts nothing)",
    "repeal": "repeals",
    "none": "no operative force",
}
# exception terms (vocabulary) that need a court, and those that hollow a rule out
COURT = frozenset({"judicial warrant", "court order"})
# "unless otherwise permitted by federal law": whatever federal law allows (all cooperation)
# is allowed, so the rule binds nothing federal law does not already forbid
LOOSE = frozenset(
    {
        "on request",
        "discretion",
        "administrative warrant",
        "payment",
        "permitted by law",
        "under an agreement",
        "any government recipient",
        "subpoena",
    }
)
# a loose exception offered beside a court's ("a judicial warrant or a warrant of removal
# issued by an immigration officer"): either will do, so the court's adds nothing
ALTERNATIVE = frozenset({"or an immigration warrant"})
# the kinds of terms the vocabulary holds, in the order a reading lists them
KINDS = ("actors", "acts", "objects", "counterparts", "exceptions", "scopes")
_EXCEPTION_CLAUSE = re.compile(
    r"\b(?:unless|except|other than|provided,? however|only (?:if|when|upon|where|pursuant)"
    r"|without|absent|in the absence of|not (?:accompanied|supported) by"  # "a detainer that is not accompanied by ...": unless it is
    r"|to the extent (?:consistent with|permitted by|allowed by|authori[sz]ed by)"
    r"(?= (?:applicable )?(?:state law|the laws of (?:this|the) state|(?:chapter|section) \d)))\b"  # "To the extent consistent with state law, ...": as far as a state's law lets it
)

# a lead-in whose exceptions are the list below it ("shall not be disclosed ..., except:")
_LISTED_EXCEPTIONS = re.compile(
    r"\b(?:unless|except|other than|only)\b(?: (?:as follows|in the following [a-z]+|when|if|where|upon|in response to|pursuant to))?\s*[:—-]\s*$"
)
MAX_LISTED = 1500  # how much of the list below is read for its exceptions
_LIST_ITEM_BREAK = re.compile(r";\s*(?:(?:or|and)\s+)?")


@dataclass(frozen=True)
class Reading:
    """What one provision does, in the vocabulary's terms."""

    section: str
    actor: str
    force: str
    acts: tuple[str, ...]
    objects: tuple[str, ...]
    counterpart: str
    exceptions: tuple[str, ...]
    scope: str
    guidance: bool = False
    hollowed_by: str = ""  # the loose exception that gives the act back, if any
    custodian: bool = False  # the bound body holds people (police, a jail, corrections)

    @property
    def direction(self) -> str:
        """``restrictive`` (mandates or facilitates cooperation), ``protective`` (limits
        it), or ``neutral``."""
        if self.force == "mandate":
            return "restrictive"
        if self.force in ("prohibit", "require", "permissive") and self.counterpart:
            return "protective"
        return "neutral"

    @property
    def hollowed(self) -> bool:
        """An exception gives the forbidden act back on a mere request, at an official's
        discretion or on an administrative warrant (no court needed)."""
        return bool(self.hollowed_by)

    def describe(self) -> str:
        """The reading in words, for --explain, the bill page and the diff."""
        parts = [f"bound: {self.actor or 'unspecified'}", FORCE_WORDS.get(self.force, self.force)]
        if self.guidance:
            parts.append("as guidance")
        if self.acts:
            what = " / ".join(self.acts)
            if self.objects:
                what += " " + " / ".join(self.objects)
            parts.append(what)
        elif self.objects:
            parts.append("concerning " + " / ".join(self.objects))
        if self.counterpart:
            parts.append(f"re: {self.counterpart}")
        if self.exceptions:
            parts.append("unless: " + ", ".join(self.exceptions))
        if self.scope:
            parts.append(f"only: {self.scope}")
        return " · ".join(parts)

    @classmethod
    def from_dict(cls, data: dict) -> Reading:
        """A reading stored with :meth:`as_dict` (extra keys such as ``text`` ignored)."""
        fields = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in fields}
        for key in ("acts", "objects", "exceptions"):
            values[key] = tuple(values.get(key) or ())
        return cls(**values)

    def as_dict(self) -> dict:
        out = asdict(self)
        out["acts"], out["objects"] = list(self.acts), list(self.objects)
        out["exceptions"] = list(self.exceptions)
        out["direction"] = self.direction
        out["text"] = self.describe()
        return out


def read(
    section: str,
    text: str,
    lead: str,
    force: str,
    vocabulary: dict[str, dict[str, tuple[re.Pattern, ...]]],
    *,
    guidance: bool = False,
    below: str = "",
) -> Reading:
    """Read one provision (lower-cased, normalised text) and its parent's lead-in; ``below``
    is the list under it, whose items are its exceptions when it ends "..., except:"."""
    actors = vocabulary.get("actors", {})
    # the lead-in's own sentence names who its list binds; when the lead ends on its modal
    # ("no agency shall: (b) provide ... unless the agency is presented with ..."), the item
    # continues that sentence, and its actor comes first
    list_item = bool(lead) and bool(_LIST_LEAD.search(lead[-160:]))
    own = _terms(actors, _subject(_last_sentence(lead[-600:]))) if list_item else []
    own = own or _terms(actors, _subject(text))
    if own and own[0] in PRIVATE_ACTORS:
        # "In resolving a complaint concerning an immigration consultant, the division shall
        # not ...": the private party stands in the opening phrase; the subject follows it
        opened = _OPENING_PHRASE.match(text)
        if opened and _MODAL.search(text, opened.end()):
            own = _terms(actors, _subject(text[opened.end() :]))
    if not own and lead and not list_item:
        last = _last_sentence(lead[-600:])
        if not _MODAL.search(last):
            # a catchline names whom it binds ("Duties of regulated entities"), not whom it
            # shields ("Disclosure ... to federal immigration agencies prohibited")
            last = _without(vocabulary.get("counterparts", {}), last)
        own = _terms(actors, _subject(last))
    actor = own[0] if own else ""
    clauses = [_terms(vocabulary.get("exceptions", {}), c) for c in _exception_clauses(text)]
    if below and _LISTED_EXCEPTIONS.search(text):
        # each listed exception stands alone: "except: (1) on request ...; (4) on a warrant"
        # gives the act back on a request, whatever the other items require
        clauses += [
            _terms(vocabulary.get("exceptions", {}), listed)
            for listed in _LIST_ITEM_BREAK.split(below[:MAX_LISTED])
        ]
    counterparts = _terms(vocabulary.get("counterparts", {}), text) or _terms(
        vocabulary.get("counterparts", {}), lead[-400:]
    )
    scopes = _terms(vocabulary.get("scopes", {}), text)
    return Reading(
        section=section,
        actor=actor,
        custodian=_custodian(own),
        force=force,
        acts=tuple(_terms(vocabulary.get("acts", {}), text)),
        objects=tuple(_terms(vocabulary.get("objects", {}), text)),
        counterpart=counterparts[0] if counterparts else "",
        exceptions=tuple(dict.fromkeys(t for terms in clauses for t in terms)),
        hollowed_by=next((loose for terms in clauses for loose in loose_exceptions(terms)), ""),
        scope=", ".join(scopes),
        guidance=guidance,
    )


PRIVATE_ACTORS = frozenset({"private parties"})  # the vocabulary's actors that are no public body
# an adverbial phrase opening a sentence, before its subject ("In receiving or resolving a
# complaint concerning an immigration consultant, ")
_OPENING_PHRASE = re.compile(
    r"\W*(?:\(?[a-z0-9]{1,4}[.)]\s*)*(?:in|when|whenever|if|upon|before|after|while|during)\s+[^.;]{3,200}?,\s+"
    r"(?=(?:the|each|every|no|any|all|an?)\s)"
)


def _without(kind: dict[str, tuple[re.Pattern, ...]], text: str) -> str:
    """The text with every match of the vocabulary terms of one kind blanked out."""
    for patterns in kind.values():
        for pattern in patterns:
            text = pattern.sub(" ", text)
    return text


def _terms(kind: dict[str, tuple[re.Pattern, ...]], text: str) -> list[str]:
    """The vocabulary terms of one kind found in a text, in vocabulary order."""
    return terms_in(kind, text)


# a lead-in that ends on its modal: the items below it are the verbs of its sentence
_LIST_LEAD = re.compile(r"\b(?:shall|must|may|will)\b(?: not)?[^.;:]{0,60}:\s*$")
_MODAL = re.compile(r"\b(?:shall|must|may|is|are|will|has|have)\b")


def _subject(text: str) -> str:
    """The words before the first modal: where the bound actor is named."""
    m = _MODAL.search(text)
    return text[: m.start()] if m else text[:160]


def _last_sentence(text: str) -> str:
    """The last sentence of a lead-in ("... of this chapter. (b) a provider shall not:"), or
    what follows a catchline ("prohibited representations.-an immigration assistant may
    not:", "is created to read: 501.2145 ...")."""
    text = text.rstrip()
    cuts = [m.end() for m in _SENTENCE_BREAK.finditer(text, 0, max(0, len(text) - 1))]
    return text[cuts[-1] :] if cuts else text


# a colon before a list item ("shall not: (1) use agency moneys ...") keeps its actor: the item
# continues the sentence that names it
_SENTENCE_BREAK = re.compile(
    r"\.[\"”’']?\s+|\.[-—–]+\s*|:\s+(?!\([a-z0-9]{1,4}\)|[a-z0-9]{1,2}[.)]\s)"
)


def _exception_clauses(text: str) -> list[str]:
    """Each exception of a provision, from its cue to the next one ("without a judicial
    warrant, unless the agent requests it in writing" is two)."""
    starts = [m.start() for m in _EXCEPTION_CLAUSE.finditer(text)]
    if not starts:
        return []
    ends = [*starts[1:], len(text)]
    clauses = []
    for a, b in zip(starts, ends, strict=True):
        if _LEADING.match(text, 0, a):  # "Except as provided in (b), X may not ..." ends at ","
            comma = text.find(",", a, b)
            b = comma if comma > 0 else b
        clauses.append(text[a:b])
    return clauses


# what may stand before a sentence-initial exception: a subdivision marker or citation
_LEADING = re.compile(
    r"(?:\s*(?:\(?[a-z0-9]{1,4}[.)])\s*|\s*(?:section|sec|§)\s*[\w.-]+\.?\s*)*\s*$"
)


def loose_exceptions(terms: list[str]) -> list[str]:
    """The loose exceptions of one clause (``LOOSE``: a request, an official's discretion, an
    administrative warrant, payment), with no judicial warrant or court order beside them,
    and an immigration officer's warrant offered as an alternative to a judge's."""
    if set(terms) & COURT:
        return [t for t in terms if t in ALTERNATIVE]
    return [t for t in terms if t in LOOSE or t in ALTERNATIVE]


CUSTODIANS = ("law enforcement", "jails and corrections")


def _custodian(found: list[str]) -> bool:
    """The bound body holds people in custody (police, a jail, corrections)."""
    return any(a in CUSTODIANS for a in found)
