"""The reader on the five real journal PDFs against their hand-made gold (tests/gold/real/).

Runs pipeline.extract_file on each ../shared/real-pdfs/<stem>.pdf (skipped when the folder
is absent) and prints one block per file. Scoring is tests/realgold.py, the same code
tests/test_real_pdfs.py asserts with. Prints, never asserts.

    python bench/real_pdfs.py [-v]      # -v lists the leaked strays and missing digit snippets
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.realgold import PDF_DIR, extract_and_score, pdf_path, stems  # noqa: E402


def yn(ok: bool) -> str:
    return "yes" if ok else "NO"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    if not PDF_DIR.is_dir():
        print(f"skip: {PDF_DIR} not found")
        return 0
    for stem in stems():
        if not pdf_path(stem).exists():
            print(f"{stem}: skip (pdf absent)")
            continue
        t0 = time.perf_counter()
        sc = extract_and_score(stem)
        dt = time.perf_counter() - t0
        if sc.error and not sc.opened:
            print(f"{stem}: ERROR {sc.error} ({dt:.1f}s)\n")
            continue
        print(f"{stem}: opened, {sc.pages} pages, {dt:.1f}s")
        print(f"  title zh/en match     {yn(sc.title_zh)} / {yn(sc.title_en)}")
        print(f"  authors match         {yn(sc.authors)}")
        print(f"  article type match    {yn(sc.article_type)}")
        print(f"  abstract ratio zh/en  {sc.abstract_zh:.2f} / {sc.abstract_en:.2f}")
        print(f"  headings P/R/F1       {sc.heading_p:.2f} / {sc.heading_r:.2f} / {sc.heading_f1:.2f}")
        print(f"  caption/cell headings {len(sc.caption_headings)}   1-char headings {len(sc.first_char_headings)}")
        print(
            f"  paragraphs            {sc.paragraphs} (gold {sc.gold_paragraphs}), median length "
            f"{sc.median_len:.0f} (gold {sc.gold_median_len:.0f}) within 20%: {yn(sc.median_ok)}"
        )
        print(f"  references            {sc.references} (gold {sc.gold_references})")
        print(f"  strays leaked         {len(sc.strays_leaked)}/{sc.strays_total}")
        print(f"  digit snippets found  {sc.digits_total - len(sc.digits_missing)}/{sc.digits_total}")
        print(f"  body sentences in removed {len(sc.body_in_removed)}")
        print(f"  full-width ASCII      {sc.fullwidth_ascii} chars left in paragraphs")
        if args.verbose:
            for label, items in (
                ("leaked", sc.strays_leaked),
                ("missing digits", sc.digits_missing),
                ("caption headings", sc.caption_headings),
                ("body sentence removed", sc.body_in_removed),
            ):
                for it in items[:12]:
                    print(f"    {label}: {it[:80]!r}")
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
