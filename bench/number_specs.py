"""Number reader on the Recognizers-Text Number specs (tests/data/recognizers/): prints
value recall and precision (when the reader fires on an expected span, its value is right)
per language and spec kind, and how many spec results the harness leaves out (and why:
`tests/number_specs.exclusion`). Prints, never asserts. (Not named bench/numbers.py: a script of
that name in bench/ would shadow the standard library's `numbers` for every bench script.)

    python bench/number_specs.py [--show misses|wrongs|excluded] [--lang zh|en] [--kind number|percent|range]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.number_specs import EXCLUDED, FILES, LANGS, load_cases, score  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", choices=["misses", "wrongs", "excluded"])
    ap.add_argument("--lang", choices=list(LANGS))
    ap.add_argument("--kind", choices=list(FILES))
    args = ap.parse_args()
    for lang in LANGS:
        for kind in FILES:
            if args.lang and lang != args.lang or args.kind and kind != args.kind:
                continue
            before = len(EXCLUDED)
            s = score(load_cases(lang, kind))
            print(
                f"{lang} {kind:8s} expected={s.expected:4d} recall={s.recall:.3f} "
                f"precision={s.precision:.3f} (fired {s.fired}, right {s.right}) unexpected={s.unexpected} "
                f"excluded={len(EXCLUDED) - before}"
            )
            if args.show == "excluded":
                for e in EXCLUDED[before:]:
                    print("   ", e)
            elif args.show:
                for line in getattr(s, args.show):
                    print("   ", line)


if __name__ == "__main__":
    main()
