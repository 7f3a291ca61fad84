"""OCR on scanned renditions of the gold reviews: speed, character error rate, and accuracy
against the text-layer rendition. Prints, never asserts.

Each gold review's `raw/<stem>_print.pdf` is turned into an image-only scan
(tools/make_scans.py, in memory), then extracted with OCR. Per document it prints

* pages/s of the OCR'd extraction (whole pipeline, OCR threads = --jobs),
* CER: edit operations / characters between the lines read from the scan and the lines of
  the text layer, both in reading order and without white space (difflib opcodes; an
  estimate of the Levenshtein distance from above),
* body similarity, section heading F1, title, leaked strays, drugs and numbers F1, for the
  scan and for the text-layer rendition (pipeline.evaluate, as `reviewx diff`).

    python bench/ocr.py [--engine rapidocr|tesseract] [--jobs 2] [--docs N] [--dpi 200]
"""

from __future__ import annotations

import argparse
import difflib
import importlib.util
import json
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.document import extract_bytes  # noqa: E402
from pipeline.evaluate import compare  # noqa: E402
from pipeline.ingest import pdf as pdf_ingest  # noqa: E402
from pipeline.models import Document  # noqa: E402


def _make_scans():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("make_scans", ROOT / "tools" / "make_scans.py")
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["make_scans"] = mod
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def cer(ref: str, hyp: str) -> float:
    ref, hyp = re.sub(r"\s+", "", ref), re.sub(r"\s+", "", hyp)
    edits = sum(
        max(i2 - i1, j2 - j1)
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ref, hyp, autojunk=False).get_opcodes()
        if tag != "equal"
    )
    return edits / max(1, len(ref))


def line_text(data: bytes, name: str, ocr: str, jobs: int) -> str:
    lines, _, _ = pdf_ingest.read(data, name, ocr, jobs)
    return "".join(ln.text for ln in lines)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--engine", default="rapidocr", choices=["rapidocr", "tesseract"])
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--docs", type=int, default=0, help="only the first N gold reviews")
    ap.add_argument("--dpi", type=int, default=200, help="resolution of the scans")
    args = ap.parse_args()
    os.environ["REVIEWX_OCR_ENGINE"] = args.engine
    make_scans = _make_scans()
    style = make_scans.ScanStyle(dpi=args.dpi)
    golds = sorted((ROOT / "tests" / "gold").glob("*.json"))
    if args.docs:
        golds = golds[: args.docs]
    total_pages = total_s = 0.0
    cers = []
    met = {"body": 0, "tree": 0, "title": 0, "leaks": 0, "entities": 0}
    for gpath in golds:
        gold = Document.model_validate(json.loads(gpath.read_text(encoding="utf-8")))
        src = ROOT / "raw" / f"{Path(gold.source.path).stem}_print.pdf"
        if not src.exists():
            continue
        layer_bytes = src.read_bytes()
        scan = make_scans.scan_pdf(layer_bytes, src.name, seed=0, style=style)
        name = f"{gold.doc_id}.pdf"
        t0 = time.perf_counter()
        doc = extract_bytes(scan, name, ocr_jobs=args.jobs)
        dt = time.perf_counter() - t0
        pages = doc.source.pages or 0
        total_pages += pages
        total_s += dt
        c = cer(line_text(layer_bytes, name, "off", 1), line_text(scan, name, "auto", args.jobs))
        cers.append(c)
        rs, rl = compare(gold, doc), compare(gold, extract_bytes(layer_bytes, name))
        title = doc.metadata.title.zh == gold.metadata.title.zh
        ok_ent = all(rs.f1(t) >= rl.f1(t) - 0.1 for t in ("drugs", "numbers"))
        met["body"] += rs.structure["body_similarity"] >= 0.97
        met["tree"] += rs.structure["headings_f1"] >= 0.9
        met["title"] += title
        met["leaks"] += rs.leaked_strays == 0
        met["entities"] += ok_ent
        print(
            f"{gold.doc_id:24} pages={pages} {pages / dt:.3f} pages/s CER={c:.4f} "
            f"conf={doc.source.ocr.mean_confidence if doc.source.ocr else 0:.3f}  "
            f"body={rs.structure['body_similarity']:.4f} (layer {rl.structure['body_similarity']:.4f}) "
            f"headings_f1={rs.structure['headings_f1']:.3f} (layer {rl.structure['headings_f1']:.3f}) "
            f"title={'ok' if title else 'WRONG'} leaks={rs.leaked_strays} "
            f"drugs={rs.f1('drugs'):.3f} (layer {rl.f1('drugs'):.3f}) "
            f"numbers={rs.f1('numbers'):.3f} (layer {rl.f1('numbers'):.3f})",
            flush=True,
        )
    n = len(cers)
    if n:
        print(
            f"\nengine={args.engine} scans={n} pages={int(total_pages)} {total_pages / total_s:.3f} pages/s "
            f"(jobs={args.jobs}) mean CER={sum(cers) / n:.4f}"
        )
        print("criteria met (of", n, "):", "  ".join(f"{k}={v}" for k, v in met.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
