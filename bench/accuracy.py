"""Accuracy on the hand-made gold files: prints P/R/F1 per entity type, structure and metadata scores.

Each gold file `tests/gold/<doc_id>.json` is compared with a fresh extraction of the text
rendition and of the PDF rendition found in raw/ (`<source stem>.txt`, `<stem>_print.pdf`).
Uses the same scoring module as `reviewx diff` (pipeline.evaluate). Prints, never asserts.

    python bench/accuracy.py [--only text|pdf] [--diff TYPE]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import extract_file  # noqa: E402
from pipeline.evaluate import ENTITY_TYPES, RunReport, compare  # noqa: E402
from pipeline.models import Document  # noqa: E402


def renditions(gold: Document) -> dict[str, Path]:
    stem = Path(gold.source.path).stem
    out = {}
    for kind, path in (("text", ROOT / "raw" / f"{stem}.txt"), ("pdf", ROOT / "raw" / f"{stem}_print.pdf")):
        if path.exists():
            out[kind] = path
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", choices=["text", "pdf"])
    ap.add_argument("--diff", default=None, help="print differences whose path contains this")
    args = ap.parse_args()
    runs = {"text": RunReport(), "pdf": RunReport()}
    for gpath in sorted((ROOT / "tests" / "gold").glob("*.json")):
        gold = Document.model_validate(json.loads(gpath.read_text(encoding="utf-8")))
        for kind, path in renditions(gold).items():
            if args.only and kind != args.only:
                continue
            rep = compare(gold, extract_file(path))
            runs[kind].documents.append(rep)
            st = rep.structure
            ents = "  ".join(f"{t} {rep.f1(t):.3f}" for t in ENTITY_TYPES)
            meta = sum(1 for v in rep.metadata.values() if v["strict"])
            print(
                f"{kind:4} {gold.doc_id:24} tree={'exact' if st['tree_exact'] else 'DIFF '} "
                f"headings_f1={st['headings_f1']:.3f} body={st['body_similarity']:.4f} "
                f"meta={meta}/{len(rep.metadata)} leaks={rep.leaked_strays}  {ents}"
            )
            if args.diff:
                for d in rep.differences:
                    if args.diff in d.path:
                        print("     ", d.as_dict())
    for kind, run in runs.items():
        if not run.documents:
            continue
        micro = run.micro()
        print(
            f"\n{kind} micro:",
            "  ".join(
                f"{t} P={micro[t].prf()[0]:.3f} R={micro[t].prf()[1]:.3f} F1={micro[t].prf()[2]:.3f}"
                for t in ENTITY_TYPES
            ),
        )
        print(f"{kind} macro F1:", run.macro_f1(), " leaked strays:", sum(d.leaked_strays for d in run.documents))
    return 0


if __name__ == "__main__":
    sys.exit(main())
