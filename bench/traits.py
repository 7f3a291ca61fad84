"""Does the reader see through real-PDF traits? Prints, per gold review, how each trait
rendition (tools/pdf_traits.py: every single trait and every named set) reads compared
with the clean PDF in raw/: PASS, or what differs (tree, body similarity, abstract,
references, entity sets), or the error line when the file does not open.

    python bench/traits.py [--traits founder,caj ...] [--out build/corpus-traits]

Prints, never asserts; tests/test_pdf_traits.py asserts the named sets.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import make_corpus  # noqa: E402
import pdf_traits  # noqa: E402

from pipeline import extract_file  # noqa: E402
from pipeline.errors import ReviewxError  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--traits", action="append", default=[], help="trait or set names (default: all)")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "corpus-traits")
    a = ap.parse_args()
    specs = a.traits or [*pdf_traits.TRAITS, *pdf_traits.TRAIT_SETS]
    reviews = [
        p.stem
        for p in sorted((ROOT / "corpus").glob("*.rvx"))
        if (ROOT / "tests" / "gold" / f"{p.stem.replace('_', '-')}.json").exists()
    ]
    passed = {s: 0 for s in specs}
    for review in reviews:
        clean = extract_file(ROOT / "raw" / f"{review}_print.pdf")
        for spec in specs:
            (path,) = make_corpus.render(ROOT / "corpus" / f"{review}.rvx", a.out, False, pdf_traits.parse_traits(spec))
            try:
                diff = pdf_traits.reading_differences(clean, extract_file(path))
            except ReviewxError as e:
                diff = [f"error: {e}"]
            passed[spec] += not diff
            print(f"{review:26} {spec:13} {'PASS' if not diff else ', '.join(diff)}", flush=True)
    print()
    for spec in specs:
        print(f"{spec:13} {passed[spec]}/{len(reviews)} reviews read like the clean PDF")
    return 0


if __name__ == "__main__":
    sys.exit(main())
