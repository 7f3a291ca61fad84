import sys
from pipeline.entities.numbers import find_numbers

for t in sys.stdin.read().strip().split("\n"):
    print(
        t,
        "=>",
        [
            (t[h.start : h.end], h.kind, h.value, h.value_max, h.unit, h.comparator, h.approx)
            for h in find_numbers(t, [])
        ],
    )
