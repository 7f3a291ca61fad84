"""Build pipeline/resources/drugs.json: the bilingual drug lexicon, joined by DrugBank id.

Sources (all offline; see the README's "Drug lexicon" section for licences):

* the DrugBank open vocabulary CSV (CC0; ``--drugbank``, default
  ``../shared/data/drugbank-open-vocabulary/drugbank_vocabulary.csv``): the English and id
  backbone, every agent with a usable common name;
* ``pipeline/resources/drugs.tsv``, the curated rows (INN, Chinese name, aliases, kind,
  ATC, class), laid on top: a curated row takes the DrugBank id whose *common name* is its
  INN (or, failing that, the one entry that lists the INN or a curated alias as synonym);
* drug-named-entity-recognition (PyPI; MIT): extra English synonyms, taken only from its
  entries whose own name is the DrugBank common name of the id they carry (some of its ids
  belong to a related compound: its "propranolol" carries dexpropranolol's id);
* PyCMeKG (PyPI; MIT): Chinese drug names, product names stripped of dosage forms, salts
  and parentheses, brand keys replaced by the generic name (通用名) or dropped, joined to
  DrugBank through the product's English name; TCM formulas have no such join and drop out;
* ``pipeline/resources/biologics_given.tsv``: proteins (growth factors) that are drugs only
  where the text gives or tests them; their short names (BDNF) match only with that context;
* OpenCC (opencc-python-reimplemented; Apache-2.0): traditional forms of the Chinese names;
* wordfreq (PyPI; data CC BY-SA 4.0): ordinary English words, so that "Gold" or "Water"
  never become drug names and a stem never fires inside a common word ("mongrel"):
  the common words that end in an English stem are written to
  ``resources/en/stem_false_friends.txt``.

Output is deterministic (sorted rows, sorted aliases, one agent per line, UTF-8).

Usage:  python tools/build_lexicon.py [--tsv PATH] [--drugbank CSV] [--out PATH]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import functools
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RES = ROOT / "pipeline" / "resources"
DRUGBANK_CSV = ROOT.parent / "shared" / "data" / "drugbank-open-vocabulary" / "drugbank_vocabulary.csv"
KINDS = {"small_molecule", "biologic", "investigational_code", "other"}
CJK = re.compile(r"[\u3400-\u9fff]")

# A dictionary name is an ordinary English word at or above this Zipf frequency
# ("water" 5.5, "gold" 5.0, "iron" 4.6), and is then never a name of a backbone agent;
# drug names that are also common words stay below it (cocaine 4.0, insulin 3.9).
COMMON_NAME_ZIPF = 4.3
# A synonym (not the common name) is dropped at this lower frequency: "pan", "available".
COMMON_SYNONYM_ZIPF = 3.0
# A common English word ending in a stem is a stem false friend at this frequency.
STEM_FRIEND_ZIPF = 1.5
# Short dictionary abbreviations (all capitals, up to this many letters) are kept apart:
# they match only with drug context or a definition in the document (UK, ASA, PAN).
SHORT_ABBR = 4

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
    "generically",
    "available",
}
# Chinese dosage forms (stripped longest first from product names), a data file of the pipeline
ZH_FORMS = tuple(
    line.strip()
    for line in (RES / "zh" / "dosage_forms.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)
# (no 硝酸: in 硝酸甘油 or 硝酸异山梨酯 the nitrate is the drug, not a salt)
ZH_SALT_PREFIXES = (
    "二盐酸",
    "盐酸",
    "硫酸",
    "马来酸",
    "醋酸",
    "枸橼酸",
    "磷酸",
    "甲磺酸",
    "酒石酸",
    "富马酸",
    "琥珀酸",
    "苯磺酸",
    "氢溴酸",
    "乳酸",
    "门冬氨酸",
    "甲苯磺酸",
    "葡萄糖酸",
    "草酸",
    "丙酸",
    "戊酸",
)
SALT_WORDS = {
    "sodium",
    "potassium",
    "calcium",
    "acetate",
    "fumarate",
    "hydrochloride",
    "sulfate",
    "maleate",
    "mesylate",
    "tartrate",
    "succinate",
    "citrate",
    "phosphate",
    "besylate",
    "bromide",
}
EN_FORM_WORDS = {
    "tablets",
    "tablet",
    "capsules",
    "capsule",
    "injection",
    "for",
    "sustained-release",
    "sustained",
    "release",
    "extended-release",
    "controlled-release",
    "enteric-coated",
    "enteric",
    "coated",
    "dispersible",
    "chewable",
    "granules",
    "oral",
    "solution",
    "suspension",
    "syrup",
    "eye",
    "drops",
    "ointment",
    "cream",
    "gel",
    "patch",
    "patches",
    "suppositories",
    "spray",
    "inhalation",
    "aerosol",
    "powder",
    "lyophilized",
    "film-coated",
    "soft",
    "hard",
    "orally",
    "disintegrating",
    "and",
    "lnjection",
    "emulsion",
    "infusion",
    "sodium",
    "hydrochloride",
    "sulfate",
    "sulphate",
    "maleate",
    "acetate",
    "citrate",
    "phosphate",
    "mesylate",
    "tartrate",
    "fumarate",
    "succinate",
    "besylate",
    "hydrobromide",
    "potassium",
    "calcium",
    "dihydrochloride",
    "nitrate",
    "lactate",
    "gluconate",
    "tosylate",
    "bromide",
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


_FREQ: dict[str, float] = {}


def zipf(word: str) -> float:
    """Zipf frequency of an English word (log10 per billion words), 0 when unknown."""
    import math

    if not _FREQ:
        from wordfreq import get_frequency_dict

        _FREQ.update(get_frequency_dict("en"))
    f = _FREQ.get(word.lower(), 0.0)
    return math.log10(f) + 9 if f else 0.0


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
    if re.search(r"\d", s) and not re.fullmatch(
        r"[a-z]{1,6}-?\s?\d{2,7}[a-z]?|\d-[a-z]{2,4}|[a-z][a-z ]+ (?:alfa|beta|alpha|gamma)?-?\d[a-z]", s
    ):
        return True  # positional digits (2-amino-6-...) rather than a code, 5-fu or beta-1a
    if any(w in CHEM_WORDS for w in s.split()):
        return True
    n = sum(s.count(f) for f in CHEM_FRAGMENTS)
    return n >= 3 or (n >= 2 and len(s) >= 20)


def usable_name(s: str, words: set[str], stems: set[str], *, common: bool) -> bool:
    """A lower-case dictionary name that can stand for its agent in running text."""
    # a 4-letter synonym is an abbreviation written in lower case ("pvoh", "calx"): only
    # common names may be that short; abbreviations go to the context-gated list instead
    if len(s) < (4 if common else 5) or len(s.split()) >= 4 or len(s) > 40:
        return False
    if s in words or all(w in words for w in s.split()) or s in stems:
        return False
    if not re.fullmatch(r"[a-z0-9][a-z0-9\- 'éèàïöü]*", s):
        return False
    if is_chemical_name(s):
        return False
    limit = COMMON_NAME_ZIPF if common else COMMON_SYNONYM_ZIPF
    return not all(zipf(w) >= limit for w in re.split(r"[ \-]", s) if w)


def short_abbreviation(s: str) -> bool:
    """ "ASA", "UK", "PAN", "SASP": capitals only, up to SHORT_ABBR letters."""
    return bool(re.fullmatch(rf"[A-Z]{{2,{SHORT_ABBR}}}", s))


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


def load_plain(tsv: Path) -> list[dict]:
    with tsv.open(encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f, delimiter="\t") if r["inn"].strip()]


class DrugBank:
    """The open vocabulary: id -> common name, synonyms, biotech flag."""

    def __init__(self, path: Path) -> None:
        if not path.exists():
            raise SystemExit(f"DrugBank vocabulary not found: {path} (pass --drugbank)")
        self.name: dict[str, str] = {}
        self.synonyms: dict[str, list[str]] = {}
        self.biotech: set[str] = set()
        self.by_name: dict[str, set[str]] = defaultdict(set)  # lower common name -> ids
        self.by_synonym: dict[str, set[str]] = defaultdict(set)  # lower synonym -> ids
        with path.open(encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                i = r["DrugBank ID"].strip()
                self.name[i] = r["Common name"].strip()
                self.synonyms[i] = split(r["Synonyms"])
                if "BIOD" in r["Accession Numbers"]:
                    self.biotech.add(i)
                self.by_name[self.name[i].lower()].add(i)
                for s in self.synonyms[i]:
                    self.by_synonym[" ".join(s.lower().split())].add(i)

    def lookup(self, name: str) -> str | None:
        """The one id whose common name is `name`, else the one that lists it as synonym."""
        n = " ".join(name.lower().split())
        ids = self.by_name.get(n) or set()
        if len(ids) == 1:
            return next(iter(ids))
        ids = (self.by_synonym.get(n) or set()) | (self.by_name.get(n) or set())
        return next(iter(ids)) if len(ids) == 1 else None


def strip_form(name: str, forms: list[str]) -> tuple[str, bool]:
    """ "利他林片" -> ("利他林", True): a product name without brackets and its dosage form."""
    name = re.sub(r"[（(][^）)]*[）)]", "", name).strip()
    if name.startswith("注射用"):
        return name[3:], True
    for form in forms:
        if name.endswith(form) and len(name) > len(form) + 1:
            return name[: -len(form)], True
    return name, False


@functools.cache
def ordinary_zh() -> dict[str, int]:
    """jieba's own dictionary: a brand that is an ordinary word there ("安定") is no name."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return {w: f for w, f in jieba.dt.FREQ.items() if f > 0}


def zh_names_from_cmekg(db: DrugBank) -> tuple[dict[str, Counter], str]:
    """DrugBank id -> Counter of Chinese generic names found in PyCMeKG; brand names
    (商品名, or a brand key whose generic name is given) count 0, so they are aliases only."""
    try:
        import pyCMeKG  # noqa: F401
    except ImportError:
        return {}, "PyCMeKG not installed: no Chinese names from it"
    import pickle

    pkl = Path(pyCMeKG.__file__).parent / "model" / "cmekg.pkl"
    with pkl.open("rb") as f:
        data = pickle.load(f)  # the package's own data file, installed from PyPI
    forms = sorted(ZH_FORMS, key=len, reverse=True)
    out: dict[str, Counter] = defaultdict(Counter)
    n_products = n_joined = 0
    for key, v in data.items():
        if "英文名" not in v or "适应症" not in v:
            continue
        n_products += 1
        generic = (v.get("通用名") or [None])[0]
        name, stripped = strip_form(generic or key, forms)
        if not stripped and not generic:
            continue  # a brand key ("宜力喜") with no generic name given
        brands = [strip_form(b, forms)[0] for b in [*(v.get("商品名") or []), *([key] if generic else [])]]
        if name.startswith("复方") or not re.fullmatch(r"[\u4e00-\u9fff\-αβγ0-9A-Za-z]{2,12}", name):
            continue
        if len(CJK.findall(name)) < 2:
            continue  # "NMDA", "5-HT": a Latin key is no Chinese name
        ids = set()
        for en in v["英文名"]:
            words = [w for w in re.split(r"\s+", en.lower()) if w and w not in EN_FORM_WORDS]
            if words:
                i = db.lookup(" ".join(words))
                if i:
                    ids.add(i)
        if len(ids) != 1:
            continue
        i = ids.pop()
        n_joined += 1
        base = name
        for p in ZH_SALT_PREFIXES:
            if base.startswith(p) and len(base) > len(p) + 1:
                base = base[len(p) :]
                break
        out[i][base] += 1
        if base != name:
            out[i][name] += 0  # the salt's name is an alias of the agent, never its name
        for b in brands:
            # a brand of 3+ Chinese characters that is no ordinary word ("利他林", not "安定")
            if len(CJK.findall(b)) >= 3 and CJK.fullmatch(b[0]) and b not in ordinary_zh() and b != base:
                out[i][b] += 0
    return out, f"PyCMeKG: {n_products} products, {n_joined} joined to DrugBank, {len(out)} agents"


@functools.cache
def _s2t():  # type: ignore[no-untyped-def]
    try:
        from opencc import OpenCC
    except ImportError:
        return None
    return OpenCC("s2t")


def traditional(names: list[str]) -> list[str]:
    cc = _s2t()
    if cc is None:
        return []
    return sorted({t for n in names if (t := cc.convert(n)) != n})


def dnr_synonyms(db: DrugBank) -> dict[str, set[str]]:
    """DrugBank id -> drug-named-entity-recognition synonyms of entries that name it right."""
    from drug_named_entity_recognition import drugs_finder as dnr

    dnr.find_drugs(["riluzole"])  # forces the dictionary to be ready
    out: dict[str, set[str]] = defaultdict(set)
    for data in dnr.drug_canonical_to_data.values():
        i = data.get("drugbank_id")
        if i and i in db.name and data.get("name", "").lower() == db.name[i].lower():
            out[i] |= {" ".join(s.lower().split()) for s in data.get("synonyms", [])}
    return out


def stem_false_friends(stems: set[str], names: set[str]) -> list[str]:
    """Common English words that end in an English stem and name no agent ("mongrel")."""
    from wordfreq import top_n_list

    out = []
    ends = re.compile("(?:" + "|".join(re.escape(s) for s in sorted(stems)) + ")$")
    for w in top_n_list("en", 200000):
        if not w.isalpha() or w in names or zipf(w) < STEM_FRIEND_ZIPF:
            continue
        m = ends.search(w)
        if m and m.start() > 0:
            out.append(w)
    return sorted(out)


def _check_rows(agents: list[dict]) -> None:
    """The rows match the strict shape the pipeline reads them by (drugs.json is not checked at load)."""
    sys.path.insert(0, str(ROOT))
    from pydantic import TypeAdapter

    from pipeline.entities.vocab_types import DrugRows

    TypeAdapter(DrugRows).validate_json(json.dumps(agents), strict=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tsv", type=Path, default=RES / "drugs.tsv")
    ap.add_argument("--drugbank", type=Path, default=DRUGBANK_CSV)
    ap.add_argument("--out", type=Path, default=RES / "drugs.json")
    ap.add_argument("--friends-out", type=Path, default=RES / "en" / "stem_false_friends.txt")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()

    rows = load_rows(args.tsv)
    db = DrugBank(args.drugbank)
    words = ordinary_words()
    with (RES / "stems.tsv").open(encoding="utf-8") as f:
        stem_rows = list(csv.DictReader(f, delimiter="\t"))
    stems = {r["stem"].lstrip("^").lower() for r in stem_rows}
    en_stems = {r["stem"].lower() for r in stem_rows if r["lang"] == "en" and not r["stem"].startswith("^")}
    extra = dnr_synonyms(db)
    zh_found, zh_note = zh_names_from_cmekg(db)

    # -- curated rows take their DrugBank id by name --------------------------------
    # First pass: the entry whose common name is the INN; second pass, for the rest: the one
    # entry listing the INN (or a curated alias, or the INN without its salt) as a synonym;
    # that entry's common name becomes an alias of the row.
    agents: list[dict] = []
    taken_ids: set[str] = set()
    exact: dict[int, str] = {}
    for k, r in enumerate(rows):
        ids = db.by_name.get(r["inn"].strip().lower()) or set()
        if len(ids) == 1 and not (ids & taken_ids):
            exact[k] = next(iter(ids))
            taken_ids |= ids
    for k, r in enumerate(rows):
        inn = r["inn"].strip()
        low = inn.lower()
        curated_en = [a for a in split(r["en_aliases"]) if not CJK.search(a)]
        drugbank = exact.get(k)
        if drugbank is None:
            base = " ".join(w for w in low.split() if w not in SALT_WORDS)
            tries = [low, low.replace("-", " "), base]
            tries += [a.lower() for a in curated_en if len(a) >= 5 and not a.isupper()]
            drugbank = next((i for t in dict.fromkeys(tries) if t and (i := db.lookup(t))), None)
            if drugbank in taken_ids:
                drugbank = None  # a salt row and its parent: the id goes to the row named by it
            if drugbank:
                taken_ids.add(drugbank)
                if db.name[drugbank].lower() not in {low, *(a.lower() for a in curated_en)}:
                    curated_en.append(db.name[drugbank].lower())
        zh = r["zh"].strip() or None
        agents.append(
            {
                "id": "-".join(low.split()),
                "name_en": low,
                "name_zh": zh,
                "aliases_zh": sorted({a for a in split(r["zh_aliases"]) if a != zh}),
                "aliases_en": curated_en,
                "abbr_en": [],
                "kind": r["kind"],
                "atc": r["atc"].strip() or None,
                "drugbank": drugbank,
                "mesh": None,
                "drug_class_en": r["drug_class_en"].strip() or None,
                "curated": True,
            }
        )

    # -- proteins that are drugs only where given (growth factors): decided by context ----
    for r in load_plain(RES / "biologics_given.tsv"):
        low = r["inn"].strip().lower()
        en = split(r["en_aliases"])
        ids = db.by_name.get(low) or set()
        drugbank = next(iter(ids)) if len(ids) == 1 and not ids & taken_ids else None
        if drugbank:
            taken_ids.add(drugbank)
        agents.append(
            {
                "id": "-".join(low.split()),
                "name_en": low,
                "name_zh": r["zh"].strip() or None,
                "aliases_zh": sorted(set(split(r["zh_aliases"]))),
                "aliases_en": [a for a in en if not short_abbreviation(a)],
                "abbr_en": [a for a in en if short_abbreviation(a)],
                "kind": "biologic",
                "atc": None,
                "drugbank": drugbank,
                "mesh": None,
                "drug_class_en": None,
                "curated": False,
                "given_only": True,
            }
        )

    # -- backbone: every other DrugBank agent with a usable common name --------------
    curated_ids = {a["id"] for a in agents}
    # a DrugBank entry whose name a curated row already lists (azilsartan medoxomil) is that row
    curated_names = {n.lower() for a in agents for n in [a["name_en"], *a["aliases_en"]]}
    for i, name in sorted(db.name.items()):
        if i in taken_ids:
            continue
        low = " ".join(name.lower().split())
        aid = "-".join(low.split())
        if aid in curated_ids or low in curated_names or not usable_name(low, words, stems, common=True):
            continue
        curated_ids.add(aid)  # two DrugBank entries of one common name: the first id
        agents.append(
            {
                "id": aid,
                "name_en": low,
                "name_zh": None,
                "aliases_zh": [],
                "aliases_en": [],
                "abbr_en": [],
                "kind": "biologic" if i in db.biotech else "small_molecule",
                "atc": None,
                "drugbank": i,
                "mesh": None,
                "drug_class_en": None,
                "curated": False,
            }
        )
    ids = [a["id"] for a in agents]
    dup = sorted({i for i, n in Counter(ids).items() if n > 1})
    if dup:
        raise SystemExit(f"duplicate ids: {dup}")

    # -- English names: curated first, then dictionary synonyms owned by one agent ------
    owner: dict[str, set[str]] = defaultdict(set)
    for a in agents:
        for n in [a["name_en"], *a["aliases_en"]]:
            owner[n.lower()].add(a["id"])
    candidates: dict[str, set[str]] = defaultdict(set)  # synonym -> agents proposing it
    abbr: dict[str, set[str]] = defaultdict(set)
    for a in agents:
        i = a["drugbank"]
        if not i:
            continue
        syns = [db.name[i], *db.synonyms[i]]
        for s in syns:
            s = " ".join(s.split())
            if short_abbreviation(s):
                abbr[s].add(a["id"])
        for s in {" ".join(s.lower().split()) for s in syns} | extra.get(i, set()):
            if s == a["name_en"] or owner.get(s, {a["id"]}) != {a["id"]}:
                continue
            if usable_name(s, words, stems, common=s == db.name[i].lower()):
                candidates[s].add(a["id"])
    by_id = {a["id"]: a for a in agents}
    for s, owners in candidates.items():
        if len(owners) == 1:  # a synonym of two agents (a salt and its parent) names neither
            by_id[next(iter(owners))]["aliases_en"].append(s)
    curated_abbr = {x for a in agents if a["curated"] for x in a["aliases_en"] if short_abbreviation(x)}
    for s, owners in abbr.items():
        if len(owners) == 1 and s not in curated_abbr:
            by_id[next(iter(owners))]["abbr_en"].append(s)
    for a in agents:  # curated short capitals are abbreviations too: they need context
        short = [x for x in a["aliases_en"] if short_abbreviation(x)]
        a["abbr_en"] = sorted(set(a["abbr_en"]) | set(short))
        seen: dict[str, str] = {}
        for x in a["aliases_en"]:
            if x not in short and x.lower() != a["name_en"]:
                seen.setdefault(x.lower(), x)
        a["aliases_en"] = sorted(seen.values(), key=lambda x: (x.lower(), x))

    # -- Chinese names: PyCMeKG joined by id, a name of two agents names neither --------
    zh_owner: dict[str, set[str]] = defaultdict(set)
    for a in agents:
        for z in [a["name_zh"], *a["aliases_zh"]]:
            if z:
                zh_owner[z].add(a["id"])
    id_of_db = {a["drugbank"]: a["id"] for a in agents if a["drugbank"]}
    proposals: dict[str, set[str]] = defaultdict(set)
    for i, names in zh_found.items():
        if i in id_of_db:
            for z in names:
                proposals[z].add(id_of_db[i])
    not_zh = read_list(RES / "zh" / "not_drugs.txt") | read_list(RES / "zh" / "drug_classes.txt")
    for z, owners in proposals.items():
        if len(owners) != 1 or z.lower() in not_zh:
            continue
        aid = next(iter(owners))
        if zh_owner.get(z, {aid}) != {aid}:
            continue
        a = by_id[aid]
        if a["name_zh"] is None:
            best = max(zh_found[a["drugbank"]].items(), key=lambda kv: (kv[1], -len(kv[0]), kv[0]))[0]
            if best in proposals and proposals[best] == {aid} and zh_owner.get(best, {aid}) == {aid}:
                a["name_zh"] = best
        if z != a["name_zh"]:
            a["aliases_zh"].append(z)
    n_hant = 0
    for a in agents:
        a["aliases_zh"] = sorted(set(a["aliases_zh"]) - {a["name_zh"]})
        zh_all = [z for z in [a["name_zh"], *a["aliases_zh"]] if z]
        a["aliases_zh_hant"] = [t for t in traditional(zh_all) if t not in zh_owner or zh_owner[t] == {a["id"]}]
        n_hant += len(a["aliases_zh_hant"])

    agents.sort(key=lambda a: a["id"])
    # a name of two agents: the agent it is the name of keeps it, else the first by id
    name_of = {a["name_en"]: a["id"] for a in agents}
    first: dict[str, str] = {}
    for a in agents:
        keep = []
        for x in a["aliases_en"]:
            owner_id = name_of.get(x.lower()) or first.setdefault(x.lower(), a["id"])
            if owner_id == a["id"]:
                keep.append(x)
        a["aliases_en"] = keep
    names_all = {n.lower() for a in agents for n in [a["name_en"], *a["aliases_en"]]}
    friends = stem_false_friends(en_stems, names_all)
    args.friends_out.write_text(
        "# Common English words that end in an English INN stem but name no drug\n"
        "# (generated by tools/build_lexicon.py from wordfreq; do not edit by hand)\n"
        + "".join(w + "\n" for w in friends),
        encoding="utf-8",
    )
    _check_rows(agents)
    with args.out.open("w", encoding="utf-8") as f:
        f.write("[\n")
        f.write(",\n".join(json.dumps(a, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for a in agents))
        f.write("\n]\n")
    cur = [a for a in agents if a["curated"]]
    given = sum(1 for a in agents if a.get("given_only"))
    print(
        f"{len(agents)} agents -> {args.out} ({len(cur)} curated, {given} given-only proteins, "
        f"{len(agents) - len(cur) - given} from DrugBank)"
    )
    print(
        f"with DrugBank id: {sum(1 for a in agents if a['drugbank'])}; curated with id: "
        f"{sum(1 for a in cur if a['drugbank'])}"
    )
    print(
        f"with Chinese name: {sum(1 for a in agents if a['name_zh'])}; Chinese aliases: "
        f"{sum(len(a['aliases_zh']) for a in agents)}; traditional forms: {n_hant}"
    )
    print(
        f"English names: {sum(1 + len(a['aliases_en']) for a in agents)}; context-gated abbreviations: "
        f"{sum(len(a['abbr_en']) for a in agents)}; stem false friends: {len(friends)}"
    )
    print(zh_note)
    print(f"build time: {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
