from __future__ import annotations

import pytest

from pipeline.drugs import canonical_name, extract_drugs, find_drug_abbreviations, find_drugs


def drugs(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.canonical) for m in extract_drugs(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Patients received T-DXd.", [("T-DXd", "trastuzumab deruxtecan")]),
        (
            "DS-8201a and Enhertu",
            [("DS-8201a", "trastuzumab deruxtecan"), ("Enhertu", "trastuzumab deruxtecan")],
        ),
        ("ado-trastuzumab emtansine", [("ado-trastuzumab emtansine", "trastuzumab emtansine")]),
        ("trastuzumab \nderuxtecan", [("trastuzumab \nderuxtecan", "trastuzumab deruxtecan")]),
        ("TKIs such as pylotinib and lapatinib", [("pylotinib", "pyrotinib"), ("lapatinib", "lapatinib")]),
        ("erlotinib was given", [("erlotinib", "erlotinib")]),  # a real drug is never "corrected"
        ("the novel agent blorbatinib", [("blorbatinib", "blorbatinib")]),  # INN stem, no lexicon yet
        ("Capecitabine plus tucatinib", [("Capecitabine", "capecitabine"), ("tucatinib", "tucatinib")]),
        ("estrogen receptor positive disease", []),  # a target, not a drug
        # enzymes named after their substrate, a laboratory test, and "alcohol" (no benzyl alcohol)
        ("alanine aminotransferase (20%), creatine kinase and tyrosine kinase inhibitors", []),
        ("alkaline phosphatase rose; alcohol use; beta-alanine", [("beta-alanine", "beta-alanine")]),
        ("Luminal B subtype", []),
        ("Arima H, Saya H. Molecular mechanisms", []),  # a brand-like name in a reference is not a drug
        ("the HER2 antibody-drug conjugates", []),  # a class is not a drug
        (
            "XELIRI versus FOLFIRI, then mFOLFOX6 and CAPOX",
            [
                ("XELIRI", "capecitabine + irinotecan"),
                ("FOLFIRI", "leucovorin + fluorouracil + irinotecan"),
                ("mFOLFOX6", "leucovorin + fluorouracil + oxaliplatin"),
                ("CAPOX", "capecitabine + oxaliplatin"),
            ],
        ),
        # An oral fluoropyrimidine written by its short form, undefined in the paper.
        ("TEGAFOX (UFT 250 mg m−2 day days 1–14", [("UFT", "tegafur-uracil")]),
        # S-1 (tegafur-gimeracil-oteracil) as written, not a supplement's "Table S1", "S 1", "S(1)" or
        # the tail of another name ("PS-1", "FBS-1").
        (
            "adjuvant S-1 (TS-1, Teysuno) vs surgery alone; see Table S1, S 1, S(1), PS-1 and FBS-1",
            [
                ("S-1", "tegafur-gimeracil-oteracil"),
                ("TS-1", "tegafur-gimeracil-oteracil"),
                ("Teysuno", "tegafur-gimeracil-oteracil"),
            ],
        ),
        # A regimen's notation with a slash before a short form; other words a slash joins are each
        # their own ("peptide/T" is no "peptide T").
        (
            "5-FU/LV, then FU/LV; artemether/lumefantrine and peptide/T",
            [
                ("5-FU/LV", "fluorouracil + leucovorin"),
                ("FU/LV", "fluorouracil + leucovorin"),
                ("artemether", "artemether"),
                ("lumefantrine", "lumefantrine"),
            ],
        ),
        # A short form with a hyphen counts only as written: not "VP 16", "VP(16)" or "Table VP16".
        (
            "etoposide (VP-16) and 5-FU; see VP 16, VP(16), 5 FU and Table VP16",
            [("etoposide", "etoposide"), ("VP-16", "etoposide"), ("5-FU", "fluorouracil")],
        ),
    ],
)
def test_drug_mentions(text: str, expected: list[tuple[str, str]]) -> None:
    assert drugs(text) == expected


def test_in_document_abbreviations_that_do_not_align() -> None:
    text = (
        "Trastuzumab deruxtecan (T-DZz) was studied. Later, T-DZz improved outcomes; "
        "lapatinib plus vinorelbine (lap+vin) was an option and lap+vin was tolerable."
    )
    found = drugs(text)
    assert found.count(("T-DZz", "trastuzumab deruxtecan")) == 2
    assert ("lap", "lapatinib") in found and ("vin", "vinorelbine") in found


def test_a_short_form_made_an_adjective_is_a_use_but_not_one_going_on_into_a_name() -> None:
    # PMC5452066: "Median PFS for all PM01183-treated patients" was given the comparator's arm.
    text = (
        "Lurbinectedin (PM01183) was given. All PM01183-treated patients and PM01183-based regimens "
        "were assessed; the PM01183-R cell line was not."
    )
    assert drugs(text).count(("PM01183", "lurbinectedin")) == 3


def test_abbreviation_list_defines_regimens() -> None:
    text = (
        "She received THP and later HP. Abbreviations: PD, progressive disease; THP, albumin-bound "
        "paclitaxel, trastuzumab and pertuzumab; HP, trastuzumab and pertuzumab."
    )
    found = drugs(text)
    assert found[0] == ("THP", "nab-paclitaxel + trastuzumab + pertuzumab")
    assert found[1] == ("HP", "trastuzumab + pertuzumab")
    assert ("PD", "progressive disease") not in found


def test_single_letters_only_in_regimen_notation() -> None:
    text = "Lapatinib plus capecitabine (L + C) was compared. L + C improved PFS in cohort C (P < 0.05)."
    found = extract_drugs(text)
    letters = [(m.text, m.canonical, text[m.start - 2 : m.end + 2]) for m in found if len(m.text) == 1]
    assert [(t, c) for t, c, _ in letters] == [("L", "lapatinib"), ("C", "capecitabine")] * 2


def test_a_list_before_a_known_short_form_is_not_a_regimen() -> None:
    text = "trastuzumab, pertuzumab, and ado-trastuzumab emtansine (T-DM1); later T-DM1 alone."
    assert drugs(text)[-1] == ("T-DM1", "trastuzumab emtansine")


@pytest.mark.parametrize(
    ("text", "short", "canonical"),
    [
        (
            "three cycles of 5-fluorouracil, epirubicin and cyclophosphamide followed by docetaxel "
            "(FEC-D); the pCR rate was 36% with FEC-D.",
            "FEC-D",
            "fluorouracil + epirubicin + cyclophosphamide + docetaxel",
        ),
        (
            "docetaxel followed by 5FU, epirubicin and cyclophosphamide (T-FEC); later T-FEC was safe.",
            "T-FEC",
            "docetaxel + fluorouracil + epirubicin + cyclophosphamide",
        ),
        (
            "doxorubicin/cyclophosphamide followed by docetaxel (AC-DOC); AC-DOC was given.",
            "AC-DOC",
            "doxorubicin + cyclophosphamide + docetaxel",
        ),
    ],
)
def test_a_short_form_of_a_sequence_names_all_its_steps(text: str, short: str, canonical: str) -> None:
    assert [c for t, c in drugs(text) if t == short] == [canonical, canonical]


def test_a_known_short_form_after_a_sequence_is_its_last_step() -> None:
    text = "trastuzumab followed by ado-trastuzumab emtansine (T-DM1); later T-DM1 alone."
    assert drugs(text)[-1] == ("T-DM1", "trastuzumab emtansine")


@pytest.mark.parametrize(
    ("text", "short", "canonical"),
    [
        # how a drug of the list is given does not end the list (PMC2361806)
        (
            "irinotecan plus high-dose 5-fluorouracil and leucovorin (ILF); ILF was given.",
            "ILF",
            "irinotecan + fluorouracil + leucovorin",
        ),
        (
            "epirubicin, cisplatin and continuous infusion 5-FU (ECF); ECF was given.",
            "ECF",
            "epirubicin + cisplatin + fluorouracil",
        ),
        # the regimen's name before its list, and "5-FU/LV" (PMC4369228, PMC2361806)
        (
            "treated with GDP regimen (gemcitabine, dexamethasone and cisplatin); GDP was given.",
            "GDP",
            "gemcitabine + dexamethasone + cisplatin",
        ),
        ("etoposide plus 5-FU/LV (ELF); ELF was given.", "ELF", "etoposide + fluorouracil + leucovorin"),
        # "ara-C" as it is mostly written (PMC5292678)
        ("either daunorubicin/ara-C (DA) or DClo; DA was given.", "DA", "daunorubicin + cytarabine"),
    ],
)
def test_a_regimen_short_form_keeps_every_drug_of_its_definition(
    text: str, short: str, canonical: str
) -> None:
    assert [c for t, c in drugs(text) if t == short] == [canonical, canonical]


def test_a_bracket_that_goes_on_past_the_drugs_read_does_not_define_its_short_form() -> None:
    # "Cisplatine" is no drug the lexicon knows, "or eribulin" no drug of a regimen: neither short form
    # is the drugs read before it.
    text = (
        "GDP (Gemcitabine, Dexamethasone, and Cisplatine) and TPC (capecitabine, vinorelbine, or eribulin)."
    )
    found = drugs(text)
    assert ("GDP", "gemcitabine + dexamethasone") not in found
    assert ("TPC", "capecitabine + vinorelbine") not in found


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Fam-trastuzumab deruxtecan-nxki", "trastuzumab deruxtecan"),
        ("Ado-trastuzumab Emtansine", "trastuzumab emtansine"),
        ("Abacavir, Dolutegravir, and Lamivudine", "abacavir + dolutegravir + lamivudine"),
        ("Tucatinib", "tucatinib"),
    ],
)
def test_canonical_name(name: str, canonical: str) -> None:
    assert canonical_name(name) == canonical


def test_a_short_form_of_another_plus_a_drug_is_the_others_regimen_with_the_drug() -> None:
    # "DE plus rh-endostatin (DEE)" named only endostatin, so its arm lost the chemotherapy
    text = (
        "Patients received docetaxel and epirubicin (DE) or DE plus rh-endostatin (DEE). "
        "A TE+lobaplatin (TEL) regimen was compared with docetaxel and epirubicin (TE)."
    )
    definitions = find_drug_abbreviations(text, find_drugs(text))
    assert definitions["DEE"] == "docetaxel + epirubicin + endostatins"
    assert definitions["TEL"] == "docetaxel + epirubicin + lobaplatin"
