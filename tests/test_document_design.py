"""A paper's own design: the arms it randomised patients to, and where it names them later."""

from __future__ import annotations

import pytest

from pipeline.efficacy.document_design import DocumentDesign, arm_mentions
from tests.extracting import design_of


@pytest.mark.parametrize(
    ("text", "arms"),
    [
        (
            "Patients were randomly assigned to receive docetaxel 100 mg/m2 (n = 225) or paclitaxel "
            "175 mg/m2 (n = 224) on day 1, every 21 days until progression.",
            ["docetaxel", "paclitaxel"],
        ),
        # the comparator goes last, whatever the order it is named in
        (
            "Women were randomised to either placebo or anastrozole 1 mg daily for five years.",
            ["anastrozole", "placebo"],
        ),
        # an arm written as an addition to the one before it
        (
            "Patients were randomly assigned to receive capecitabine alone or with continuation of "
            "trastuzumab.",
            ["capecitabine + trastuzumab", "capecitabine"],
        ),
        # three arms in a list closed by ", or"
        (
            "Women were randomly assigned to tamoxifen (n = 300), letrozole (n = 301), or anastrozole "
            "(n = 299).",
            ["tamoxifen", "letrozole", "anastrozole"],
        ),
        # arms of one drug told apart by schedule
        (
            "Patients were randomly assigned to receive paclitaxel either weekly or once every 3 weeks, "
            "followed by surgery.",
            ["paclitaxel (weekly)", "paclitaxel (once every 3 weeks)"],
        ),
        # arms without drugs keep their own words
        (
            "Women were randomly assigned to undergo radical mastectomy (349 patients) or breast-conserving "
            "surgery followed by radiotherapy (352 patients).",
            ["radical mastectomy", "breast-conserving surgery"],
        ),
        # the verb's object before "to"
        (
            "This open label trial randomised 235 women with metastatic breast cancer to receive either "
            "epirubicin 150 mg/m2 every 3 weeks or docetaxel 75 mg/m2.",
            ["epirubicin", "docetaxel"],
        ),
        # "randomised patients ... received A or B"
        (
            "Randomised patients (n=216) received tamoxifen or observation.",
            ["tamoxifen", "observation"],
        ),
        # "between A or B"
        (
            "Patients were randomized between IORT with 20 Gy or whole-breast radiotherapy up to 56 Gy.",
            ["iort", "whole-breast radiotherapy"],
        ),
        # no randomisation sentence: arms labelled as the paper lists them
        (
            "This phase II trial evaluates the efficacy of sunitinib (arm A) versus no therapy (arm B) in "
            "patients who responded to taxanes.",
            ["sunitinib", "no therapy"],
        ),
        # arms that differ only by schedule share the drug named before their list; doses and routes
        # are not an arm's name
        (
            "Women received pegylated liposomal doxorubicin given either as 60 mg/m2 every 6 weeks "
            "(arm A) or 50 mg/m2 every 4 weeks (arm B).",
            ["pegylated liposomal doxorubicin (60 mg/m2)", "pegylated liposomal doxorubicin (50 mg/m2)"],
        ),
        # a drug's development code is the drug; a code the lexicon does not know is its own name
        (
            "Patients were randomly assigned to receive 3-week cycles of either ABI-007 260 mg/m2 "
            "intravenously (n = 229) or paclitaxel 175 mg/m2 intravenously (n = 225).",
            ["nab-paclitaxel", "paclitaxel"],
        ),
        (
            "Patients were randomly assigned to receive 3-week cycles of either ZX-2041 260 mg/m2 "
            "intravenously (n = 229) or paclitaxel 175 mg/m2 intravenously (n = 225).",
            ["zx-2041", "paclitaxel"],
        ),
        # no design sentence at all: the first two groups the paper sets side by side
        (
            "We analysed 1739 women (872 in the fenretinide arm and 867 in the observation arm).",
            ["fenretinide", "observation"],
        ),
        # an arm named "no X" or "without X" is the comparator
        (
            "Patients were randomized to no HRT or HRT (n=188).",
            ["hrt", "no hrt"],
        ),
        # a group named without drugs takes what the paper says it received
        (
            "Patients were divided into the test group and the control group. Patients in the test group "
            "received trastuzumab combined with vinorelbine.",
            ["trastuzumab + vinorelbine", "control"],
        ),
        # "> or =" is a sign, not a choice between arms
        (
            "Patients were randomized to letrozole or exemestane for > or = 8 weeks.",
            ["letrozole", "exemestane"],
        ),
        # the years of accrual and clauses set off by commas between "randomised" and its list
        (
            "The trial randomized 242 patients between 2003 and 2005 to letrozole or exemestane.",
            ["letrozole", "exemestane"],
        ),
        (
            "We randomly assigned women aged 39-41 years, using individual randomisation, stratified by "
            "general practice, in a 1:2 ratio, to letrozole (intervention group), or to placebo "
            "(control group).",
            ["letrozole", "placebo"],
        ),
        # a randomised study whose patients "received ... either" one arm or the other
        (
            "In a randomized, double-blind study, 31 patients with stage II breast cancer and with no "
            "evidence of disease received injections of either placebo or oxidized mannan-MUC1, to prevent "
            "recurrence.",
            ["oxidized mannan-muc1", "placebo"],
        ),
        # the last arm's drugs listed with a comma before their "and"
        (
            "Women were randomly assigned to three cycles of docetaxel followed by cyclophosphamide and "
            "epirubicin (n = 753) or three cycles of docetaxel followed by cyclophosphamide, epirubicin, "
            "and fluorouracil (n = 747).",
            [
                "docetaxel + cyclophosphamide + epirubicin",
                "docetaxel + cyclophosphamide + epirubicin + fluorouracil",
            ],
        ),
    ],
)
def test_arms_are_read_from_the_design_sentence(text: str, arms: list[str]) -> None:
    design = design_of(text)
    assert design is not None
    assert [a.canonical for a in design.arms] == arms


def mentions(text: str, start: int, design: DocumentDesign) -> list:
    return arm_mentions(text, start, len(text), design)


def test_no_design_without_a_list_of_arms() -> None:
    assert design_of("Patients were randomized in a double-blind fashion. The ORR was 30%.") is None


def test_labels_the_paper_defines_name_its_arms() -> None:
    text = (
        "Patients were randomly assigned to tipifarnib plus letrozole (TL) or placebo plus letrozole (L). "
        "The response rate was 30% for TL and 38% for L."
    )
    design = design_of(text)
    assert design is not None
    sentence = text.index("The response")
    named = [
        (text[m.start : m.end], m.arm.canonical) for m in arm_mentions(text, sentence, len(text), design)
    ]
    assert named == [("TL", "tipifarnib + letrozole"), ("L", "placebo + letrozole")]


def test_lettered_and_generic_names() -> None:
    text = (
        "Patients were randomized to receive epirubicin (group A) or docetaxel (group B). "
        "The median PFS was 8 months in group B and 6 months in the control group; "
        "the docetaxel group had fewer relapses."
    )
    design = design_of(text)
    assert design is not None
    sentence = text.index("The median")
    named = [
        (text[m.start : m.end], m.arm.canonical) for m in arm_mentions(text, sentence, len(text), design)
    ]
    assert named == [
        ("group B", "docetaxel"),
        ("control group", "docetaxel"),
        ("docetaxel group", "docetaxel"),
    ]


def test_arms_named_by_place_when_the_paper_gives_no_labels() -> None:
    text = (
        "Patients were randomly assigned to gemcitabine or vinorelbine. "
        "Response rates were 40% in arm A and 30% in arm B."
    )
    design = design_of(text)
    assert design is not None
    sentence = text.index("Response")
    named = [m.arm.canonical for m in arm_mentions(text, sentence, len(text), design)]
    assert named == ["gemcitabine", "vinorelbine"]


def test_an_arm_named_by_a_short_form_alone_is_labelled_by_it() -> None:
    text = (
        "Patients were randomly assigned to receive DE (n = 402) or DEE (n = 401). Later, in the DEE group."
    )
    design = design_of(text)
    assert design is not None
    assert [a.labels for a in design.arms] == [("DE",), ("DEE",)]
    assert [text[m.start : m.end] for m in mentions(text, design.start + 40, design)] == ["DEE"]


def test_an_intensive_arm_is_the_experimental_one_unless_its_words_name_an_arm() -> None:
    text = (
        "Patients were randomised to high-dose chemotherapy or maintenance chemotherapy. "
        "TTP was longer in the intensive group than in the standard group."
    )
    design = design_of(text)
    assert design is not None
    found = [(text[m.start : m.end], m.arm.canonical) for m in mentions(text, design.start + 60, design)]
    assert found == [
        ("intensive group", "high-dose chemotherapy"),
        ("standard group", "maintenance chemotherapy"),
    ]


def test_the_combination_and_monotherapy_arms_are_told_by_their_number_of_drugs() -> None:
    text = (
        "Patients were randomly assigned to capecitabine or lapatinib plus capecitabine. "
        "OS was longer in the combination arm than in the monotherapy arm."
    )
    design = design_of(text)
    assert design is not None
    found = [(text[m.start : m.end], m.arm.canonical) for m in mentions(text, design.start + 50, design)]
    assert found == [("combination arm", "lapatinib + capecitabine"), ("monotherapy arm", "capecitabine")]


def test_a_partial_regimen_is_completed_by_the_one_arm_it_fits() -> None:
    design = design_of("Patients were randomized to lapatinib plus capecitabine or capecitabine alone.")
    assert design is not None
    assert design.complete("lapatinib") == "lapatinib + capecitabine"
    assert design.complete("capecitabine") == "capecitabine"


def test_a_schedule_written_with_hyphens_names_its_arm() -> None:
    design = design_of(
        "Patients were randomly assigned to receive paclitaxel either weekly or once every 3 weeks, "
        "followed by FAC."
    )
    assert design is not None
    assert design.complete("paclitaxel", "than patients treated with once-every-3-weeks paclitaxel") == (
        "paclitaxel (once every 3 weeks)"
    )
    assert design.complete("paclitaxel", "patients receiving weekly paclitaxel") == "paclitaxel (weekly)"


def test_a_schedule_or_dose_names_its_arm_only_as_a_whole() -> None:
    # "weekly" is part of "3-weekly", and "5 mg/day" of "1.25 mg/day": neither names its own arm there
    weekly = design_of("Patients were randomly assigned to weekly paclitaxel or 3-weekly paclitaxel.")
    assert weekly is not None
    assert weekly.complete("paclitaxel", "29% with 3-weekly paclitaxel") == "paclitaxel (3-weekly)"
    assert weekly.complete("paclitaxel", "42% with weekly paclitaxel") == "paclitaxel (weekly)"
    dosed = design_of("Patients were randomly assigned to ramipril 5 mg/day or ramipril 1.25 mg/day.")
    assert dosed is not None
    assert dosed.complete("ramipril", "in the ramipril 1.25 mg/day group") == "ramipril (1.25 mg/day)"
    assert dosed.complete("ramipril", "in the ramipril 5 mg/day group") == "ramipril (5 mg/day)"


def test_a_hyphenated_group_name_is_the_arm_of_its_words() -> None:
    text = (
        "Women were randomly assigned to undergo radical mastectomy (349 patients) or breast-conserving "
        "surgery (352 patients). The rate was 41.2 percent in the radical-mastectomy group."
    )
    design = design_of(text)
    assert design is not None
    named = [(text[m.start : m.end], m.arm.canonical) for m in mentions(text, text.index("The rate"), design)]
    assert named == [("radical-mastectomy group", "radical mastectomy")]


@pytest.mark.parametrize(
    ("text", "arms", "labels"),
    [
        # a short name bracketed with the arm's size, or last in its brackets
        (
            "Women were randomly assigned to tamoxifen plus radiation therapy (TamRT; 317 women) or "
            "tamoxifen alone (Tam; 319 women).",
            ["tamoxifen radiation", "tamoxifen alone"],
            [("TamRT",), ("Tam",)],
        ),
        (
            "Patients were randomized to receive epirubicin plus cyclophosphamide followed either by "
            "docetaxel (4 cycles; EC-D) or docetaxel plus carboplatin (4 cycles; EC-DCb).",
            [
                "epirubicin + cyclophosphamide + docetaxel",
                "epirubicin + cyclophosphamide + docetaxel + carboplatin",
            ],
            [("EC-D",), ("EC-DCb",)],
        ),
        # an arm named by what it lacks, and its label "no-"
        (
            "Women were randomized to receive treatment with ALNC (Ax) or without (no-Ax).",
            ["alnc", "without alnc"],
            [("Ax",), ("no-Ax",)],
        ),
        # "or both": the arms before it together
        (
            "Patients were randomly assigned to trastuzumab (T; N = 34), lapatinib (L; N = 36), or both "
            "(TL; N = 58).",
            ["trastuzumab", "lapatinib", "trastuzumab + lapatinib"],
            [("T",), ("L",), ("TL",)],
        ),
        # arms by schedule take the drugs of the arm before them
        (
            "Patients were randomized to paclitaxel (n = 47) alone or in combination with iniparib, either "
            "once-weekly (PWI) (n = 46) or twice-weekly (PTI) (n = 48).",
            ["paclitaxel + iniparib (once-weekly)", "paclitaxel + iniparib (twice-weekly)", "paclitaxel"],
            [("PWI",), ("PTI",), ()],
        ),
        # the last arm's drugs are a list, not a clause after it
        (
            "Patients were randomly assigned to docetaxel (T) followed by epirubicin (n = 753) or "
            "docetaxel followed by cyclophosphamide, epirubicin and fluorouracil (CEF; n = 747).",
            ["docetaxel + epirubicin", "docetaxel + cyclophosphamide + epirubicin + fluorouracil"],
            [("T",), ("CEF",)],
        ),
    ],
)
def test_design_lists_with_labels_sizes_and_shared_parts(
    text: str, arms: list[str], labels: list[tuple[str, ...]]
) -> None:
    design = design_of(text)
    assert design is not None
    assert [a.canonical for a in design.arms] == arms
    assert [a.labels for a in design.arms] == labels


def test_a_labelled_list_opens_after_brackets_it_closes() -> None:
    text = (
        "Patients were randomized to the treatment arms: docetaxel 37.5 mg/m(2) on days 1 and 8, "
        "capecitabine 950 mg/m(2) twice daily (Group A); docetaxel 75 mg/m(2) on day 1, capecitabine "
        "950 mg/m(2) twice daily (Group B)."
    )
    design = design_of(text)
    assert design is not None
    assert [a.canonical for a in design.arms] == [
        "docetaxel + capecitabine (37.5 mg/m2)",
        "docetaxel + capecitabine (75 mg/m2)",
    ]


def test_groups_defined_by_what_they_received() -> None:
    text = (
        "Group 1 (N = 178) consisted of patients treated with doxorubicin. Group 2 (N = 62) consisted of "
        "patients treated with doxorubicin followed by paclitaxel. The response rates were similar "
        "(group 1, 74%; group 2, 82%)."
    )
    design = design_of(text)
    assert design is not None
    assert [(a.canonical, a.labels) for a in design.arms] == [
        ("doxorubicin", ("1",)),
        ("doxorubicin + paclitaxel", ("2",)),
    ]


def test_named_groups_take_the_arms_listed_respectively() -> None:
    text = (
        "Patients were randomly divided into study group and control group, and received docetaxel or "
        "paclitaxel, respectively. In control group, the response rate was 15%."
    )
    design = design_of(text)
    assert design is not None
    assert [(a.canonical, a.control) for a in design.arms] == [("docetaxel", False), ("paclitaxel", True)]
    sentence = text.index("In control")
    assert [m.arm.canonical for m in mentions(text, sentence, design)] == ["paclitaxel"]


def test_three_arms_labelled_as_listed() -> None:
    # the third label joins the list with "and"; the second arm is the first's drugs at fixed doses
    text = (
        "The trial compared dose-dense epirubicin and cyclophosphamide followed by docetaxel (group A), "
        "the same regimen with fixed doses (group B) and letrozole (group C). The relapse-free survival "
        "was 64.1, 71.0 and 59.5% for groups A, B and C, respectively."
    )
    design = design_of(text)
    assert design is not None
    assert [(a.canonical, a.labels) for a in design.arms] == [
        ("epirubicin + cyclophosphamide + docetaxel (dose-dense)", ("A",)),
        ("epirubicin + cyclophosphamide + docetaxel (fixed doses)", ("B",)),
        ("letrozole", ("C",)),
    ]


def test_groups_labelled_at_the_end_of_what_they_received() -> None:
    text = (
        "Four hundred patients were treated with anastrozole (group A). The average interval was 90 "
        "days. Two hundred patients underwent adjuvant therapy with tamoxifen (group B). Among "
        "patients of group A, 8.1% had local failure."
    )
    design = design_of(text)
    assert design is not None
    assert [(a.canonical, a.labels) for a in design.arms] == [("anastrozole", ("A",)), ("tamoxifen", ("B",))]


@pytest.mark.parametrize(
    ("text", "arms"),
    [
        # a comparison in a sentence about an ongoing trial is not the paper's design
        (
            "An open-label phase III study of oxaliplatin plus capecitabine vs. docetaxel plus cisplatin "
            "in advanced gastric cancer is currently recruiting participants [17].",
            None,
        ),
        # nor one the paper cites, where it states no design of its own
        (
            "Treatment with ketamine or remifentanil works mainly on the central nervous system [13,16].",
            None,
        ),
        # another trial's randomisation ("et al.") gives way to the paper's own
        (
            "Smith et al. randomised 300 women to tamoxifen or anastrozole. In our trial, patients were "
            "randomly assigned to receive docetaxel or paclitaxel.",
            ["docetaxel", "paclitaxel"],
        ),
        # the paper's own design sentence may cite its method
        (
            "Patients were randomly assigned to receive docetaxel or paclitaxel using minimisation [6].",
            ["docetaxel", "paclitaxel"],
        ),
    ],
)
def test_design_sentence_describes_the_papers_own_trial(text: str, arms: list[str] | None) -> None:
    design = design_of(text)
    assert (design and [a.canonical for a in design.arms]) == arms


def test_groups_announced_before_a_colon_named_by_their_labels_alone() -> None:
    design = design_of(
        "A total of 103 patients were enrolled and randomly divided into 2 groups based on whether "
        "this model was used or not: Group A (using the model; n = 43) versus Group B (not using the "
        "model; n = 60)."
    )
    assert design is not None
    # the list opens after the colon ("used or not" is no list of arms), and an arm named by its
    # label alone is that label, not its letter
    assert [(a.canonical, a.labels) for a in design.arms] == [("group A", ("A",)), ("group B", ("B",))]


def test_a_groups_name_does_not_reach_back_past_a_preposition() -> None:
    design = design_of(
        "105 patients with advanced malignant tumor were randomly divided into trial group, 69 "
        "patients, and control group, 36 patients."
    )
    assert design is not None
    # not "divided into trial": the words before "group" that name it stop at "into"
    assert [a.canonical for a in design.arms] == ["trial", "control"]


@pytest.mark.parametrize(
    ("text", "arms"),
    [
        # the dose and fractions that tell arms without drugs apart stay in their names, as written
        (
            "Patients were randomised to 20 Gy/5 fractions (fr)/5 days (arm A) or 16 Gy/2 fr/day 1 and 8 "
            "(arm B).",
            ["20 Gy/5 fractions", "16 Gy/2 fr/day"],
        ),
        (
            "Patients were randomly assigned to 8 Gy in a single fraction or 30 Gy in 10 fractions.",
            ["8 Gy single fraction", "30 Gy 10 fractions"],
        ),
        (
            "Patients were randomly assigned to a 1 cm excision margin (n=453) or a 3 cm excision margin "
            "(n=447).",
            ["1 cm excision margin", "3 cm excision margin"],
        ),
        # a comma after an arm's lettered label separates arms, as ", or" does
        (
            "Patients were randomized to receive 10 μg (arm A), 100 μg (arm B) or 1000 μg (arm C) of the "
            "peptide.",
            ["10 μg", "100 μg", "1000 μg peptide"],
        ),
        # the clause after the name is not the name
        (
            "Participants were randomly assigned to the intervention group or the control group using block "
            "randomization with a block size of four.",
            ["intervention", "control"],
        ),
        (
            "Patients were randomized to initiate LEV therapy within 24 h of surgery or continue PHT "
            "therapy.",
            ["initiate lev", "continue pht"],
        ),
        # ... unless only a negation is left before it
        (
            "Patients were randomized to axillary dissection by either using (Group A, 45 patients) or not "
            "using (Group B, 47 patients) ultrasound scissors (US).",
            ["axillary dissection", "not using ultrasound scissors"],
        ),
        # where a name ends is read outside brackets
        (
            "Patients were randomized to CF (2.0 Gy/day, total 68 Gy during seven weeks) or AF (1.1 Gy + "
            "2.0 Gy/day, total 68 Gy during 4.5 weeks).",
            ["cf", "af"],
        ),
        # a list's opener before its colon is no arm's name
        (
            "Participants were randomly assigned to one of the three conditions: (1) AAF (n=62), (2) eMBCT "
            "(n=55), or (3) psycho-education (n=50).",
            ["aaf", "embct", "psycho-education"],
        ),
    ],
)
def test_the_own_name_of_an_arm_without_drugs(text: str, arms: list[str]) -> None:
    design = design_of(text)
    assert design is not None
    assert [a.canonical for a in design.arms] == arms


def test_a_group_name_the_design_defines_names_its_arm_where_the_arms_share_words() -> None:
    # Both arms' words say chemotherapy; only the names the design gives them in brackets tell them apart.
    text = (
        "Patients were randomly assigned to receive either intratumoral ethanol combined with second-line "
        "chemotherapy (combination group, n = 17) or second-line chemotherapy alone (chemotherapy group, "
        "n = 17). The ORR was 11.8% in the chemotherapy group and 23.5% in the combination group."
    )
    design = design_of(text)
    assert design is not None
    assert [sorted(a.group_names) for a in design.arms] == [["combination"], ["chemotherapy"]]
    found = [(text[m.start : m.end], m.arm.order) for m in mentions(text, text.index("The ORR"), design)]
    assert found == [("chemotherapy group", 1), ("combination group", 0)]


def test_the_arm_another_adds_a_drug_to_is_the_control_wherever_it_is_listed() -> None:
    text = (
        "Patients were randomly assigned to receive epirubicin, oxaliplatin and capecitabine or "
        "epirubicin, oxaliplatin and capecitabine plus panitumumab. "
        "Median PFS was 7.4 months in the control group."
    )
    design = design_of(text)
    assert design is not None
    assert [a.canonical for a in design.arms] == [
        "epirubicin + oxaliplatin + capecitabine",
        "epirubicin + oxaliplatin + capecitabine + panitumumab",
    ]
    control = design.control_arm()
    assert control is not None and control.canonical == "epirubicin + oxaliplatin + capecitabine"
    found = [(text[m.start : m.end], m.arm.canonical) for m in mentions(text, text.index("Median"), design)]
    assert found == [("control group", "epirubicin + oxaliplatin + capecitabine")]


@pytest.mark.parametrize(
    ("text", "arms"),
    [
        (
            "The patients were randomized in a double-blind fashion to receive carboplatin and paclitaxel, "
            "either with or without sorafenib.",
            ["carboplatin + paclitaxel + sorafenib", "carboplatin + paclitaxel"],
        ),
        (
            "Patients were randomly assigned (1:1) to receive docetaxel and epirubicin (TE) with or without "
            "concurrent lobaplatin treatment.",
            ["docetaxel + epirubicin + lobaplatin", "docetaxel + epirubicin"],
        ),
        # an addition that is no drug is named by its own words
        (
            "Patients were randomized to receive cisplatin and 5-fluorouracil with or without the addition "
            "of 40 Gy radiotherapy prior to surgery.",
            ["cisplatin + fluorouracil + 40 Gy radiotherapy", "cisplatin + fluorouracil"],
        ),
    ],
)
def test_with_or_without_in_a_design_sentence_is_the_combination_and_the_first_alone(
    text: str, arms: list[str]
) -> None:
    design = design_of(text)
    assert design is not None
    assert [a.canonical for a in design.arms] == arms
    control = design.control_arm()
    assert control is not None and control.canonical == arms[-1]


@pytest.mark.parametrize(
    ("text", "arms"),
    [
        # the number of groups said before a colon makes "and" and commas separate the arms
        (
            "Patients were randomly assigned to two groups: docetaxel (D) and docetaxel plus cisplatin (DC).",
            ["docetaxel", "docetaxel + cisplatin"],
        ),
        (
            "One hundred fifty patients with stage II–III rectal cancer were randomized into one of two "
            "neoadjuvant treatment arms: conventional chemoradiotherapy (CRT) and short-term radiotherapy "
            "(RT) followed by surgery after 6–8 weeks.",
            ["conventional chemoradiotherapy", "short-term radiotherapy"],
        ),
        (
            "Patients were randomized to one of three arms: paclitaxel, docetaxel, and nab-paclitaxel.",
            ["paclitaxel", "docetaxel", "nab-paclitaxel"],
        ),
        # a list that does not cut into as many arms as the sentence says is left unread: "and"
        # joins the drugs of one arm as often as it joins arms
        (
            "Patients were randomized into two groups: docetaxel and cisplatin (DC) and docetaxel (D).",
            None,
        ),
    ],
)
def test_a_stated_number_of_groups_lets_and_separate_the_listed_arms(
    text: str, arms: list[str] | None
) -> None:
    design = design_of(text)
    assert (design and [a.canonical for a in design.arms]) == arms


def test_a_label_that_starts_another_arms_label_does_not_take_its_mentions() -> None:
    text = "Patients were randomized to receive TCH or TCH plus lapatinib (TCH+L)."
    design = design_of(text)
    assert design is not None
    result = "pCR was achieved in 45.8% with TCH vs 29.0% with TCH+L."
    assert [m.arm.canonical for m in arm_mentions(result, 0, len(result), design)] == [
        "docetaxel + carboplatin + trastuzumab",
        "docetaxel + carboplatin + trastuzumab + lapatinib",
    ]


@pytest.mark.parametrize(
    ("phrase", "arm"),
    [
        ("in the rh-endostatin plus chemotherapy group", "docetaxel + epirubicin + endostatins"),
        ("in the chemotherapy alone group", "docetaxel + epirubicin"),
    ],
)
def test_a_group_named_with_a_word_of_treatment_is_the_arm_its_drugs_fit(phrase: str, arm: str) -> None:
    text = "Patients were randomized to receive docetaxel and epirubicin (DE) or DE and rh-endostatin."
    design = design_of(text)
    assert design is not None
    result = f"The ORR was 67.7% {phrase}."
    assert [m.arm.canonical for m in arm_mentions(result, 0, len(result), design)] == [arm]


def test_a_group_alone_is_no_arm_when_no_arm_is_added_to() -> None:
    # neither arm's drugs are all in the other's: "chemotherapy alone" may be either
    design = design_of("Patients were randomized to receive cetuximab or capecitabine.")
    assert design is not None
    result = "The ORR was 59% in the chemotherapy alone group."
    assert arm_mentions(result, 0, len(result), design) == []
