"""Reference lists (issue 12, must-have 4): numbered in several styles and author-year, wrapped
entries joined, counted right; numbers inside references are no entities. Fresh documents."""

from __future__ import annotations

import pytest

from pipeline import extract_bytes

FRONT = """特发性肺纤维化抗纤维化治疗进展
赵文静，陈 刚
（首都医科大学附属北京朝阳医院呼吸科，北京 100020）
【摘要】特发性肺纤维化是一种慢性进行性间质性肺疾病。本文就抗纤维化药物的临床研究进展进行综述。
【关键词】特发性肺纤维化；吡非尼酮；尼达尼布

1 概述
特发性肺纤维化患者确诊后中位生存期仅 3~5 年，抗纤维化治疗可延缓肺功能下降[1]。

2 药物治疗
吡非尼酮可使用力肺活量下降幅度减少约 50%[2]，尼达尼布的疗效与之相当[3]。

"""

ENTRIES = [
    (
        "Richeldi L, du Bois RM, Raghu G, et al. Efficacy and safety of nintedanib in idiopathic",
        "pulmonary fibrosis[J]. N Engl J Med, 2014, 370(22): 2071-2082.",
    ),
    (
        "King TE Jr, Bradford WZ, Castro-Bernardini S, et al. A phase 3 trial of pirfenidone in",
        "patients with idiopathic pulmonary fibrosis[J]. N Engl J Med, 2014, 370(22): 2083-2092.",
    ),
    ("代华平，徐凌. 特发性肺纤维化诊断和治疗中国专家共识[J]. 中华结核和呼吸杂志，", "2016，39(6)：427-432."),
]


def _doc(label: str, numbering: str) -> str:
    lines = []
    for k, (a, b) in enumerate(ENTRIES, 1):
        lines += [numbering.format(k) + a, b]
    return FRONT + label + "\n" + "\n".join(lines) + "\n"


@pytest.mark.parametrize("label", ["参考文献", "［参考文献］", "【参考文献】", "References"])
@pytest.mark.parametrize("numbering", ["[{}] ", "［{}］", "[ {} ] ", "{}. "])
def test_numbered_lists_wrapped_entries_joined(label, numbering):
    doc = extract_bytes(_doc(label, numbering).encode("utf-8"), "ipf.txt")
    assert [r.number for r in doc.references] == [1, 2, 3]
    assert doc.references[0].text.startswith("Richeldi L")
    assert doc.references[0].text.endswith("2071-2082.")
    assert "idiopathic pulmonary fibrosis" in doc.references[0].text
    assert doc.references[2].text.endswith("427-432.")


def test_author_year_list():
    entries = [
        (
            "Raghu G, Remy-Jardin M, Richeldi L, et al. Idiopathic pulmonary fibrosis (an update)",
            "and progressive pulmonary fibrosis in adults. Am J Respir Crit Care Med. 2022;205:e18-e47.",
        ),
        ("Lederer DJ, Martinez FJ. Idiopathic pulmonary fibrosis. N Engl J Med.", "2018;378:1811-1823."),
        (
            "Maher TM, Strek ME. Antifibrotic therapy for idiopathic pulmonary fibrosis: time to",
            "treat. Respir Res. 2019;20:205.",
        ),
    ]
    text = FRONT + "References\n" + "\n".join(f"{a}\n{b}" for a, b in entries) + "\n"
    doc = extract_bytes(text.encode("utf-8"), "ipf_ay.txt")
    assert len(doc.references) == 3
    assert [r.number for r in doc.references] == [None, None, None]
    assert (
        doc.references[1].text
        == "Lederer DJ, Martinez FJ. Idiopathic pulmonary fibrosis. N Engl J Med. 2018;378:1811-1823."
    )


def test_numbers_in_references_are_no_entities():
    doc = extract_bytes(_doc("参考文献", "[{}] ").encode("utf-8"), "ipf.txt")
    units = {m.unit for n in doc.entities.numbers for m in n.mentions}
    assert units and all(u in ("abstract.zh", "abstract.en", "title.zh") or u.startswith("p") for u in units)
    values = {n.value for n in doc.entities.numbers}
    assert 2071.0 not in values and 427.0 not in values
