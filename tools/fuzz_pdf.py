"""Mutation fuzzing of the PDF path: flip, drop and duplicate bytes of small and corpus PDFs.

Every mutant goes through `batch.process_one` with a time budget; the run fails if any
mutant raises, leaves a partial or temporary file, or writes an output that does not
validate. Most seeds are small hand-built PDFs (a case takes ~0.07 s); `--corpus-share`
of the cases mutate the corpus PDFs (~0.7 s a case). Prints the count of cases run and
how they ended.

    python tools/fuzz_pdf.py [--cases 10000] [--seed 1] [--jobs 2] [--corpus-share 0.03]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.batch import process_one  # noqa: E402
from pipeline.schema import load_document  # noqa: E402


def mutate(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    # a small file breaks at the first mutation or two: fewer of them keep more cases parsing
    for _ in range(rng.randint(1, 12 if len(data) > 10_000 else 3)):
        op = rng.choice(("flip", "drop", "dup", "truncate", "zero"))
        i = rng.randrange(len(b))
        if op == "flip":
            b[i] ^= 1 << rng.randrange(8)
        elif op == "drop":
            del b[i : i + rng.randint(1, 64)]
        elif op == "dup":
            j = min(len(b), i + rng.randint(1, 256))
            b[i:i] = b[i:j]
        elif op == "truncate":
            del b[rng.randint(len(b) // 2, len(b)) :]
        else:
            b[i : i + 16] = bytes(min(16, len(b) - i))
    return bytes(b)


def small_seeds() -> list[bytes]:
    """Small PDFs that parse: one and two pages of text, compressed or not, with an info dictionary."""
    sys.path.insert(0, str(ROOT / "tests"))
    import badinputs as bi

    lines = [
        b"Advances in the treatment of amyotrophic lateral sclerosis",
        b"Abstract",
        b"Riluzole 50 mg twice daily was given to 120 patients in a randomized trial (P<0.05).",
        b"1 Introduction",
        b"ALS is a progressive disease [1].",
        b"References",
        b"[1] Smith J. Lancet 2020;1:1-2.",
    ]
    content = b"BT /F1 11 Tf 72 770 Td " + b" 0 -16 Td ".join(b"(" + ln + b") Tj" for ln in lines) + b" ET"
    one = bi.assemble_pdf(bi._text_page_objects(content))
    plain = bi.assemble_pdf(
        [*bi._text_page_objects(content)[:3], bi.stream(content, compress=False), bi._text_page_objects(content)[4]]
    )
    two = bi._text_page_objects(content)
    two[1] = b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>"
    two.append(two[2])
    info = bi.assemble_pdf(two, trailer_extra=b"/Info << /Title (x) /Producer (fuzz) >> ")
    return [one, plain, info]


def _case(job: tuple[int, bytes, str, float]) -> tuple[str, str | None]:
    """One mutant in its own folder: (outcome, problem or None)."""
    k, data, tmp, timeout = job
    tmp_path = Path(tmp)
    case = tmp_path / f"case{k:05d}.pdf"
    case.write_bytes(data)
    out = tmp_path / f"out{k:05d}"
    try:
        o = process_one(str(case), str(out), True, timeout)
    except BaseException as e:  # the contract: process_one never raises
        return "raised", f"case {k}: raised {type(e).__name__}: {e}"
    what = o.status if o.status == "ok" else (o.reason or "?").split(" (")[0]
    files = list(out.iterdir()) if out.exists() else []
    problem = None
    if o.status == "ok":
        if len(files) != 1:
            problem = f"case {k}: ok but {len(files)} files"
        else:
            try:
                load_document(files[0])
            except Exception as e:
                problem = f"case {k}: output does not validate: {e}"
    elif files:
        problem = f"case {k}: failed but left {[f.name for f in files]}"
    elif "\n" in (o.reason or "") or (o.reason or "").startswith(("ValidationError", "TypeError", "KeyError")):
        problem = f"case {k}: not a clear reason: {o.reason[:200]}"
    for f in files:
        f.unlink()
    if out.exists():
        out.rmdir()
    case.unlink()
    return what, problem


def main() -> int:
    import time
    from multiprocessing import get_context

    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=20.0)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--corpus-share", type=float, default=0.03)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    corpus = [p.read_bytes() for p in sorted((ROOT / "raw").glob("*.pdf"))]
    small = small_seeds()
    outcomes: Counter[str] = Counter()
    problems = []
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:

        def jobs():  # type: ignore[no-untyped-def]
            for k in range(args.cases):
                big = rng.random() < args.corpus_share
                data = mutate(rng.choice(corpus if big else small), rng)
                yield k, data, tmp, args.timeout

        with get_context("fork").Pool(args.jobs, initializer=_warm_worker) as pool:
            for what, problem in pool.imap_unordered(_case, jobs(), chunksize=8):
                outcomes[what] += 1
                if problem:
                    problems.append(problem)
    return report(
        f"{args.cases} mutated PDFs (seed {args.seed}, {args.jobs} jobs) in {time.monotonic() - t0:.0f} s",
        outcomes,
        problems,
    )


def report(title: str, outcomes: Counter[str], problems: list[str]) -> int:
    """Print the outcomes and the first problems; the exit code is 1 when there is any problem."""
    print(f"{title}:")
    for what, n in outcomes.most_common():
        print(f"  {n:5d}  {what}")
    for p in problems[:50]:
        print("PROBLEM", p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


def _warm_worker() -> None:
    from pipeline.batch import _warm

    _warm(None)


if __name__ == "__main__":
    sys.exit(main())
