"""Labelled notes into metadata.notes, never paragraphs (issue 12, must-have 2): footnotes with several
labels, classification lines, back-matter statements. Fresh documents and strings."""

from __future__ import annotations

import pytest

from pipeline import extract_bytes
from pipeline.notes import split_notes

DOC = """·论著·
帕金森病患者睡眠障碍的临床特征分析
黄丽萍1，许 强2
（1. 中南大学湘雅医院神经内科，长沙 410008；2. 中南大学湘雅医院老年科，长沙 410008）
【摘要】目的 分析帕金森病患者睡眠障碍的临床特征。方法 回顾性分析 126 例患者的临床资料。
【关键词】帕金森病；睡眠障碍；快速眼动睡眠
【中图分类号】R742.5 【文献标志码】A 【文章编号】1000-0000(2024)05-0401-05

1 资料与方法
共纳入帕金森病患者 126 例，其中男 70 例，女 56 例，平均年龄 (64.2±8.1) 岁。

2 结果
帕金森病患者睡眠障碍的发生率为 61.9%，以快速眼动睡眠行为障碍最常见[1]。

利益冲突声明 所有作者声明不存在利益冲突。
作者贡献说明 黄丽萍：设计研究，撰写文章；许强：收集数据。

参考文献
[1] 陈海波. 帕金森病睡眠障碍的诊治[J]. 中华神经科杂志，2020，53(4)：301-305.
"""


def test_classification_and_back_matter_become_notes_not_paragraphs():
    doc = extract_bytes(DOC.encode("utf-8"), "pd_sleep.txt")
    notes = {n.kind: n.text for n in doc.metadata.notes}
    assert notes["clc"] == "R742.5" and notes["document_code"] == "A"
    assert notes["article_id"] == "1000-0000(2024)05-0401-05"
    assert notes["conflict_of_interest"] == "所有作者声明不存在利益冲突。".rstrip("。")
    assert notes["contributions"].startswith("黄丽萍：设计研究")
    paras = " ".join(p.text for s in doc.sections for p in s.paragraphs)
    heads = [s.title for s in doc.sections]
    assert "利益冲突" not in paras and "作者贡献" not in paras and "利益冲突声明" not in heads
    assert "61.9%" in paras and len(doc.references) == 1


@pytest.mark.parametrize(
    "text,want",
    [
        (
            "[收稿日期]2021-03-02[基金项目]湖南省自然科学基金(2021JJ30001)[作者简介]黄丽萍（1980-），女，副教授。*通信作者。E-mail：hlp@example.org",
            [
                ("received", "2021-03-02"),
                ("funding", "湖南省自然科学基金(2021JJ30001)"),
                ("author_bio", "黄丽萍（1980-），女，副教授"),
                ("corresponding", "E-mail：hlp@example.org"),
            ],
        ),
        ("（收稿日期：2019-11-30）", [("received", "2019-11-30")]),
        (
            "DOI：10.1234/abc.2020.01.002收稿日期：2020-01-05；修回日期：2020-02-01",
            [("doi", "10.1234/abc.2020.01.002"), ("received", "2020-01-05"), ("revised", "2020-02-01")],
        ),
        ("Received: 12 May 2021; Accepted: 3 June 2021", [("received", "12 May 2021"), ("accepted", "3 June 2021")]),
    ],
)
def test_split_notes(text, want):
    assert [(n.kind, n.text) for n in split_notes(text)] == want


def test_a_label_word_inside_a_sentence_opens_no_note():
    assert split_notes("所有作者声明不存在利益冲突。") == []
    assert [n.kind for n in split_notes("利益冲突声明 所有作者声明不存在利益冲突。")] == ["conflict_of_interest"]
