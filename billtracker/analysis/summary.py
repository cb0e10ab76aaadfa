"""What a bill does, in words, built from its scorecard's provision readings.

One clause per item the text enacts (full first, then by weight): the reading's force
becomes the verb ("Bars", "Requires", "Lets"), its actor the subject, the acts the item
limits and the reading's objects the thing done, its counterpart who it is done for,
and its exceptions the "unless". Weakening items and readings without acts say what
the item is ("carves out ..."). No language model: the same readings always give the
same words, and each clause names the item (and so the evidence) it comes from.
"""

from __future__ import annotations

from compare.checklist import Checklist

MAX_CLAUSES = 6
# an act as the words after "from" (prohibit) or "to" (require, may)
ACT_GERUND = {
    "share": "sharing",
    "inquire": "asking about",
    "verify status": "checking the immigration status of people",
    "detain": "holding people",
    "notify": "notifying",
    "transfer": "transferring people",
    "give access": "giving access to",
    "arrest": "arresting people",
    "enter agreement": "entering agreements",
    "spend resources": "spending resources",
    "retain or delete": "keeping",
    "use surveillance": "using surveillance technology",
    "cooperate": "cooperating",
    "sell": "selling",
    "report": "reporting",
    "train": "training staff",
    "limit cooperation": "limiting cooperation",
}
ACT_VERB = {
    "share": "share",
    "inquire": "ask about",
    "verify status": "check immigration status",
    "detain": "hold people",
    "notify": "notify",
    "transfer": "transfer people",
    "give access": "give access to",
    "arrest": "arrest people",
    "enter agreement": "enter agreements",
    "spend resources": "spend resources",
    "retain or delete": "delete",
    "use surveillance": "use surveillance technology",
    "cooperate": "cooperate",
    "sell": "sell",
    "report": "report",
    "train": "train staff",
    "limit cooperation": "limit cooperation",
}
OBJECT_WORDS = {
    "address and contact": "addresses and contact details",
    "release date": "release dates",
    "detainer or hold": "on detainers",
    "person in custody": "people in custody",
    "database": "databases",
    "nonpublic area": "nonpublic areas",
}
EXCEPTION_WORDS = {
    "judicial warrant": "a judicial warrant is presented",
    "court order": "a court orders it",
    "required by law": "the law requires it",
    "8 U.S.C. 1373": "federal law (8 U.S.C. 1373) requires it",
    "conviction or charge": "the person is convicted or charged",
    "on request": "immigration authorities ask",
    "administrative warrant": "an administrative warrant is presented",
    "discretion": "an official decides otherwise",
    "consent": "the person consents",
}
# the word before "immigration authorities" after an act
COUNTERPART_WORD = {"share": "with", "sell": "to", "transfer": "to", "give access": "for"}
ACTOR_WORDS = {"": "public bodies", "any public body": "any public body"}


def summarize(judgements: dict[str, dict], checklist: Checklist, anchor=None) -> dict:
    """``{"sentence", "clauses"}`` for a scorecard's judgements by item id (as
    ``analysis.scorecards.stored_judgements`` gives them). Each clause is ``{"text",
    "item_id", "label", "href"}``, its text as it reads in the sentence (clauses with the
    same verb and actor share it: "Bars law enforcement from sharing ...; holding ...");
    ``anchor(item_id, judgement)`` gives the href (default ``#item-{id}``)."""
    anchor = anchor or (lambda item_id, j: f"#item-{item_id}")
    enacted = [
        (item, judgements[item.id])
        for item in checklist.items
        if judgements.get(item.id, {}).get("label") in ("full", "partial")
    ]
    enacted.sort(key=lambda p: (p[1]["label"] != "full", p[0].weakening, -p[0].weight))
    picked, seen = [], set()
    for item, j in enacted:
        lead, rest = clause(item, j.get("readings") or [])
        key = (lead, rest.split(" with ")[0].split(" for ")[0].split(" unless ")[0])
        if key in seen:
            continue
        seen.add(key)
        if j["label"] == "partial" and not item.weakening:
            rest += " (in part)"
        picked.append((lead, rest, item.id, j))
        if len(picked) == MAX_CLAUSES:
            break
    leads = list(dict.fromkeys(lead for lead, *_ in picked))
    clauses = []
    for lead in leads:
        group = [p for p in picked if p[0] == lead]
        for n, (_, rest, item_id, j) in enumerate(group):
            text = f"{lead} {rest}".strip() if n == 0 else rest
            clauses.append(
                {"text": text, "item_id": item_id, "label": j["label"], "href": anchor(item_id, j)}
            )
    return {"sentence": sentence([c["text"] for c in clauses]), "clauses": clauses}


def clause(item, readings: list[dict]) -> tuple[str, str]:
    """One item's clause as ``(lead, rest)``: "Bars law enforcement from", "sharing
    release dates with immigration authorities", from its best reading (or its title)."""
    reading = best_reading(item, readings)
    if item.weakening:
        if item.modality == "mandate" and reading is not None:
            actor = ACTOR_WORDS.get(reading.get("actor") or "", reading.get("actor"))
            return f"Requires {actor} to", "cooperate with immigration enforcement"
        title = item.title.replace("Carve-outs for ", "carves out ")
        return "", lower_first(title)
    acts = [a for a in (reading or {}).get("acts") or [] if not item.acts or a in item.acts]
    if reading is None or not (acts or item.acts):
        return "Provides", lower_first(item.title)
    acts = acts or list(item.acts[:1])
    force = reading.get("force")
    actor = ACTOR_WORDS.get(reading.get("actor") or "", reading.get("actor"))
    objects = " and ".join(OBJECT_WORDS.get(o, o) for o in (reading.get("objects") or [])[:2])
    if force == "prohibit":
        lead, words = f"Bars {actor} from", [ACT_GERUND.get(a, a) for a in acts]
    elif force == "permissive" or reading.get("guidance"):
        lead, words = f"Lets {actor}", [ACT_VERB.get(a, a) for a in acts]
    else:
        lead, words = f"Requires {actor} to", [ACT_VERB.get(a, a) for a in acts]
    rest = join_acts(words, objects)
    counterpart = reading.get("counterpart")
    if counterpart == "immigration authorities":
        rest += f" {COUNTERPART_WORD.get(acts[0], 'for')} immigration authorities"
    elif counterpart:
        rest += f" for {counterpart}"
    exceptions = [EXCEPTION_WORDS.get(e, e) for e in reading.get("exceptions") or []]
    if exceptions:
        rest += " unless " + " or ".join(exceptions[:2])
    if reading.get("scope"):
        rest += f" (only for {reading['scope']})"
    return lead, rest


def best_reading(item, readings: list[dict]) -> dict | None:
    """The reading that most plainly enacts the item: binding, toward immigration
    authorities, doing one of the item's acts."""

    def rank(r: dict) -> tuple:
        acts = set(r.get("acts") or [])
        return (
            r.get("force") in ("prohibit", "mandate", "require"),
            bool(acts & set(item.acts)),
            bool(r.get("counterpart")),
            bool(r.get("actor")),
            -len(acts),
        )

    usable = [r for r in readings if r.get("acts") or r.get("objects")]
    usable = [r for r in usable if r.get("force") not in ("saving", "exemption", "definition")]
    return max(usable, key=rank) if usable else None


def join_acts(acts: list[str], objects: str) -> str:
    """``sharing or notifying personal information`` (acts joined, objects after)."""
    words = acts[0] if len(acts) == 1 else ", ".join(acts[:-1]) + " or " + acts[-1]
    return f"{words} {objects}".strip()


def sentence(clauses: list[str]) -> str:
    """Clauses as one sentence: the first capitalised, the rest lower-cased, joined by
    semicolons."""
    if not clauses:
        return ""
    parts = [clauses[0][:1].upper() + clauses[0][1:]] + [lower_first(c) for c in clauses[1:]]
    return "; ".join(parts) + "."


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text
