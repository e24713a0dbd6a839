"""Arms on real trial reports (issue #10, PMC sample 30i): a short form read as a drug that both arms
share names no arm, so the paper's own label stays; "the X alone group" is the arm without what the
other arm adds to X."""

from __future__ import annotations

from pathlib import Path

from tests.extracting import arm_by_value as arms


def test_a_short_form_read_as_a_drug_both_arms_share_keeps_its_label(tmp_path: Path) -> None:
    text = (
        "Randomised phase II evaluation of irinotecan plus high-dose 5-fluorouracil and leucovorin (ILF)"
        "\n\nAn open-label randomised comparison of ILF with ELF in patients with gastric cancer. "
        "A randomised phase III trial compared etoposide, LV and 5-FU (ELF) with infusional 5-FU plus "
        "cisplatin (FUP). "
        "The median number of cycles administered in the study was two for ILF (Arm A) and three for "
        "ELF (Arm B). "
        "The ORRs for the entire treatment period were 43% (24 of the 56) for ILF and 24% (14 of the 58) "
        "for ELF (Table 2). Overall survival was 10.8 vs 8.3 months for ILF and ELF, respectively."
    )
    found = arms(tmp_path, text)
    # ELF's drugs, as read ("LV" is defined nowhere), are only the fluorouracil ILF has too.
    assert found["24"] == found["14"] == found["8.3"] == "ELF"
    assert found["43"] == found["10.8"] == "irinotecan + fluorouracil + leucovorin"


def test_a_regimen_short_form_keeps_every_drug_its_definition_names(tmp_path: Path) -> None:
    # PMC2361806, PMC4369228, PMC5292678: a dose before a drug of the list ("plus high-dose
    # 5-fluorouracil"), the regimen's name before its list ("GDP regimen (gemcitabine, ...)"), a
    # lower-case "ara-C" and "5-FU/LV" no longer lose a drug of the short form.
    text = (
        "Randomised phase II evaluation of irinotecan plus high-dose 5-fluorouracil and leucovorin (ILF)"
        "\n\nAn open-label randomised comparison of irinotecan plus high-dose 5-fluorouracil (5-FU) and "
        "leucovorin (LV) (ILF) with etoposide plus 5-FU/LV (ELF) in patients with gastric cancer. "
        "The ORRs for the entire treatment period were 43% (24 of the 56) for ILF and 24% (14 of the 58) "
        "for ELF (Table 2)."
    )
    found = arms(tmp_path, text)
    assert found["43"] == "irinotecan + fluorouracil + leucovorin"
    assert found["14"] == "etoposide + fluorouracil + leucovorin"
    text = (
        "Patients were randomly divided into two groups, one of which were treated with GDP regimen "
        "(gemcitabine, dexamethasone and cisplatin) and the other with ESHAP. "
        "The two main salvage chemotherapies are GDP (Gemcitabine, Dexamethasone, and Cisplatine) and "
        "ESHAP. Overall response rate in GDP group was 54.1%."
    )
    assert arms(tmp_path, text)["54.1"] == "gemcitabine + dexamethasone + cisplatin"
    text = (
        "Patients were randomised to two courses of induction chemotherapy with either daunorubicin/ara-C "
        "(DA) or daunorubicin/clofarabine (DClo). The overall response rate was 69%, with no difference "
        "between DA (71%) and DClo (66%)."
    )
    found = arms(tmp_path, text)
    assert found["71"] == "daunorubicin + cytarabine"
    assert found["66"] == "daunorubicin + clofarabine"


def test_a_figure_before_each_arms_figure_in_brackets_is_no_arms(tmp_path: Path) -> None:
    text = (
        "Patients were randomised to two courses of induction chemotherapy with either daunorubicin/ara-C "
        "(DA) or daunorubicin/clofarabine (DClo). The five-year cumulative incidence of relapse was 75% "
        "(DA 78% vs DClo 72% HR 0.93 (0.77-1.13), P=0.5)."
    )
    found = arms(tmp_path, text)
    assert found["75"] == ""
    assert found["78"] == "daunorubicin + cytarabine"
    assert found["72"] == "daunorubicin + clofarabine"


def test_a_drug_every_arm_receives_names_no_arm(tmp_path: Path) -> None:
    # PMC3571894: busulfan plus fludarabine (BuFlu) against busulfan plus cyclophosphamide (BuCy)
    text = (
        "Patients were randomly assigned to busulfan plus fludarabine or busulfan plus "
        "cyclophosphamide. Relapse occurred in 12 patients (21%) treated with busulfan."
    )
    found = arms(tmp_path, text)
    assert found["12"] == found["21"] == ""
    # a drug that is one arm's whole regimen names that arm
    text = (
        "Patients were randomly assigned to capecitabine or capecitabine plus lapatinib. "
        "Relapse occurred in 12 patients (21%) treated with capecitabine."
    )
    assert arms(tmp_path, text)["21"] == "capecitabine"


def test_the_x_alone_group_is_the_arm_without_what_the_other_adds(tmp_path: Path) -> None:
    text = (
        "We randomly assigned patients 1:1 to receive peri-operative epirubicin, cisplatin, and "
        "capecitabine chemotherapy or chemotherapy plus bevacizumab, in addition to surgery. "
        "We recorded 300 disease-free survival events in the chemotherapy alone group and 303 in the "
        "chemotherapy plus bevacizumab group."
    )
    found = arms(tmp_path, text)
    assert found["300"] == "epirubicin + cisplatin + capecitabine"
    assert found["303"] == "bevacizumab"


def test_a_value_before_than_in_patients_treated_with_is_not_the_compared_arms(tmp_path: Path) -> None:
    text = (
        "Patients were randomly assigned to receive letrozole or tamoxifen. The overall ORR in the older "
        "subgroup was significantly higher in patients treated with letrozole (38%) than in patients "
        "treated with tamoxifen (18%)."
    )
    found = arms(tmp_path, text)
    assert found["38"] == "letrozole"
    assert found["18"] == "tamoxifen"
