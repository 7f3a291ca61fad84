"""Rules as checked data (issue 16, must-have 2).

Every rule file has a strict model; every rule id the pipeline emits, or names in its code, is
declared once in resources/rule_ids.json and every declared id is used; every field a model
validates is read by some code (a field nothing reads is a rule that silently does nothing).
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any, is_typeddict

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from pipeline import resources as r

ROOT = Path(__file__).resolve().parents[1]
PIPELINE = ROOT / "pipeline"
RES = PIPELINE / "resources"
REAL_PDFS = (ROOT / ".." / "shared" / "real-pdfs").resolve()


def rule_models() -> dict[str, Any]:
    """Every JSON rule file -> the model (pydantic class or closed TypedDict) that reads it."""
    import pipeline.entities.vocab_types  # noqa: F401  (registers its TypedDicts)

    return {
        "structure.json": r.StructureCues,
        "zh/headings.json": r.HeadingGrammar,
        "strays.json": r.StrayRules,
        "quality.json": r.QualityThresholds,
        "pdf_text.json": r.PdfTextRules,
        "tables.json": r.TableCues,
        "zh/pattern_words.json": r.ZhPatternWords,
        "en/pattern_words.json": r.EnPatternWords,
        "rule_ids.json": r.RuleIds,
        "sentences.json": r.SentenceRules,
        "ocr.json": r.OcrRules,
        **r._SHAPES,
    }


def _validate(model: Any, text: str) -> None:
    if isinstance(model, type) and issubclass(model, BaseModel):
        model.model_validate_json(text, strict=True)
    else:
        TypeAdapter(model).validate_json(text, strict=True)


# -- every rule file has a strict model ---------------------------------------------------------


def test_every_json_rule_file_has_a_model():
    files = {p.relative_to(RES).as_posix() for p in RES.rglob("*.json")}
    assert files == set(rule_models())


@pytest.mark.parametrize("name", sorted(rule_models()))
def test_rule_file_matches_its_model_and_an_unknown_key_fails(name: str):
    model = rule_models()[name]
    data = json.loads((RES / name).read_text(encoding="utf-8"))
    _validate(model, json.dumps(data))
    planted = [dict(data[0], planted_key=1), *data[1:]] if isinstance(data, list) else dict(data, planted_key=1)
    with pytest.raises(ValidationError, match="planted_key"):
        _validate(model, json.dumps(planted))


def test_a_typed_dict_rule_file_is_checked_when_read(monkeypatch):
    """numbers.json read through resources._json is validated: a wrong type is an error, not a surprise."""
    import pipeline.entities.vocab_types  # noqa: F401

    text = (RES / "numbers.json").read_text(encoding="utf-8")
    bad = json.dumps(dict(json.loads(text), count_words_en="two"))
    monkeypatch.setattr(Path, "read_text", lambda self, encoding=None: bad)
    with pytest.raises(ValidationError, match="count_words_en"):
        r._json("numbers.json")


# -- rule ids: declared once, all used ----------------------------------------------------------


def _corpus_files() -> list[Path]:
    files = sorted(p for p in (ROOT / "raw").iterdir() if p.suffix in (".txt", ".pdf"))
    return files + (sorted(REAL_PDFS.glob("*.pdf")) if REAL_PDFS.is_dir() else [])


def emitted_rules(doc: BaseModel) -> set[str]:
    """Every `rule` value anywhere in a document (entities, removed blocks, whatever carries one)."""
    out: set[str] = set()

    def walk(x: object) -> None:
        if isinstance(x, dict):
            for k, v in x.items():
                if k == "rule" and isinstance(v, str):
                    out.add(v)
                else:
                    walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(doc.model_dump())
    return out


def undeclared(docs: dict[str, BaseModel]) -> dict[str, list[str]]:
    """Emitted rule ids (or parts of composite ones) that rule_ids.json does not declare, by document."""
    found = {
        name: sorted(p for rule in emitted_rules(d) for p in r.undeclared_rule_parts(rule)) for name, d in docs.items()
    }
    return {k: v for k, v in found.items() if v}


@pytest.fixture(scope="module")
def corpus_docs() -> dict[str, BaseModel]:
    from pipeline import extract_file

    return {p.name: extract_file(p) for p in _corpus_files()}


def test_every_rule_id_the_corpus_emits_is_declared(corpus_docs):
    assert len(corpus_docs) >= 20
    assert undeclared(corpus_docs) == {}


def test_the_check_finds_an_undeclared_id(seed_doc):
    """A synthetic document carrying ids nobody declared fails the same check the corpus passes."""
    removed = seed_doc.removed[0].model_copy(update={"rule": "furniture.planted_undeclared"})
    stray = seed_doc.removed[0].model_copy(update={"rule": "strays.boxed+planted_signal"})
    number = seed_doc.entities.numbers[0].model_copy(update={"rule": "number.planted"})
    entities = seed_doc.entities.model_copy(update={"numbers": [number, *seed_doc.entities.numbers[1:]]})
    doc = seed_doc.model_copy(update={"removed": [removed, stray, *seed_doc.removed[1:]], "entities": entities})
    assert undeclared({"seed": seed_doc}) == {}
    assert undeclared({"planted": doc}) == {
        "planted": ["furniture.planted_undeclared", "number.planted", "strays.planted_signal"]
    }


@cache
def _trees() -> list[tuple[Path, ast.Module]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(PIPELINE.rglob("*.py"))]


def _string_constants() -> Iterator[tuple[Path, int, str]]:
    for path, tree in _trees():
        for n in ast.walk(tree):
            if isinstance(n, ast.Constant) and isinstance(n.value, str):
                yield path, n.lineno, n.value


def _id_shaped(s: str, namespaces: set[str]) -> bool:
    """`number.p_value`, `trial.opens_`, `strays.`: a declared namespace, a dot, an id's characters;
    not a resource file name (`strays.json`)."""
    m = re.fullmatch(r"([a-z]+)\.[a-z0-9_.]*", s)
    return bool(m) and m.group(1) in namespaces and not (RES / s).exists()


def test_every_rule_id_in_the_code_is_declared():
    reg = r.rule_ids()
    namespaces = {i.split(".")[0] for i in reg.ids}
    bad = [
        f"{p.relative_to(ROOT)}:{line}: {s!r}"
        for p, line, s in _string_constants()
        if _id_shaped(s, namespaces) and not r.declares_literal(s)
    ]
    # an id built from pieces hides from this check and from grep: write it whole
    built = [
        f"{p.relative_to(ROOT)}:{n.lineno}: {ast.unparse(n)}"
        for p, tree in _trees()
        for n in ast.walk(tree)
        if isinstance(n, ast.JoinedStr)
        and n.values
        and isinstance(n.values[0], ast.Constant)
        and _id_shaped(str(n.values[0].value).split("{")[0], namespaces)
    ]
    assert bad == [] and built == []


def test_the_code_check_finds_an_undeclared_literal():
    reg = r.rule_ids()
    namespaces = {i.split(".")[0] for i in reg.ids}
    assert _id_shaped("number.planted", namespaces) and not r.declares_literal("number.planted")
    assert r.declares_literal("number.p_value") and r.declares_literal("strays.")
    assert not _id_shaped("strays.json", namespaces)


def test_every_declared_rule_id_is_used():
    reg = r.rule_ids()
    literals = {s for _, _, s in _string_constants()}
    unused = [
        i
        for i in reg.ids
        if i not in literals
        and not (i.split(".")[0] in reg.composite and i.split(".", 1)[1] in literals)  # a composite's part
    ]
    unused_prefixes = [p for p in reg.prefixes if p not in literals]
    assert unused == [] and unused_prefixes == []


# -- every validated field is read ---------------------------------------------------------------


def _fields(model: Any) -> Iterator[tuple[str, str, bool]]:
    """(model name, field, is a TypedDict key) for a model and the models nested in it."""
    seen: set[Any] = set()

    def visit(m: Any) -> Iterator[tuple[str, str, bool]]:
        if m in seen:
            return
        seen.add(m)
        if isinstance(m, type) and issubclass(m, BaseModel):
            for name, f in m.model_fields.items():
                yield m.__name__, name, False
                yield from _nested(f.annotation)
        elif is_typeddict(m):
            from typing import get_type_hints

            for name, ann in get_type_hints(m).items():
                yield m.__name__, name, True
                yield from _nested(ann)
        else:
            for a in getattr(m, "__args__", ()):
                yield from _nested(a)

    def _nested(ann: Any) -> Iterator[tuple[str, str, bool]]:
        if (isinstance(ann, type) and issubclass(ann, BaseModel)) or is_typeddict(ann):
            yield from visit(ann)
        for a in getattr(ann, "__args__", ()):
            yield from _nested(a)

    yield from visit(model)


def _reads() -> tuple[set[str], set[str]]:
    """Attribute names read anywhere in pipeline/, and string keys used to index or .get() a dict."""
    attrs: set[str] = set()
    keys: set[str] = set()
    for _, tree in _trees():
        for n in ast.walk(tree):
            if isinstance(n, ast.Attribute) and isinstance(n.ctx, ast.Load):
                attrs.add(n.attr)
            elif isinstance(n, ast.Subscript) and isinstance(n.slice, ast.Constant):
                keys.add(str(n.slice.value))
            elif (
                isinstance(n, ast.Call)
                and isinstance(n.func, ast.Attribute)
                and n.func.attr in ("get", "setdefault", "pop")
                and n.args
                and isinstance(n.args[0], ast.Constant)
            ):
                keys.add(str(n.args[0].value))
    return attrs, keys


def unread_fields(models: dict[str, Any], attrs: set[str], keys: set[str]) -> list[str]:
    """Validated fields no code reads (comments are documentation, not rules)."""
    return sorted(
        {
            f"{model_name}.{field}"
            for m in models.values()
            for model_name, field, is_key in _fields(m)
            if not (field == "comment" or field.endswith("_comment")) and field not in (keys if is_key else attrs)
        }
    )


def test_every_validated_field_is_read():
    assert unread_fields(rule_models(), *_reads()) == []


def test_the_field_check_finds_a_dead_field():
    class Planted(r._Strict):
        used: int
        never_read_anywhere: int

    assert unread_fields({"planted.json": Planted}, {"used"}, set()) == ["Planted.never_read_anywhere"]


# -- words stay out of regexes in code ----------------------------------------------------------

_CJK = re.compile(r"[\u3400-\u9fff]")
_EN_ALTERNATION = re.compile(r"(?<![\\\w])[A-Za-z]{2,}s?\??\|[A-Za-z]{2,}")  # "trial|study", "hours?|h"
_REGEX_SYNTAX = re.compile(r"\\[sdbwS]|\(\?[:=!<]|[^\\]\|")


def regex_literals_with_words(tree: ast.Module) -> list[tuple[int, str]]:
    """String literals of regex syntax that spell Chinese words or alternate English words."""
    docs = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)}
    return [
        (n.lineno, n.value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant)
        and isinstance(n.value, str)
        and id(n) not in docs
        and _REGEX_SYNTAX.search(n.value)
        and (_CJK.search(n.value) or _EN_ALTERNATION.search(n.value))
    ]


# regex literals with words left today (files another change was reworking): only shrinks
REGEX_WORDS_TODAY: dict[str, int] = {}


def test_words_of_regexes_live_in_data():
    counts = {p.relative_to(ROOT).as_posix(): len(regex_literals_with_words(t)) for p, t in _trees()}
    over = {f: n for f, n in counts.items() if n > REGEX_WORDS_TODAY.get(f, 0)}
    assert over == {}, f"move the words into resources/ (zh|en/pattern_words.json): {over}"
    stale = [f for f in REGEX_WORDS_TODAY if counts.get(f, 0) == 0]
    assert stale == [], f"no words left, remove from REGEX_WORDS_TODAY: {stale}"


def test_the_regex_word_check_finds_words():
    planted = ast.parse(
        'X = re.compile(r"\\s*(?:和|与)\\s*")\nY = r"(?:trial|study)"\nZ = r"\\d+\\s*%"\n"""a 中文 docstring|x"""'
    )
    assert sorted(line for line, _ in regex_literals_with_words(planted)) == [1, 2]
