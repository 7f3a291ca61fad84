"""Drug finding: P/R/F1 on the gold reviews and on public annotated text, and its cost.

Prints, never asserts:

* gold reviews (tests/gold, text renditions in raw/): entity-level drug P/R/F1 (the
  `reviewx diff` scoring) and mention-level P/R/F1, exact span and overlapping span, on
  the units whose text is the same in gold and rendition;
* BC5CDR (tests/data/bc5cdr/, PubMed titles and abstracts, "Chemical" mentions): mention
  P/R/F1, exact and overlap, on the dev half and on the held-out half (split by position
  in the file, first half dev), each abstract read as one document;
* DiaKG (tests/data/diakg/, sentences of a Chinese diabetes consensus, "Drug" mentions):
  the same, dev = first half of the paragraphs in document order, held-out = the rest;
  once with every gold mention, once with the gold mentions that are classes set aside
  (`gold_is_class`), and the dev half's missed and spurious mentions;
* the cost: lexicon load, automata build, jieba with the user words, drug finding per
  page of the gold reviews, and the process's peak memory.

    python bench/drugs.py [--code DIR]   # DIR: another checkout's root, to time old code
    python bench/drugs.py --only diakg   # one public set, nothing else
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CDR = ROOT / "tests" / "data" / "bc5cdr" / "CDR_sample_28.PubTator.txt"
# characters of body text on one printed page of the gold reviews' PDF renditions
CHARS_PER_PAGE = 2600


def read_pubtator(path: Path) -> list[tuple[str, str, list[tuple[int, int]]]]:
    """(pmid, text, chemical spans) of every article; text is title + " " + abstract."""
    out = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        lines = block.split("\n")
        pmid, _, title = lines[0].partition("|t|")
        abstract = lines[1].partition("|a|")[2]
        spans = []
        for line in lines[2:]:
            f = line.split("\t")
            if len(f) >= 5 and f[1] != "CID" and f[4] == "Chemical":
                spans.append((int(f[1]), int(f[2])))
        out.append((pmid, f"{title} {abstract}", spans))
    return out


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_spans(pred: list[tuple[int, int]], gold: list[tuple[int, int]]) -> dict[str, tuple[int, int, int, int]]:
    """Exact and overlap counts: (true positives on the predicted side, on the gold side, #pred, #gold)."""
    ps, gs = set(pred), set(gold)
    exact = len(ps & gs)

    def hit(a: tuple[int, int], others: set[tuple[int, int]]) -> bool:
        return any(a[0] < b[1] and b[0] < a[1] for b in others)

    return {
        "exact": (exact, exact, len(ps), len(gs)),
        "overlap": (sum(hit(p, gs) for p in ps), sum(hit(g, ps) for g in gs), len(ps), len(gs)),
    }


def find_spans(text: str) -> list[tuple[int, int]]:
    from pipeline.entities.drugs import DrugFinder

    finder = DrugFinder()
    finder.mine_aliases(text)
    return [(m.start, m.end) for m in finder.find("abstract", text)]


def report(label: str, counts: list[dict[str, tuple[int, int, int, int]]]) -> None:
    for kind in ("exact", "overlap"):
        tp_p = sum(c[kind][0] for c in counts)
        tp_g = sum(c[kind][1] for c in counts)
        n_p = sum(c[kind][2] for c in counts)
        n_g = sum(c[kind][3] for c in counts)
        p = tp_p / n_p if n_p else 1.0
        r = tp_g / n_g if n_g else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"  {label:28} {kind:8} P={p:.3f} R={r:.3f} F1={f:.3f}  (pred {n_p}, gold {n_g})")


def bc5cdr() -> None:
    if not CDR.exists():
        print("BC5CDR sample not found:", CDR)
        return
    docs = read_pubtator(CDR)
    half = len(docs) // 2
    print(f"BC5CDR Chemical mentions ({len(docs)} abstracts; dev = first {half}, held-out = last {len(docs) - half})")
    for label, part in (("dev", docs[:half]), ("held-out", docs[half:]), ("all", docs)):
        report(label, [score_spans(find_spans(text), gold) for _, text, gold in part])


def _diakg_module() -> Any:
    """tests/diakg.py of this checkout, whichever checkout's pipeline/ is imported (--code)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("diakg_set", ROOT / "tests" / "diakg.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def diakg() -> None:
    dk = _diakg_module()
    if not dk.DIAKG.exists():
        print("DiaKG sample not found:", dk.DIAKG)
        return
    gold, gold_is_class = dk.gold, dk.gold_is_class
    rows = dk.read_diakg()
    pred = dict(zip((id(r) for r in rows), dk.predict(rows), strict=True))
    dev, held = dk.split(rows)
    n_gold = sum(len(r["drugs"]) for r in rows)
    n_class = sum(gold_is_class(m) for r in rows for *_, m in r["drugs"])
    print(
        f"DiaKG Drug mentions ({len(rows)} sentences, {n_gold} mentions of which {n_class} classes; "
        f"dev = first half of the paragraphs, {len(dev)} sentences; held-out {len(held)})"
    )
    print(f"  class rule (gold only): {dk.CLASS_RULE}")
    print(f"  form rule (gold only): {dk.FORM_RULE}")
    variants = (("", "all"), (" (classes set aside)", "named"), (" (and forms cut)", "names"))
    for label, part in (("dev", dev), ("held-out", held), ("all", rows)):
        for suffix, variant in variants:
            report(label + suffix, [score_spans(pred[id(r)], gold(r, variant)) for r in part])
    missed: Counter[str] = Counter()
    spurious: Counter[str] = Counter()
    for r in dev:
        names = set(gold(r, "names"))
        ps = set(pred[id(r)])
        missed.update(r["text"][a:b] for a, b in names - ps)
        spurious.update(r["text"][a:b] for a, b in ps - names)
    print("  dev, named agents missed (exact span, forms cut):", _top(missed))
    print("  dev, predicted spans not in that gold:", _top(spurious))
    print("  (held-out misses are not printed: no rule or lexicon row is taken from them)")


def _top(c: Counter[str], n: int = 30) -> str:
    return ", ".join(f"{k} {v}" for k, v in c.most_common(n)) or "none"


def gold_reviews() -> list[tuple[str, dict[str, str], int]]:
    """(doc id, unit texts, pages) of every gold review's text rendition, scored as it goes."""
    from pipeline import extract_file
    from pipeline.entities import unit_texts
    from pipeline.evaluate import RunReport, compare
    from pipeline.models import Document

    run = RunReport()
    counts = []
    skipped = 0
    docs = []
    for gpath in sorted((ROOT / "tests" / "gold").glob("*.json")):
        gold = Document.model_validate(json.loads(gpath.read_text(encoding="utf-8")))
        path = ROOT / "raw" / f"{Path(gold.source.path).stem}.txt"
        if not path.exists():
            continue
        ours = extract_file(path)
        run.documents.append(compare(gold, ours))
        # units are keyed by their text: the numbering of paragraphs may differ by rendition
        by_unit_g: dict[str, list[tuple[int, int]]] = {}
        by_unit_o: dict[str, list[tuple[int, int]]] = {}
        for doc, by in ((gold, by_unit_g), (ours, by_unit_o)):
            texts = unit_texts(doc)
            for d in doc.entities.drugs:
                for m in d.mentions:
                    by.setdefault(texts.get(m.unit, m.unit), []).append((m.start, m.end))
        shared = set(unit_texts(gold).values()) & set(unit_texts(ours).values())
        for unit in set(by_unit_g) | set(by_unit_o):
            if unit in shared:
                counts.append(score_spans(by_unit_o.get(unit, []), by_unit_g.get(unit, [])))
            else:
                skipped += 1  # a unit whose text differs between gold and rendition: no offsets to compare
        texts = unit_texts(ours)
        docs.append((gold.doc_id, texts, max(1, round(sum(map(len, texts.values())) / CHARS_PER_PAGE))))
    micro = run.micro()["drugs"].prf()
    print(f"gold reviews ({len(docs)}, text renditions)")
    print(f"  {'entities (reviewx diff)':28} {'strict':8} P={micro[0]:.3f} R={micro[1]:.3f} F1={micro[2]:.3f}")
    report("mentions", counts)
    print(f"  (mentions: {skipped} units left out, their text differs between gold and rendition)")
    return docs


def load_cost() -> str:
    """Lexicon, automata and jieba start-up, timed in this fresh process before anything else."""
    t0 = time.perf_counter()
    from pipeline.entities.lexicon import lexicon

    lex = lexicon()
    t1 = time.perf_counter()
    for attr in ("en_automaton", "zh_automaton"):  # absent in the loop-based matcher
        getattr(lex, attr, None)
    t2 = time.perf_counter()
    from pipeline.entities.nlp import zh_nlp

    zh_nlp()
    t3 = time.perf_counter()
    return (
        f"{len(lex.agents)} agents, {len(lex.en)} English and {len(lex.zh)} Chinese names\n"
        f"  lexicon load {t1 - t0:.3f} s, automata {t2 - t1:.3f} s, jieba + user words {t3 - t2:.3f} s"
    )


def cost(docs: list[tuple[str, dict[str, str], int]] | None, code: Path, loads: str) -> None:
    print(f"cost ({code}): {loads}")
    if docs:
        from pipeline.entities.drugs import DrugFinder

        pages = sum(p for _, _, p in docs)
        best = float("inf")
        for _ in range(3):
            s = time.perf_counter()
            for _, texts, _ in docs:
                finder = DrugFinder()
                for text in texts.values():
                    finder.mine_aliases(text)
                for unit, text in texts.items():
                    finder.find(unit, text)
            best = min(best, time.perf_counter() - s)
        print(
            f"  drug finding: {1000 * best / pages:.1f} ms per page ({pages} pages of {len(docs)} reviews, best of 3)"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak RSS of this process: {rss:.0f} MB")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--code", type=Path, default=ROOT, help="checkout whose pipeline/ to import (timing only)")
    ap.add_argument("--only", choices=("bc5cdr", "diakg"), help="score this public set only (no gold reviews, no cost)")
    args = ap.parse_args()
    sys.path.insert(0, str(args.code))
    if args.only:
        {"bc5cdr": bc5cdr, "diakg": diakg}[args.only]()
        return 0
    if args.code.resolve() != ROOT:
        # old code: time it on the gold reviews' unit texts as this checkout reads them
        import subprocess

        texts = subprocess.run([sys.executable, __file__, "--dump-texts"], capture_output=True, text=True, check=True)
        docs = [tuple(d) for d in json.loads(texts.stdout)]
        loads = load_cost()
        bc5cdr()
        diakg()
        cost(docs, args.code, loads)  # type: ignore[arg-type]
        return 0
    loads = load_cost()
    docs = gold_reviews()
    bc5cdr()
    diakg()
    cost(docs, args.code, loads)
    return 0


if __name__ == "__main__":
    if "--dump-texts" in sys.argv:
        sys.path.insert(0, str(ROOT))
        from pipeline import extract_file
        from pipeline.entities import unit_texts

        out = []
        for gpath in sorted((ROOT / "tests" / "gold").glob("*.json")):
            src = json.loads(gpath.read_text(encoding="utf-8"))["source"]["path"]
            path = ROOT / "raw" / f"{Path(src).stem}.txt"
            if path.exists():
                texts = unit_texts(extract_file(path))
                out.append([gpath.stem, texts, max(1, round(sum(map(len, texts.values())) / CHARS_PER_PAGE))])
        print(json.dumps(out, ensure_ascii=False))
        sys.exit(0)
    sys.exit(main())
