"""Load throughput: N copies of the corpus extractions into SQLite or PostgreSQL. Prints, never asserts.

python bench/load.py [--docs 500] [--db sqlite:////tmp/bench.db | postgresql://...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import extract_file  # noqa: E402
from pipeline.store import connect, load_document  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=500)
    ap.add_argument("--db", default=None)
    args = ap.parse_args()
    base = [extract_file(p) for p in sorted((ROOT / "raw").glob("*.txt"))]
    url = args.db or f"sqlite:///{tempfile.mkdtemp(prefix='reviewx-load-')}/bench.db"
    engine = connect(url)
    docs = []
    for i in range(args.docs):
        d = base[i % len(base)].model_copy(deep=True)
        d.doc_id = f"{d.doc_id}-{i:05d}"
        docs.append(d)
    rows = sum(len(d.entities.numbers) + len(d.entities.drugs) for d in docs)
    t0 = time.perf_counter()
    for d in docs:
        load_document(engine, d)
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    for d in docs[: max(1, args.docs // 5)]:
        load_document(engine, d)
    reload = time.perf_counter() - t0
    print(
        f"{engine.dialect.name}: {args.docs} documents ({rows} entity rows + mentions) in {first:.1f} s "
        f"= {args.docs / first:.1f} documents/s; re-load (replace) {max(1, args.docs // 5) / reload:.1f} documents/s"
    )
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
