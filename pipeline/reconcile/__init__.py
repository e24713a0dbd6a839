"""Reconciling efficacy figures across documents, and checking each document's own numbers.

Tables in, tables out: `reconcile_measurements(measurements)` returns conflicts.csv rows (record
`Conflict`), `check_measurements(measurements)` returns checks.csv rows (record `CheckFinding`). No
spaCy here: the input is measurements.csv as a DataFrame, and the rules live in
`pipeline/patterns/reconcile.json`.

Matching. Two values are compared only when they share the key: trial (an NCT number and the
acronym it is paired with anywhere in the corpus are one trial), endpoint, CNS-ness, measure, arm
(for ratios, differences and relative reductions: the pair of arms compared, in either order),
population and, for a landmark rate (`timed_measures` in reconcile.json), its time point: a paper's
3-year DFS and another's 5-year DFS of one arm are two figures, never compared. The time point is
matched as written ("12 months" and "1 year" are not compared: the reconciler converts no unit),
and so is a value's unit (a median of "47 months" and one of "4.0 years" are not compared). A
landmark rate whose time point is unknown (empty) is compared only with others whose time point is
unknown, never with one at a known time point: an unread time point is as likely any of the trial's
landmarks as the one at hand, and the disagreement such a pair shows is mostly the difference
between two landmarks, the false alarm the time point is in the key to prevent. Rows with neither
a trial nor an NCT number are never compared: "an unnamed study" in one paper is not known to be
the one in another. An empty `population` means the whole trial
population (the output contract), so a whole-trial value and a subgroup value are different
populations, not an unknown one.

Two values of one sentence are never paired: they differ in something the sentence says and the
key may not hold (a landmark's time point, "45.2% for stable and 45.5% for active brain
metastases" with one population missed by the extractor); a sentence does not contradict itself.

Agreement. Equal at the coarser precision as written: "29" and "29.2" agree because 29.2 rounds to
29; "15.1" and "15.5" do not. A value written as a bound ("> 13 months", "exceeded 13") agrees with
anything on its side of the bound.

Kinds of disagreement:
* `value_conflict` - same key, different documents, different values.
* `likely_different_analysis` - as above, but the sides are labelled as different analyses (the
  `analysis` column, or "updated"/"final"/"exploratory"/"pooled"... in the evidence), both are
  precise (not "~ 18"), and neither side's attribution is doubtful (below). A different data
  cut-off legitimately changes a number; the reviewer should check the dates, not call an error.
* `arm_swap` - a ratio against its reciprocal (HR 0.5 vs 2.0) with the same direction of
  comparison, or the same ratio with the comparison written the other way round.
* `self_contradiction` - one document gives two different values for the same key (and does not
  label them as different analyses). Or one document
  gives the *same numbers for every arm* of a comparison to two different populations (abstract:
  "in patients with active brain metastases", body: the whole trial). One shared number can be
  chance (HER2CLIMB's OS is 21.6 months in all and in stable brain metastases); a whole comparison
  copied is an attribution error. A value from such a document is "doubtful" in its other pairs.
  Two values of one document weigh less than two documents' (confidence 0.6): a paper seldom
  contradicts itself, and its two values usually differ by something the extractor missed. All 18
  such findings read on 2026-12-03 (12 on the PMC texts, 4 on their nxml files, 2 on the PICO
  development abstracts) were that: a subgroup, another study's figure, another endpoint, a wrong
  arm or a difference read as a median.
* `possible_conflict_unknown_population` - one side has no population, but its own sentence names
  the other side's population (the extractor probably missed it), and the values disagree.
* `possible_conflict_unknown_arm` - one side has no arm (or no comparison, for a ratio), the key
  has exactly one arm otherwise (so the missing arm can only be that one), and the values disagree.

Severity (in [0, 1], documented in reconcile.json too):
    severity = confidence × (floor + (1 − floor) × magnitude)
* magnitude: how far apart the values are. With a CI on either side, the gap in standard errors
  (log scale for ratios; SE = CI width / (2 × 1.96)), divided by `z_scale` (1.96: the CIs exclude
  each other's point estimate) and capped at 1. Without CIs, the relative gap (log ratio for
  ratios) divided by `relative_gap_scale` (0.2), capped at 1. An arm swap has magnitude 1 (the
  direction of the effect is at stake); a population attribution error 0.5 (the values agree).
* confidence: how sure the match is. A base per kind (1 for a plain conflict, 0.8 for a population
  attribution error, 0.6 when a different analysis probably explains it, 0.6 for one document's two
  values, 0.5 for the unknown-population/arm kinds), × 0.6 when a side is approximate or a bound
  ("~ 18", "> 15"), × 0.6 when a side comes from a document that misattributes that comparison
  elsewhere.
* floor = 0.62: a sure match that disagrees at all deserves a look, however small the gap
  (DESTINY-Breast03's 63.9% vs 65.7% is "high": same trial, arm, population, both precise).
* label: high ≥ 0.66 > medium ≥ 0.4 > low.

The empty population is the whole trial (the contract's meaning), not "unknown": whole-trial vs
subgroup pairs (EMILIA OS 29.9 vs 26.8 in brain metastases) are the commonest false alarm, so an
empty population is treated as unknown only when its own sentence names the other population.

Checks inside one document (`check_measurements`): the estimate inside its CI (`ci_contains_point`,
and `point_at_ci_bound` as a warning); a ratio's CI symmetric on the log scale
(`ratio_ci_log_symmetry`, allowing for rounding); a ratio's CI against its p-value (`ci_vs_p`: an
error when one says significant and the other not, a warning when the size of p is far from what
the CI implies); counts and percentages (`count_vs_percentage`: a count row and a rate row of the
same key and n, "19 of 23 (82.6%)" in the sentence, and a warning when a percentage of n is not a
whole number of patients); a median inside its printed range (`median_in_range`); and "X vs Y"
pairs of one sentence listing the arms in the same order (`arm_order`).

`conflict_id` is a hash of the key and both sides' doc_id, char_start and value, sorted, so it does
not depend on row order or on which kind the pair was given.

Its stages, each a module: `rules` (reconcile.json, read and checked), `precision` (numbers as
written), `rows` (measurements.csv rows and their key), `pairs` (pairs compared into conflicts),
`checks` (one document's numbers against themselves) and `run` (the tables in and out, memoised).
"""

from pipeline.reconcile.checks import parse_counts
from pipeline.reconcile.pairs import conflict_id
from pipeline.reconcile.precision import (
    agree_at_precision,
    decimals_as_written,
    find_value_in_evidence,
    p_value_bound,
)
from pipeline.reconcile.rows import cell_bool, cell_float, cell_int, cell_text, trial_names
from pipeline.reconcile.rules import load_rules
from pipeline.reconcile.run import check_measurements, reconcile_and_check, reconcile_measurements

__all__ = [
    "agree_at_precision",
    "cell_bool",
    "cell_float",
    "cell_int",
    "cell_text",
    "check_measurements",
    "conflict_id",
    "decimals_as_written",
    "find_value_in_evidence",
    "load_rules",
    "p_value_bound",
    "parse_counts",
    "reconcile_and_check",
    "reconcile_measurements",
    "trial_names",
]
