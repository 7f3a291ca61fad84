"""Front-matter rules on fresh synthetic documents (issue 12): column labels, banners, issue lines,
author roles and justified names. Each document is written for the test, in several house styles
and on diseases no gold file is about."""

from __future__ import annotations

import pytest

from pipeline import extract_bytes

BODY = """
1 概述
{topic}是临床常见疾病，近年来发病率逐年上升，早期识别与规范治疗可明显改善患者预后[1]。

2 治疗
2.1 药物治疗
研究显示，规范的药物治疗可使{topic}患者的症状缓解率提高约 30%[2]。

参考文献
[1] 王明，李华. {topic}的流行病学研究[J]. 中华医学杂志，2020，100(3)：201-205.
[2] 张强，刘洋. {topic}药物治疗进展[J]. 中国临床医生，2021，49(2)：101-104.
"""


def extract(front: str, topic: str) -> object:
    text = front.strip("\n") + "\n" + BODY.format(topic=topic)
    return extract_bytes(text.encode("utf-8"), "case.txt")


CASES = [
    (
        "· 综 述 ·",
        "慢性阻塞性肺疾病急性加重的管理进展",
        "周小明，钱 伟（综述），孙大勇*（审校）",
        "（南京医科大学第一附属医院呼吸科，南京 210029）",
        "慢性阻塞性肺疾病",
        "综述",
        ["周小明", "钱伟", "孙大勇"],
    ),
    (
        "·临床研究·",
        "老年股骨颈骨折术后谵妄的危险因素分析",
        "郑 红1，吴国庆2，冯 涛1",
        "（1. 四川大学华西医院骨科，成都 610041；2. 四川大学华西医院麻醉科，成都 610041）",
        "股骨颈骨折",
        "临床研究",
        ["郑红", "吴国庆", "冯涛"],
    ),
    (
        "讲座",
        "原发性醛固酮增多症的筛查与确诊",
        "蒋丽华，欧 阳 明（整理）",
        "（中山大学附属第三医院内分泌科，广州 510630）",
        "原发性醛固酮增多症",
        "讲座",
        ["蒋丽华", "欧阳明"],
    ),
]


@pytest.mark.parametrize("label,title,author_line,aff,topic,kind,names", CASES)
def test_column_label_is_article_type_never_title(label, title, author_line, aff, topic, kind, names):
    front = f"""{label}
{title}
{author_line}
{aff}
［摘 要］ {topic}的诊治仍面临诸多挑战。本文就其诊断与治疗进展进行综述。
［关键词］ {topic}；诊断；治疗
"""
    doc = extract(front, topic)
    assert doc.metadata.title.zh == title
    assert doc.metadata.article_type == kind
    assert [a.name for a in doc.metadata.authors] == names
    assert doc.metadata.affiliations and doc.metadata.affiliations[0].postcode
    assert not any(label.replace(" ", "") in r.text.replace(" ", "") for r in doc.removed)


def test_banner_and_issue_lines_are_never_the_title():
    front = """网络首发时间：2024-05-11 09:12:40 网络首发地址：https://example.org/urlid/11.2222.R.20240510
第 32 卷第 4 期
2024 年 4 月
DOI: 10.12345/j.issn.1000-0000.2024.04.007
·论著·
妊娠期糖尿病孕妇血糖管理与新生儿结局
何晓燕, 罗 斌
(浙江大学医学院附属妇产科医院产科,杭州 310006)
【摘要】目的 探讨妊娠期糖尿病孕妇血糖管理与新生儿结局的关系。
【关键词】妊娠期糖尿病; 血糖; 新生儿
"""
    doc = extract(front, "妊娠期糖尿病")
    assert doc.metadata.title.zh == "妊娠期糖尿病孕妇血糖管理与新生儿结局"
    assert doc.metadata.article_type == "论著"
    assert [a.name for a in doc.metadata.authors] == ["何晓燕", "罗斌"]
    banner = [r for r in doc.removed if r.rule == "frontmatter.banner"]
    assert banner and banner[0].reason == "running_header"
    assert not any(r.rule == "strays.before_title" and "网络首发" in r.text for r in doc.removed)


@pytest.mark.parametrize(
    "label,kind", [("REVIEW", "Review"), ("Letters to the Editor", "Letter"), ("Original Article", "Original Article")]
)
def test_english_column_labels(label, kind):
    from pipeline.frontmatter.journal import article_type_of

    assert article_type_of(label) == kind
    assert article_type_of(label.lower()) == kind
    # a sentence that merely starts with the word is no label
    assert article_type_of(f"{label} of the recent literature on sepsis") is None


def test_a_role_word_outside_parentheses_is_no_name():
    from pipeline.frontmatter.authors import parse_cjk_authors

    assert parse_cjk_authors("综述与审校") is None
    assert parse_cjk_authors("李 四，王五（审校）") == [("李四", []), ("王五", [])]


LECTURE = """·讲座·
膝关节半月板的形态与血供
韩立新 孟 静
半月板是膝关节内的纤维软骨结构，在负荷传导和关节稳定中具有重要作用。熟悉其形态与血供是治疗半月板损伤的基础。

一、半月板的形态
内侧半月板呈 C 形，外侧半月板近似 O 形，两者的前后角分别附着于胫骨髁间区。
Arnoczky等
外周 10%~30% 的区域有血管分布，称红区。

二、半月板的血供
半月板的血供主要来自膝中动脉和膝下动脉的分支，随年龄增长血管化区域逐渐缩小。
{cite}
"""


@pytest.mark.parametrize(
    "cite",
    [
        "韩立新，孟静．膝关节半月板的形态与血供[J/CD]．中华骨与关节外科杂志，2019，12(3)：201-205.",
        "引用本文：韩立新，孟静．膝关节半月板的形态与血供．中华骨与关节外科杂志，2019，12(3)：201-205.",
        # the volume and pages set apart in a block of their own (zh05's last lines)
        "韩立新，孟静．膝关节半月板的形态与血供[J/CD]．中华骨与关节外科杂志，2019，12(3)：\n\n201-205.",
    ],
)
def test_latin_name_in_the_body_is_no_english_title_and_cite_block_is_removed(cite):
    doc = extract_bytes(LECTURE.format(cite=cite).encode("utf-8"), "lecture.txt")
    assert doc.metadata.title.zh == "膝关节半月板的形态与血供"
    assert doc.metadata.title.en is None
    assert doc.metadata.article_type == "讲座"
    paras = [p.text for s in doc.sections for p in s.paragraphs]
    assert not any("201-205" in p for p in paras)
    assert [r.rule for r in doc.removed if "201-205" in r.text] == ["strays.cite_this_article"]


def test_a_reference_to_another_article_with_the_same_words_is_kept():
    from pipeline.references import cites_itself

    title = "膝关节半月板的形态与血供"
    assert not cites_itself("既往研究比较了膝关节半月板的形态与血供的年龄差异[3]。", [title])
    assert cites_itself("韩立新．膝关节半月板的形态与血供[J]．中华骨科杂志，2019，12(3)：201-205.", [title])


def test_a_footnote_ends_with_its_page():
    """The last footnote of a page does not swallow the next page's captions and heading."""
    from pipeline.furniture import split_furniture
    from pipeline.lines import Line

    def ln(text: str, page: int, fill: float) -> Line:
        return Line(text=text, page=page, size=9.0, top=700.0 if page == 1 else 100.0, fill=fill)

    lines = [
        ln("作者单位：100050 首都医科大学附属北京友谊医院心内科", 1, 1.0),
        ln("图2 房颤消融的导管位置", 2, 0.6),
        ln("二、导管消融的适应证", 2, 0.3),
        ln("阵发性房颤患者在抗心律失常药物治疗无效时可考虑导管消融，其成功率较高。", 2, 1.0),
    ]
    keep, removed = split_furniture(lines)
    assert [r.text for r in removed] == ["作者单位：100050 首都医科大学附属北京友谊医院心内科"]
    assert [k.text for k in keep][:2] == ["图2 房颤消融的导管位置", "二、导管消融的适应证"]
    # on one page, a wrapped footnote still continues
    same = [ln("作者单位：100050 首都医科大学附属北京友谊医院", 1, 1.0), ln("心内科", 1, 0.2)]
    assert [r.text for r in split_furniture(same)[1]] == ["作者单位：100050 首都医科大学附属北京友谊医院心内科"]


def test_english_keywords_wrapped_in_a_ragged_pdf_line_stay_one_list():
    """A Latin keyword line that nearly fills its column wrapped; its next line is the last keyword."""
    from pipeline.lines import Line
    from pipeline.structure import build

    def ln(text: str, fill: float = 1.0, size: float = 9.5, gap: bool = False) -> Line:
        return Line(text=text, page=1, size=size, top=100.0, fill=fill, short=fill < 0.97, gap_before=gap, font="F")

    lines = [
        ln("慢性心力衰竭的药物治疗进展", size=16.0, gap=True),
        ln("摘要：本文综述慢性心力衰竭药物治疗的进展，包括沙库巴曲缬沙坦和达格列净的临床研究。", gap=True),
        ln("关键词：心力衰竭；药物治疗", fill=0.4),
        ln("Abstract: This review summarises drug therapy for chronic heart failure.", fill=0.8, gap=True),
        ln("Key words: Heart failure; Sacubitril-valsartan; Dapagliflozin; Drug", fill=0.95),
        ln("therapy", fill=0.08),
        ln("1 概述", size=11.0, gap=True),
        ln("慢性心力衰竭是各种心脏疾病的终末阶段，其药物治疗近年来进展迅速，多项大型研究改变了指南推荐。"),
    ]
    st = build(lines)
    assert st.metadata.keywords.en == ["Heart failure", "Sacubitril-valsartan", "Dapagliflozin", "Drug therapy"]
    assert not any("therapy" == p.text for s in st.sections for p in s.paragraphs)


@pytest.mark.parametrize(
    "text, rest",
    [
        ("ABSTRACTCardiovascular disease is", "Cardiovascular disease is"),  # OCR lost the space
        ("Key wordsType 2 diabetes", "Type 2 diabetes"),
        ("ABSTRACT Cardiovascular", "Cardiovascular"),
        ("Abstracts of the congress", None),  # a longer word is no label
        ("ABSTRACTS", None),
        ("Abstracted from", None),
    ],
)
def test_an_english_label_glued_to_its_first_word_is_still_a_label(text, rest):
    from pipeline.frontmatter.anchors import strip_label

    assert strip_label(text, ["ABSTRACT", "Abstract", "Key words"]) == rest


def test_chinese_names_do_not_end_an_english_title():
    from pipeline.frontmatter.authors import continues_title
    from pipeline.lines import Line

    en = Line("type 2 diabetes mellitus", font="Bold", size=9.5, heading_face=True)
    names = Line("陈晓雯1，刘建国1", font="Bold", size=9.5, heading_face=True)
    assert not continues_title(en, names)
    zh = Line("降糖药物心血管结局试验的", font="Bold", size=9.5, heading_face=True)
    tail = Line("研究进展", font="Bold", size=9.5, heading_face=True)
    assert continues_title(zh, tail)
