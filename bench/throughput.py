"""Throughput of `reviewx extract` against the floor set by PDF parsing itself. Prints, never asserts.

Builds a corpus of N PDFs (copies of the rendered test reviews, and with --real the journal
PDFs in ../shared/real-pdfs), then measures on the same pages:
  (a) bare pdfplumber: open every PDF and read every page's characters
  (p) bare pypdfium2: every glyph's unicode and box through pypdfium2's own API
  (r) reviewx reading stage alone (PDF -> lines in reading order, in this process, one core)
  (b) reviewx extract --jobs 1     (c) --jobs <all cores>     (d) --executor dask (LocalCluster)
  (e) an unchanged re-run of (c)
and prints pages/s, documents/s, the ratios, peak memory per worker and start-up time.

    python bench/throughput.py [--docs 40] [--real] [--skip-dask]
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def build_corpus(n: int, folder: Path, real: bool = False) -> tuple[list[Path], int]:
    import pypdfium2

    sources = sorted((ROOT / "raw").glob("*.pdf"))
    if real:
        sources += sorted((ROOT.parent / "shared" / "real-pdfs").glob("*.pdf"))
    files = []
    pages = 0
    for i in range(n):
        src = sources[i % len(sources)]
        dst = folder / f"{src.stem}_{i:04d}.pdf"
        # a distinct file per copy (an appended comment changes its hash, not its content)
        dst.write_bytes(src.read_bytes() + f"\n%copy {i}\n".encode())
        files.append(dst)
    for f in files:
        pages += len(pypdfium2.PdfDocument(f))
    return files, pages


def bare_parse(files: list[Path]) -> float:
    import pdfplumber

    t0 = time.perf_counter()
    for f in files:
        try:
            pdf = pdfplumber.open(io.BytesIO(f.read_bytes()))
        except Exception:  # a file pdfminer cannot open (zh09's xref stream): no time for it
            continue
        with pdf:
            for page in pdf.pages:
                _ = page.chars
                _ = page.rects, page.lines
    return time.perf_counter() - t0


def bare_pdfium(files: list[Path]) -> float:
    import pypdfium2

    t0 = time.perf_counter()
    for f in files:
        pdf = pypdfium2.PdfDocument(f.read_bytes())
        for page in pdf:
            tp = page.get_textpage()
            for i in range(tp.count_chars()):
                _ = tp.get_text_range(i, 1), tp.get_charbox(i, loose=True)
            tp.close()
            page.close()
        pdf.close()
    return time.perf_counter() - t0


def reading_stage(files: list[Path]) -> tuple[float, float]:
    """Wall and CPU seconds of the reading stage (CPU time stays honest on a busy machine)."""
    from pipeline.ingest import pdf as pdf_ingest

    t0, c0 = time.perf_counter(), time.process_time()
    for f in files:
        pdf_ingest.read(f.read_bytes(), str(f))
    return time.perf_counter() - t0, time.process_time() - c0


def cli(args: list[str]) -> tuple[float, int]:
    """Wall time and peak RSS (KB) of the largest child process of one `reviewx` command."""
    t0 = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # this checkout's code, whichever virtualenv runs the benchmark (a worktree has no .venv of its own)
    subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args],
        cwd=ROOT,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return time.perf_counter() - t0, max(peak, before)


def startup() -> float:
    code = "import time; t=time.perf_counter(); import pipeline.batch as b; b._warm(None); print(time.perf_counter()-t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    return float(out or "nan")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=40)
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--real", action="store_true", help="add the journal PDFs of ../shared/real-pdfs")
    args = ap.parse_args()
    cores = os.cpu_count() or 1
    work = Path(tempfile.mkdtemp(prefix="reviewx-bench-"))
    try:
        inp, out = work / "in", work / "out"
        inp.mkdir()
        files, pages = build_corpus(args.docs, inp, args.real)
        print(f"corpus: {len(files)} PDFs, {pages} pages, {cores} cores")
        rows = []
        a = bare_parse(files)
        rows.append(("(a) bare pdfplumber chars", a, None))
        p = bare_pdfium(files)
        rows.append(("(p) bare pypdfium2 glyphs", p, None))
        r, r_cpu = reading_stage(files)
        rows.append(("(r) reviewx reading stage", r, None))
        rows.append(("(r) same, CPU seconds", r_cpu, None))
        b, mem_b = cli(["extract", str(inp), "-o", str(out / "b"), "--jobs", "1"])
        rows.append(("(b) extract --jobs 1", b, mem_b))
        c, mem_c = cli(["extract", str(inp), "-o", str(out / "c"), "--jobs", str(cores)])
        rows.append((f"(c) extract --jobs {cores}", c, mem_c))
        if not args.skip_dask:
            d, mem_d = cli(["extract", str(inp), "-o", str(out / "d"), "--executor", "dask"])
            rows.append(("(d) extract --executor dask", d, mem_d))
        e, mem_e = cli(["extract", str(inp), "-o", str(out / "c"), "--jobs", str(cores)])
        rows.append(("(e) unchanged re-run of (c)", e, mem_e))
        print(f"{'run':32} {'seconds':>8} {'pages/s':>8} {'docs/s':>7} {'peak MB':>8}")
        for name, t, mem in rows:
            print(
                f"{name:32} {t:8.2f} {pages / t:8.1f} {len(files) / t:7.2f} "
                f"{(mem / 1024 if mem else float('nan')):8.0f}"
            )
        print(
            f"speed (b)/(a): {a / b:.2f}x   (r)/(a): {a / r:.2f}x   (c) vs (b): {b / c:.2f}x   "
            f"(e) time / (b) time: {e / b:.1%}"
        )
        print(f"start-up (rule data, lexicon, jieba) per worker: {startup():.2f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
