"""Labelled notes around an article (收稿日期, 基金项目, 通信作者, 中图分类号, 利益冲突声明 ...) into
`metadata.notes`: a footnote or classification line may hold several, each opened by its label."""

from __future__ import annotations

import re
from functools import cache

from .models import Note
from .resources import structure_cues

_LEAD = " \u3000:：;；,，.。)）]】］〕"
_TAIL = " \u3000:：;；,，。([（【［〔*＊†"
# a label opens a note at the start or after a separator or bracket, never inside a sentence
# ("所有作者声明不存在利益冲突" holds no label)
_BEFORE = r"(?<![^\s\u3000;；。.,，:：\[\]【】［］()（）〔〕*＊†△※#])"


@cache
def _labels() -> re.Pattern[str]:
    kinds = structure_cues().note_kinds
    alt = "|".join(re.escape(k) for k in sorted(kinds, key=len, reverse=True))
    # ... or, glued to the text before it, when a colon or closing bracket follows ("…00342收稿日期：")
    return re.compile(rf"{_BEFORE}(?:{alt})|(?:{alt})(?=\s*[:：\]】］〕])")


def split_notes(text: str) -> list[Note]:
    """The notes of `text`, one per label found in it (text before the first label is dropped)."""
    kinds = structure_cues().note_kinds
    hits = list(_labels().finditer(text))
    out: list[Note] = []
    for k, m in enumerate(hits):
        end = hits[k + 1].start() if k + 1 < len(hits) else len(text)
        body = _balanced(text[m.end() : end].lstrip(_LEAD).rstrip(_TAIL))
        if body:
            out.append(Note(kind=kinds[m.group(0)], text=body))
    return out


def _balanced(text: str) -> str:
    """Without a closing bracket that closes nothing ("2010-03-10）" of "（收稿日期：2010-03-10）")."""
    for o, c in ("()", "（）", "[]", "【】", "［］"):
        while text.endswith(c) and text.count(c) > text.count(o):
            text = text[:-1].rstrip()
    return text


def starts_back_matter(text: str) -> bool:
    t = text.strip().lstrip("【[［")
    return any(t.startswith(c) for c in structure_cues().back_matter_cues)
