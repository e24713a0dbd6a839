"""Which arm (regimen) a figure is of: named next to it, placed by a pair or a "respectively" list,
or implied by the trial's design or the paragraph's one regimen. The words and phrasings this reads
(prepositions, comparisons, verbs of direction) are data, `patterns/arm.json`; punctuation, word
shapes and each design's names as written are patterns here.

Its stages, each a module: `attribution` (`arm_of`: which figure a value is part of, whether it has
an arm at all, and the order the readers are asked in), `named` (the arm the sentence names for the
value), `labels` (a label next to the value and the regimen it stands for), `implied` (the arm a
reader infers: the sentence's opening group, its subject's group, the design's order, the
paragraph's regimen) and `places` (a value's place in its pair or list, and which way a pair runs).
"""

from pipeline.efficacy.arm.attribution import arm_of, compares_arms
from pipeline.efficacy.arm.named import compared_arms

__all__ = ["arm_of", "compared_arms", "compares_arms"]
