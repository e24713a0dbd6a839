"""What a design is made of: its arms, and where a sentence names one of them."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class DesignArm:
    canonical: str  # the regimen ("tipifarnib + letrozole"), or the arm's own words ("radical mastectomy")
    text: str  # as written in the design sentence
    start: int
    end: int
    control: bool  # the comparator: placebo, observation, usual care, "X alone"
    order: int  # its place in the design sentence (0 = named first)
    labels: tuple[str, ...]  # names the paper defines for it: "group A", "TL"
    words: frozenset[str]  # its content words and drugs, lower-case, to match "the high-dose group"
    # the group names the design gives it, lower-case: "chemotherapy" of "(chemotherapy group, n = 17)"
    group_names: frozenset[str] = frozenset()


@dataclass(frozen=True)
class DocumentDesign:
    arms: tuple[DesignArm, ...]  # experimental arms first, in the paper's order, then the controls
    start: int  # where the design sentence's list of arms begins
    trial: str = ""  # the trial it is the design of, when the paper names it
    only_trial: bool = True  # the paper names no other trial: every unnamed figure is its trial's

    def control_arm(self) -> DesignArm | None:
        """The comparator: the one arm its words call so ("placebo", "alone"); else, of two arms, the
        one the other adds a drug to ("EOC or EOC plus panitumumab"), wherever the paper lists it,
        and failing that the arm listed last."""
        controls = [a for a in self.arms if a.control]
        if len(controls) == 1:
            return controls[0]
        if len(self.arms) != 2:
            return None
        first, last = self.arms
        return first if _drug_set(first.canonical) < _drug_set(last.canonical) else last

    def experimental_arm(self) -> DesignArm | None:
        control = self.control_arm()
        others = [a for a in self.arms if a is not control]
        return others[0] if len(others) == 1 else None

    def other_arm(self, canonical: str) -> DesignArm | None:
        """The arm of a two-arm design besides the one named `canonical` ("no-Ax", "DA-", a value
        compared with the named arm's)."""
        others = [a for a in self.arms if a.canonical != canonical]
        return others[0] if len(self.arms) == 2 and len(others) == 1 else None

    def arm_in_role(self, role: str) -> DesignArm | None:
        """The arm a generic name stands for: `control`, `experimental`, or by its number of drugs,
        `combination` (the one arm with the most) and `single_agent` (the one with the fewest)."""
        if role == "control":
            return self.control_arm()
        if role == "experimental":
            return self.experimental_arm()
        counts = [len(_drug_set(a.canonical)) for a in self.arms]
        wanted = max(counts) if role == "combination" else min(counts)
        chosen = [a for a, count in zip(self.arms, counts, strict=True) if count == wanted]
        return chosen[0] if len(chosen) == 1 else None

    def added_to(self, arm: DesignArm) -> bool:
        """Whether every other arm has all of the arm's drugs and more: the arm the others add to."""
        drugs = _drug_set(arm.canonical)
        others = [a for a in self.arms if a is not arm]
        return bool(others) and all(drugs < _drug_set(a.canonical) for a in others)

    def shared(self, regimen: str) -> bool:
        """Whether every drug of `regimen` is in every other arm too, so that it tells no arm apart: the
        "fluorouracil" a short form "ELF" was read as, in a trial of ILF against ELF."""
        named = _drug_set(regimen)
        others = [a for a in self.arms if a.canonical != regimen]
        return len(self.arms) >= 2 and bool(others) and all(named <= _drug_set(a.canonical) for a in others)

    def names_no_arm(self, regimen: str) -> bool:
        """Whether `regimen` is only a part that two arms or more share, and no arm of its own:
        "daunorubicin" in a trial of daunorubicin + cytarabine against daunorubicin + clofarabine,
        "trabedersen" in one of trabedersen at 10 μM and at 80 μM against chemotherapy. Whichever
        arm it is, the words that tell it from the other are not there."""
        if any(a.canonical == regimen for a in self.arms):
            return False
        named = _drug_set(regimen)
        return sum(named <= _drug_set(a.canonical) for a in self.arms) >= 2

    def complete(self, regimen: str, around: str = "") -> str:
        """The one arm whose drugs include every drug of `regimen` ("the capecitabine group" in a trial
        of capecitabine vs capecitabine + trastuzumab is the arm that is exactly capecitabine); of arms
        of the same drugs, the one whose schedule or dose the words `around` it name ("weekly
        paclitaxel")."""
        named = set(regimen.split(" + "))
        exact = [a for a in self.arms if a.canonical == regimen]
        if exact:
            return exact[0].canonical
        fitting = [a for a in self.arms if named <= _drug_set(a.canonical)]
        if len(fitting) > 1 and around:
            fitting = qualified_in(fitting, around)
        return fitting[0].canonical if len(fitting) == 1 else regimen


def qualified_in(arms: list[DesignArm], around: str) -> list[DesignArm]:
    """The arms whose schedule or dose the words `around` a mention name: "once-every-3-weeks
    paclitaxel" is the arm "paclitaxel (once every 3 weeks)", "the 10 μM trabedersen group" the arm
    "trabedersen (10 μM)"."""
    said = _plain_spacing(around)
    named = {
        a.canonical: q
        for a in arms
        if (q := _plain_spacing(_qualifier_of(a.canonical)))
        and re.search(rf"(?<![\w.]){re.escape(q)}(?!\w)", said)  # "25 mg" is not in "125 mg"
    }
    # "3-weekly paclitaxel" names the 3-weekly arm, not the weekly one as well
    return [
        a
        for a in arms
        if a.canonical in named
        and not any(named[a.canonical] in other and named[a.canonical] != other for other in named.values())
    ]


def qualifier_start(canonical: str, text: str, start: int) -> int:
    """Where the schedule or dose of the arm `canonical` is written right before a mention of its drugs
    that starts at `start` ("with 80 μM trabedersen", "weekly paclitaxel"), so the mention is the arm's
    whole name; else `start`."""
    qualifier = _qualifier_of(canonical)
    if not qualifier:
        return start
    words = r"[\s-]+".join(re.escape(w) for w in _plain_spacing(qualifier).split())
    before = re.search(
        rf"(?<![\w.,-]){words}[\s-]*\Z", text[max(0, start - _MAX_QUALIFIER) : start], re.IGNORECASE
    )
    return start - len(before.string) + before.start() if before else start


_MAX_QUALIFIER = 40  # characters of a schedule or dose written before a drug
_QUALIFIED = re.compile(r"^(?P<drugs>.*?) \((?P<qualifier>[^()]*)\)$")


def _drugs_of(canonical: str) -> str:
    """ "paclitaxel (weekly)" -> "paclitaxel"."""
    match = _QUALIFIED.match(canonical)
    return match["drugs"] if match else canonical


def _drug_set(canonical: str) -> set[str]:
    return set(_drugs_of(canonical).split(" + "))


def _plain_spacing(phrase: str) -> str:
    return " ".join(phrase.lower().replace("-", " ").split())


def _qualifier_of(canonical: str) -> str:
    match = _QUALIFIED.match(canonical)
    return match["qualifier"] if match else ""


@dataclass(frozen=True)
class ArmMention:
    start: int
    end: int
    arm: DesignArm


@dataclass(frozen=True)
class ArmLabel:
    """A name a sentence gives an arm right next to a value ("for TARGIT", "DA-:", "group 1,", "in the
    non-XRT group"): the design's arm it names, or, when the design names none, the label's own words
    (the reader still sees the paper's name for the group)."""

    start: int
    end: int
    canonical: str
    negated: bool = False  # "no-Ax", "DA-": the arm without what the label names
