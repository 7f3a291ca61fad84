"""Mutation fuzzing of the PDF path: flip, drop and duplicate bytes of the corpus PDFs.

Every mutant goes through `batch.process_one` with a time budget; the run fails if any
mutant raises, leaves a partial or temporary file, or writes an output that does not
validate. Prints the count of cases run and how they ended.

    python tools/fuzz_pdf.py [--cases 300] [--seed 1]
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
    for _ in range(rng.randint(1, 12)):
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


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=20.0)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    sources = [p.read_bytes() for p in sorted((ROOT / "raw").glob("*.pdf"))]
    outcomes: Counter[str] = Counter()
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        for k in range(args.cases):
            case = tmp_path / f"case{k:05d}.pdf"
            case.write_bytes(mutate(rng.choice(sources), rng))
            out = tmp_path / f"out{k:05d}"
            try:
                o = process_one(str(case), str(out), True, args.timeout)
            except BaseException as e:  # the contract: process_one never raises
                problems.append(f"case {k}: raised {type(e).__name__}: {e}")
                continue
            outcomes[o.status if o.status == "ok" else (o.reason or "?").split(" (")[0]] += 1
            files = list(out.iterdir()) if out.exists() else []
            if o.status == "ok":
                if len(files) != 1:
                    problems.append(f"case {k}: ok but {len(files)} files")
                else:
                    load_document(files[0])
            elif files:
                problems.append(f"case {k}: failed but left {[f.name for f in files]}")
            case.unlink()
    print(f"{args.cases} mutated PDFs (seed {args.seed}):")
    for what, n in outcomes.most_common():
        print(f"  {n:5d}  {what}")
    for p in problems:
        print("PROBLEM", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
