"""Build pipeline/resources/drugs.json from the curated pipeline/resources/drugs.tsv.

Each curated row (INN, Chinese name, aliases, kind, ATC, class) is enriched through the
``drug_named_entity_recognition`` dictionary (offline, bundled with the PyPI package):

* ``drugbank``: the DrugBank id of the matched entry;
* ``aliases_en``: the curated English aliases plus the entry's English synonyms that are
  real names (IUPAC-like chemical names, inverted "x, y" index forms, names of 4+ words,
  ordinary English words, names shorter than 4 letters and names that belong to another
  row or to several dictionary entries are dropped);
* ``mesh``: always null.  The ``mesh_id`` field of drug_named_entity_recognition 2.0.9 is
  the MeSH *pharmacological action* of the drug, not its own descriptor (riluzole and
  edaravone both get D018696 "Neuroprotective Agents", metformin and insulin glargine
  both get D007004 "Hypoglycemic Agents"), so it must not be reported as the drug's id.

Output is deterministic: rows sorted by id, aliases sorted, keys sorted, UTF-8,
``ensure_ascii=False``, indent 1.

Usage:  python tools/build_lexicon.py [--tsv PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RES = ROOT / "pipeline" / "resources"
KINDS = {"small_molecule", "biologic", "investigational_code", "other"}
CJK = re.compile(r"[\u3400-\u9fff]")

# Fragments of systematic chemical names; a synonym made of several of them is IUPAC-like.
CHEM_FRAGMENTS = (
    "methyl",
    "ethyl",
    "propyl",
    "butyl",
    "phenyl",
    "benzyl",
    "amino",
    "hydroxy",
    "chloro",
    "fluoro",
    "bromo",
    "iodo",
    "trifluoro",
    "oxo",
    "carbox",
    "sulfon",
    "sulfan",
    "thio",
    "pyrazol",
    "pyrid",
    "pyrimid",
    "imidazol",
    "quinol",
    "indol",
    "piperid",
    "piperazin",
    "morpholin",
    "dihydro",
    "tetrahydro",
    "hexahydro",
    "oxy",
    "yl",
    "amido",
    "acetyl",
    "cyclo",
    "nitro",
    "cyano",
    "azetid",
    "oxazol",
    "thiazol",
    "triazol",
    "purin",
    "benzo",
)
CHEM_WORDS = {
    "salt",
    "hydrate",
    "monohydrate",
    "dihydrate",
    "trihydrate",
    "anhydrous",
    "dicesium",
    "disodium",
    "dipotassium",
    "racemic",
    "isomer",
    "form",
    "recombinant",
    "solution",
    "tablet",
    "tablets",
    "injection",
    "kit",
    "pen",
    "suppository",
    "rectal",
    "oral",
    "topical",
    "cream",
    "ointment",
    "gel",
    "patch",
    "spray",
    "inhaler",
    "capsule",
    "capsules",
    "syrup",
    "drops",
    "vial",
    "prefilled",
}


def read_list(path: Path) -> set[str]:
    """Terms of a one-per-line vocabulary file, lower-cased, comments dropped."""
    out: set[str] = set()
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                out.add(line.lower())
    return out


def ordinary_words() -> set[str]:
    words: set[str] = set()
    with contextlib.suppress(ImportError):  # spacy is optional
        from spacy.lang.en.stop_words import STOP_WORDS

        words |= {w.lower() for w in STOP_WORDS}
    from drug_named_entity_recognition.util import stopwords

    words |= {w.lower() for w in stopwords}
    words |= read_list(RES / "en" / "not_drugs.txt")
    words |= read_list(RES / "en" / "drug_classes.txt")
    return words


def is_chemical_name(s: str) -> bool:
    if re.search(r"[,()\[\]{};:/+]", s):
        return True
    if re.search(r"\d", s) and not re.fullmatch(r"[a-z]{1,6}-?\s?\d{2,7}[a-z]?", s):
        return True  # positional digits (2-amino-6-...) rather than a drug code
    if any(w in CHEM_WORDS for w in s.split()):
        return True
    n = sum(s.count(f) for f in CHEM_FRAGMENTS)
    return n >= 3 or (n >= 2 and len(s) >= 20)


def keep_synonym(s: str, words: set[str], stems: set[str]) -> bool:
    if len(s) < 4 or len(s.split()) >= 4:
        return False
    if s in words or all(w in words for w in s.split()):
        return False
    if not re.fullmatch(r"[a-z0-9][a-z0-9\- 'éèàïöü]*", s) or s in stems:
        return False
    return not is_chemical_name(s)


def split(v: str) -> list[str]:
    return [a.strip() for a in (v or "").split("|") if a.strip()]


def load_rows(tsv: Path) -> list[dict]:
    rows = []
    with tsv.open(encoding="utf-8", newline="") as f:
        for n, r in enumerate(csv.DictReader(f, delimiter="\t"), start=2):
            if not r["inn"].strip():
                continue
            if r["kind"] not in KINDS:
                raise SystemExit(f"{tsv}:{n}: bad kind {r['kind']!r}")
            rows.append(r)
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tsv", type=Path, default=RES / "drugs.tsv")
    ap.add_argument("--out", type=Path, default=RES / "drugs.json")
    args = ap.parse_args(argv)

    rows = load_rows(args.tsv)

    t0 = time.perf_counter()
    from drug_named_entity_recognition import drugs_finder as dnr

    dnr.find_drugs(["riluzole"])  # forces the dictionary to be ready
    load_s = time.perf_counter() - t0
    variant_to_canonical = dnr.drug_variant_to_canonical
    canonical_to_data = dnr.drug_canonical_to_data

    words = ordinary_words()
    with (RES / "stems.tsv").open(encoding="utf-8") as f:
        stems = {r["stem"].lstrip("^").lower() for r in csv.DictReader(f, delimiter="\t")}

    # Every curated name, to keep a synonym from wandering to another row.
    owner: dict[str, set[str]] = {}
    for r in rows:
        for name in [r["inn"], *split(r["en_aliases"])]:
            owner.setdefault(name.lower(), set()).add(r["inn"].lower())

    split_curated = {r["inn"].strip().lower(): split(r["en_aliases"]) for r in rows}

    def lookup(r: dict) -> dict | None:
        """The dictionary entry of a row: INN first, then its curated English aliases;
        an entry with a DrugBank id is preferred over one without."""
        inn = r["inn"].lower()
        tries = [inn, inn.replace("-", " "), re.sub(r"\s+(sodium|potassium|calcium)$", "", inn)]
        tries += [a.lower() for a in split(r["en_aliases"]) if len(a) >= 5 and not a.isupper()]
        found = []
        for name in dict.fromkeys(tries):
            cands = sorted(c for c in set(variant_to_canonical.get(name, [])) if c in canonical_to_data)
            if not cands:
                continue
            exact = [c for c in cands if canonical_to_data[c].get("name", c).lower() in (inn, name)]
            if exact:
                found.append(canonical_to_data[exact[0]])
            elif len(cands) == 1 and owner.get(name, {inn}) == {inn}:
                found.append(canonical_to_data[cands[0]])
        with_id = [d for d in found if d.get("drugbank_id")]
        return (with_id or found or [None])[0]

    out = []
    derived: dict[str, set[str]] = {}  # dictionary synonym -> rows it was taken for
    n_db = n_hit = 0
    for r in rows:
        inn = r["inn"].strip()
        name_en = inn.lower()
        data = lookup(r)
        curated_en = [a for a in split(r["en_aliases"]) if not CJK.search(a)]
        aliases: dict[str, str] = {}
        for a in curated_en:
            if a.lower() != name_en:
                aliases.setdefault(a.lower(), a)
        drugbank = None
        if data:
            n_hit += 1
            drugbank = data.get("drugbank_id") or None
            n_db += bool(drugbank)
            for s in data.get("synonyms", []):
                s = " ".join(s.lower().split())
                if s == name_en or s in aliases:
                    continue
                if owner.get(s, {name_en}) != {name_en}:
                    continue
                if len(set(variant_to_canonical.get(s, []))) > 1:
                    continue
                if keep_synonym(s, words, stems):
                    aliases[s] = s
                    derived.setdefault(s, set()).add(name_en)
        zh = r["zh"].strip() or None
        aliases_zh = sorted({a for a in split(r["zh_aliases"]) if a != zh})
        out.append(
            {
                "id": "-".join(name_en.split()),
                "name_en": name_en,
                "name_zh": zh,
                "aliases_zh": aliases_zh,
                "aliases_en": sorted(aliases.values(), key=lambda a: (a.lower(), a)),
                "kind": r["kind"],
                "atc": r["atc"].strip() or None,
                "drugbank": drugbank,
                "mesh": None,
                "drug_class_en": r["drug_class_en"].strip() or None,
            }
        )

    # A dictionary synonym taken for two rows (a salt or formulation row and its parent,
    # e.g. divalproex sodium / sodium valproate) identifies neither: drop it from both.
    shared = {s for s, owners in derived.items() if len(owners) > 1}
    for d in out:
        d["aliases_en"] = [
            a
            for a in d["aliases_en"]
            if a not in shared or a in {c.lower() for c in split_curated.get(d["name_en"], [])}
        ]
    out.sort(key=lambda d: d["id"])
    ids = [d["id"] for d in out]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise SystemExit(f"duplicate ids: {dup}")
    args.out.write_text(
        json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(f"{len(out)} rows -> {args.out}")
    print(
        f"matched in drug_named_entity_recognition: {n_hit}; with DrugBank id: {n_db}; "
        f"with MeSH id: 0 (package mesh_id is a pharmacological action, not used)"
    )
    print(
        f"with Chinese name: {sum(1 for d in out if d['name_zh'])}; "
        f"with ATC: {sum(1 for d in out if d['atc'])}"
    )
    print(f"drug_named_entity_recognition import + first lookup: {load_s:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
