"""Drug finding on sentences written for these tests (none is taken from the corpus or a public set)."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.entities.drugs import DrugFinder


def found(*texts: str) -> list[tuple[str, str]]:
    """(surface, agent) of every drug in `texts`, read as one document."""
    finder = DrugFinder()
    for t in texts:
        finder.mine_aliases(t)
    out = []
    for k, t in enumerate(texts):
        out += [(t[m.start : m.end], m.agent) for m in finder.find(f"p{k}", t)]
    return out


def agents(*texts: str) -> set[str]:
    return {a for _, a in found(*texts)}


# -- names inside words and codes ------------------------------------------------------


def test_name_attached_by_hyphen() -> None:
    assert found("Amantadine reduced levodopa-induced dyskinesia in the open-label phase.") == [
        ("Amantadine", "amantadine"),
        ("levodopa", "levodopa"),
    ]
    assert ("heparin", "heparin") in found("Two patients developed heparin-induced thrombocytopenia.")


def test_digit_initial_name() -> None:
    assert ("5-FU", "fluorouracil") in found("Leucovorin was added to 5-FU in the second cycle.")


def test_agents_missing_from_the_old_lexicon() -> None:
    got = agents("Urine screens were positive for cocaine and caffeine; pilocarpine was applied topically.")
    assert {"cocaine", "caffeine", "pilocarpine"} <= got


def test_hyphen_bound_name_of_another_thing_is_no_drug() -> None:
    assert "insulin" not in agents("Circulating insulin-like growth factor binding proteins were assayed.")


def test_name_inside_a_target_or_mechanism_is_no_drug() -> None:
    got = agents("Xanthine oxidase inhibitors and adenosine A2A receptor antagonists were compared.")
    assert "xanthine" not in got and "adenosine" not in got


@given(
    st.text(string.ascii_lowercase, min_size=1, max_size=4),
    st.text(string.ascii_lowercase, min_size=1, max_size=4),
    st.sampled_from(["riluzole", "metformin", "cocaine", "propranolol"]),
)
@settings(max_examples=60, deadline=None)
def test_a_name_inside_a_longer_word_is_never_found(pre: str, post: str, name: str) -> None:
    text = f"The {pre}{name}{post} group was small."
    assert name not in agents(text)
    assert name in agents(f"The {name}-treated group was small.")


# -- abbreviations and false friends ----------------------------------------------------


def test_abbreviation_defined_in_the_review() -> None:
    got = found("Methotrexate (MTX) remains the anchor drug.", "Most patients stayed on MTX for two years.")
    assert got.count(("MTX", "methotrexate")) == 2
    assert ("SNP", "sodium-nitroprusside") in found(
        "Sodium nitroprusside (SNP) lowered pressure; SNP was stopped at 2 h."
    )


def test_uk_in_an_institution_name_is_no_urokinase() -> None:
    assert "urokinase" not in agents("The study was funded by Cancer Research UK and the Wellcome Trust.")


def test_asa_the_society_is_no_aspirin() -> None:
    assert "aspirin" not in agents("All patients were ASA physical status I or II.")
    assert "aspirin" not in agents(
        "The American Society of Anesthesiologists (ASA) score was recorded.",
        "Patients with ASA class III were excluded.",
    )


def test_asa_with_a_dose_is_aspirin() -> None:
    assert ("ASA", "aspirin") in found("After stenting, ASA 100 mg daily was continued indefinitely.")
    assert ("ASA", "aspirin") in found("Dual therapy with clopidogrel + ASA was given for 12 months.")


def test_pan_the_disease_is_no_drug() -> None:
    assert agents("Polyarteritis nodosa (PAN) was diagnosed on biopsy; PAN relapsed twice.") == set()


def test_stem_never_fires_inside_a_common_word() -> None:
    assert agents("A mongrel dog model was used for the surgery.") == set()
    assert ("zelogrel", "zelogrel") in [(s, a.lower()) for s, a in found("The new agent zelogrel was well tolerated.")]


def test_ordinary_phrase_is_no_synonym() -> None:
    assert agents("The tablets are available generically in most countries.") == set()


# -- biologics: drugs where given, not as targets or markers ------------------------------


def test_protein_given_is_a_drug() -> None:
    assert "brain-derived-neurotrophic-factor" in agents(
        "Recombinant brain-derived neurotrophic factor was given subcutaneously in a phase 3 trial."
    )
    assert "nerve-growth-factor" in agents("该研究给予患者肌内注射神经生长因子，疗程 4 周。")


def test_protein_as_marker_is_no_drug() -> None:
    assert agents("Serum brain-derived neurotrophic factor levels fell with age.") == set()
    assert agents("抑郁患者血清神经生长因子水平降低。") == set()
    assert agents("TDP-43 aggregates and BDNF levels were measured post mortem.") == set()


def test_dictionary_biologic_needs_context() -> None:
    assert "interferon-gamma-1b" in agents("Patients were treated with interferon gamma-1b three times weekly.")
    assert agents("Interferon gamma-1b receptor expression was measured in biopsies.") == set()


def test_curated_biologic_needs_no_context() -> None:
    assert "interferon-beta-1a" in agents("Interferon beta-1a was the first option discussed.")


# -- Chinese names beyond the curated rows -----------------------------------------------


def test_chinese_generic_and_brand_names_from_the_built_lexicon() -> None:
    assert "naloxone" in agents("阿片类药物过量时静脉注射纳洛酮可迅速逆转呼吸抑制。")
    assert ("利他林", "methylphenidate") in found("多动症患儿每日早晨口服利他林一次。")


def test_brand_that_is_an_ordinary_word_is_no_drug() -> None:
    assert agents("术后患者病情安定，生命体征平稳。") == set()


def test_name_inside_an_enzyme_or_a_longer_chinese_word_is_no_drug() -> None:
    assert agents("甲氨蝶呤通过抑制二氢叶酸还原酶起效。") == {"methotrexate"}
    assert "cystine" not in agents("补充维生素可降低血同型半胱氨酸。")
