"""Mutation fuzzing of everything that reads JSON: validate, load (SQLite), show and diff.

Each case is a seed document (an extraction of a corpus text) changed by structural mutations
(a value replaced by a hostile one: huge or negative integers, 5 000-digit literals, NUL and
markup in strings, traversal doc_ids, deep nesting, wrong types, keys dropped) or by byte
mutations of its JSON text. A case must end as one InputError line, or as a document that
loads into SQLite, renders as a page with no foreign element and diffs against itself.
Prints the count of cases and how they ended.

    python tools/fuzz_json.py [--cases 10000] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from pipeline.errors import InputError  # noqa: E402
from pipeline.jsonread import loads  # noqa: E402
from pipeline.models import Document  # noqa: E402

HOSTILE: list[Any] = [
    30000000000000000000,
    2**31,
    2**31 - 1,
    -(2**31) - 1,
    -1,
    0,
    10**300,
    1e308,
    -0.0,
    1.5,
    "",
    "\x00",
    "a\x00b",
    "x" * 5000,
    "../../escape",
    "..\\..\\evil",
    "index",
    "a" * 201,
    '"><script>alert(1)</script>',
    "' onmouseover='alert(1)",
    "</textarea><img src=x onerror=alert(1)>",
    "\u202e\u200b\ufeff",
    "\ud7ff\ue000",
    "p1\np2",
    None,
    True,
    [],
    {},
    [[[[[]]]]],
    {"a": {"b": {"c": {}}}},
]
LITERALS = ["9" * 5000, "1e999", "-1e999", "NaN", "Infinity", "1" + "0" * 40, "0." + "0" * 5000 + "1"]


def _paths(obj: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if len(prefix) > 12:
        return out
    if isinstance(obj, dict):
        for k, v in obj.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj[:6]):  # a few items of each list: the shapes repeat
            out += _paths(v, (*prefix, i))
    return out


def _set(obj: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    parent = obj
    for k in path[:-1]:
        parent = parent[k]
    parent[path[-1]] = value
    return obj


def _drop(obj: Any, path: tuple) -> Any:
    if not path:
        return obj
    parent = obj
    for k in path[:-1]:
        parent = parent[k]
    del parent[path[-1]]
    return obj


def mutate(seed: dict, rng: random.Random) -> bytes:
    """One mutant of `seed` as JSON bytes."""
    doc = json.loads(json.dumps(seed))
    for _ in range(rng.randint(1, 4)):
        paths = _paths(doc)
        path = rng.choice(paths)
        op = rng.random()
        try:
            if op < 0.6:
                doc = _set(doc, path, rng.choice(HOSTILE))
            elif op < 0.75:
                doc = _drop(doc, path)
            elif op < 0.85:
                depth = rng.choice([10, 63, 65, 1000, 100_000])
                nested: Any = []
                for _ in range(min(depth, 500)):  # json.dumps recurses too; deeper is the text wrap below
                    nested = [nested]
                doc = _set(doc, path, nested)
            else:
                doc = _set(doc, path, rng.choice(HOSTILE[:10]) if rng.random() < 0.5 else str(rng.random()))
        except (KeyError, IndexError, TypeError):
            pass
    text = json.dumps(doc, ensure_ascii=rng.random() < 0.5)
    r = rng.random()
    if r < 0.15:  # a literal json.dumps cannot write, put in place of a number
        at = [i for i, c in enumerate(text) if c.isdigit() and not text[i - 1].isalnum()]
        if at:
            i = rng.choice(at)
            j = i
            while j < len(text) and (text[j].isdigit() or text[j] in ".eE+-"):
                j += 1
            text = text[:i] + rng.choice(LITERALS) + text[j:]
    elif r < 0.2:
        text = "[" * 100_000 + text + "]" * 100_000
    data = text.encode("utf-8", errors="surrogatepass")
    if rng.random() < 0.15:  # bytes: flip, cut, insert invalid UTF-8
        b = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(b))
            k = rng.random()
            if k < 0.4:
                b[i] ^= 1 << rng.randrange(8)
            elif k < 0.6:
                del b[rng.randint(len(b) // 2, len(b)) :]
            else:
                b[i:i] = rng.choice([b"\xff", b"\xc3", b"\x00", b"\\u0000", b"\xed\xa0\x80"])
        data = bytes(b)
    return data


def check(data: bytes, engine, out_dir: Path) -> str:  # type: ignore[no-untyped-def]
    """How one case ended; raises AssertionError (or anything else) when a contract is broken."""
    from pydantic import ValidationError

    from pipeline.evaluate import compare
    from pipeline.show import build, page_html
    from pipeline.store import load_document

    try:
        raw = loads(data, "case.json")
        doc = Document.model_validate(raw)
    except InputError as e:
        assert e.reason and "\n" not in e.reason, e.reason
        return "refused: " + e.reason.split(" (")[0].split(":")[0]
    except ValidationError as e:
        return "invalid: " + str(e.errors()[0]["type"])
    load_document(engine, doc)
    foreign = _foreign_markup(page_html(build(doc)))
    assert not foreign, foreign
    if max(map(len, _strings(raw)), default=0) > LONG:
        # evaluate.compare aligns text with difflib, quadratic in a long string (2 s for 5 000 characters)
        return "valid (diff skipped: a long string)"
    compare(doc, doc)
    return "valid"


LONG = 1000


def _foreign_markup(html: str) -> list[str]:
    """Elements and attributes a page never has of its own: a second script, an img, an on* handler."""
    from html.parser import HTMLParser

    found: list[str] = []
    scripts = [0]

    class Scan(HTMLParser):
        def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
            if tag == "script":
                scripts[0] += 1
            if tag in ("img", "iframe", "object", "embed") or tag == "script" and scripts[0] > 1:
                found.append(f"<{tag}>")
            found.extend(f"{tag}[{k}]" for k, _ in attrs if k.startswith("on"))

    Scan().feed(html)
    return found


def _strings(obj: Any) -> list[str]:
    out, stack = [], [obj]
    while stack:
        o = stack.pop()
        if isinstance(o, str):
            out.append(o)
        elif isinstance(o, dict):
            stack.extend(o.values())
        elif isinstance(o, list):
            stack.extend(o)
    return out


def seed_document() -> dict:
    from pipeline import extract_file
    from pipeline.models import Entities

    doc = extract_file(ROOT / "raw" / "als_treatment_review.txt")
    # a smaller seed keeps each case fast: the first sections and a few of each entity
    e = doc.entities
    doc.sections = doc.sections[:2]
    doc.references = doc.references[:3]
    doc.entities = Entities(drugs=e.drugs[:3], trials=e.trials[:2], doses=e.doses[:3], numbers=e.numbers[:5])
    return doc.model_dump(mode="json")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    import tempfile

    from pipeline.store import connect

    rng = random.Random(args.seed)
    seed = seed_document()
    outcomes: Counter[str] = Counter()
    problems: list[str] = []
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        engine = connect(f"sqlite:///{tmp}/fuzz.db")
        for k in range(args.cases):
            data = mutate(seed, rng)
            try:
                outcomes[check(data, engine, Path(tmp))] += 1
            except BaseException as e:  # noqa: B902  the contract: nothing but InputError or a valid document
                if isinstance(e, KeyboardInterrupt):
                    raise
                problems.append(f"case {k}: {type(e).__name__}: {str(e)[:200]}")
        engine.dispose()
    from fuzz_pdf import report

    return report(
        f"{args.cases} mutated JSON documents (seed {args.seed}) in {time.monotonic() - t0:.0f} s", outcomes, problems
    )


if __name__ == "__main__":
    sys.exit(main())
