"""`reviewx diff`: pair extractions with gold files, score them, format the report, gate on F1."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .errors import InputError
from .evaluate import ENTITY_TYPES, RunReport, compare
from .models import Document
from .review_id import review_of
from .schema import load_document


def _documents(path: Path) -> dict[str, tuple[Path, Document]]:
    files = sorted(p for p in path.glob("*.json") if not p.name.startswith("_")) if path.is_dir() else [path]
    if path.is_dir() and not files:
        raise InputError(str(path), "no JSON files in this folder")
    out: dict[str, tuple[Path, Document]] = {}
    for f in files:
        doc = load_document(f)
        out[doc.doc_id] = (f, doc)
    return out


def diff_paths(extracted: str | Path, gold: str | Path) -> RunReport:
    extracted, gold = Path(extracted), Path(gold)
    ours = _documents(extracted)
    golds = _documents(gold)
    run = RunReport()
    if not extracted.is_dir() and not gold.is_dir():
        # two files are compared whatever their doc_ids
        ((_, o),) = ours.values()
        ((_, g),) = golds.values()
        run.documents.append(compare(g, o))
        return run
    # each gold pairs with the extraction of its doc_id and with every other rendition of its review
    renditions: dict[str, list[str]] = {}
    for doc_id, (_, o) in sorted(ours.items()):
        renditions.setdefault(review_of(o), []).append(doc_id)
    paired: set[str] = set()
    for doc_id in sorted(golds):
        g = golds[doc_id][1]
        mine = [doc_id] if doc_id in ours else []
        mine += [d for d in renditions.get(review_of(g), []) if d != doc_id and d not in golds]
        if not mine:
            run.unpaired_gold.append(str(golds[doc_id][0]))
        for d in mine:
            rep = compare(g, ours[d][1])
            rep.doc_id = d  # the rendition's row; its gold is the review's
            run.documents.append(rep)
            paired.add(d)
    run.unpaired_extracted = [str(ours[d][0]) for d in sorted(ours) if d not in paired]
    return run


def parse_gates(specs: list[str]) -> dict[str, float]:
    """`0.9` gates the overall F1; `drugs=0.95` gates one entity type."""
    gates: dict[str, float] = {}
    for spec in specs:
        for part in spec.split(","):
            part = part.strip()
            if not part:
                continue
            key, _, val = part.rpartition("=")
            key = key or "overall"
            if key not in ("overall", *ENTITY_TYPES):
                raise InputError(spec, f"unknown measure '{key}' (use overall or one of {', '.join(ENTITY_TYPES)})")
            try:
                gates[key] = float(val)
            except ValueError:
                raise InputError(spec, f"not a number: '{val}'") from None
    return gates


def failed_gates(run: RunReport, gates: dict[str, float]) -> list[str]:
    micro = run.micro()
    out = []
    for key, threshold in gates.items():
        value = run.overall_f1() if key == "overall" else micro[key].prf()[2]
        if value < threshold:
            out.append(f"{key} F1 {value:.4f} < {threshold}")
    return out


def format_json(run: RunReport) -> str:
    return json.dumps(run.as_dict(), ensure_ascii=False, indent=1, sort_keys=True)


def _table(run: RunReport, md: bool) -> list[str]:
    rows: list[tuple[str, ...]] = [("document", *ENTITY_TYPES, "tree", "body", "leaks")]
    for d in run.documents:
        rows.append(
            (
                d.doc_id,
                *(f"{d.f1(t):.3f}" for t in ENTITY_TYPES),
                "exact" if d.structure.get("tree_exact") else f"{d.structure.get('headings_f1', 0):.3f}",
                f"{d.structure.get('body_similarity', 0):.4f}",
                str(d.leaked_strays),
            )
        )
    micro = run.micro()
    rows.append(
        (
            "micro F1",
            *(f"{micro[t].prf()[2]:.3f}" for t in ENTITY_TYPES),
            "",
            "",
            str(sum(d.leaked_strays for d in run.documents)),
        )
    )
    macro = run.macro_f1()
    rows.append(("macro F1", *(f"{macro[t]:.3f}" for t in ENTITY_TYPES), "", "", ""))
    if md:
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
        lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
        return lines
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in rows]


_COLOURS = {"missed": "\033[31m", "spurious": "\033[33m", "changed": "\033[36m"}


def format_text(run: RunReport, colour: bool = False) -> str:
    lines = _table(run, md=False)
    for d in run.documents:
        c = {t: d.entities[t] for t in ENTITY_TYPES}
        lines.append("")
        lines.append(
            f"{d.doc_id}: "
            + "; ".join(
                f"{t} P={c[t].prf()[0]:.3f} R={c[t].prf()[1]:.3f} F1={c[t].prf()[2]:.3f} "
                f"(correct {c[t].correct}, incorrect {c[t].incorrect}, partial {c[t].partial}, missed {c[t].missed}, "
                f"spurious {c[t].spurious}; lenient F1={c[t].prf(lenient=True)[2]:.3f})"
                for t in ENTITY_TYPES
            )
        )
        meta_bad = [k for k, v in d.metadata.items() if not v["strict"]]
        lines.append(
            f"  metadata: {len(d.metadata) - len(meta_bad)}/{len(d.metadata)} strict"
            + (f" (differ: {', '.join(meta_bad)})" if meta_bad else "")
        )
        for diff in d.differences:
            tag = diff.kind.upper()
            if colour:
                tag = _COLOURS.get(diff.kind, "") + tag + "\033[0m"
            lines.append(f"  {tag} {diff.path}: gold={_short(diff.gold)} ours={_short(diff.ours)}")
    for p in run.unpaired_gold:
        lines.append(f"unpaired gold: {p}")
    for p in run.unpaired_extracted:
        lines.append(f"unpaired extraction: {p}")
    return "\n".join(lines)


def format_markdown(run: RunReport) -> str:
    lines = ["## reviewx diff", ""] + _table(run, md=True)
    for d in run.documents:
        if not d.differences:
            continue
        lines += [
            "",
            f"<details><summary>{d.doc_id}: {len(d.differences)} differences</summary>",
            "",
            "| kind | path | gold | ours |",
            "|---|---|---|---|",
        ]
        for diff in d.differences:
            lines.append(f"| {diff.kind} | `{diff.path}` | {_md(diff.gold)} | {_md(diff.ours)} |")
        lines += ["", "</details>"]
    if run.unpaired_gold or run.unpaired_extracted:
        lines += ["", "Unpaired: " + ", ".join(run.unpaired_gold + run.unpaired_extracted)]
    return "\n".join(lines)


def _short(v: object) -> str:
    s = json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v
    return s if len(s) <= 120 else s[:117] + "..."


def _md(v: object) -> str:
    return re.sub(r"[|\n]", " ", _short(v)) if v is not None else ""
