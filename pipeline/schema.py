"""JSON Schema of the output, generated from the models, and validation against it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .emit import atomic_write
from .errors import InputError
from .models import READABLE_VERSIONS, Document
from .reading import printable

SCHEMA_FILE = "document.schema.json"


def document_schema() -> dict[str, Any]:
    schema = Document.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://reviewx.invalid/schemas/document.schema.json"
    return schema


def write_schemas(out_dir: Path) -> list[Path]:
    path = out_dir / SCHEMA_FILE
    atomic_write(path, json.dumps(document_schema(), ensure_ascii=False, sort_keys=True, indent=1) + "\n")
    return [path]


def load_document(path: Path) -> Document:
    """Parse and validate one JSON file; errors name the file and the failing field.

    The file is untrusted: only a regular file within the size budget is read, and nesting
    depth and the length of number literals are bounded (see jsonread.py).
    """
    from .jsonread import read_json

    raw = read_json(path)
    # a version this reviewx cannot read is named as such, not as a field error
    version = raw.get("schema_version", READABLE_VERSIONS[-1]) if isinstance(raw, dict) else None
    if isinstance(raw, dict) and version not in READABLE_VERSIONS:
        raise InputError(
            printable(path),
            f"schema_version {repr(version)[:40]}: this reviewx reads versions {', '.join(READABLE_VERSIONS)} "
            "(version 1 files are read with no tables or figures)",
        )
    try:
        return Document.model_validate(raw)
    except RecursionError:
        raise InputError(printable(path), "nested too deep") from None
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(document)"
        raise InputError(
            printable(path), f"{e.error_count()} schema error(s); first at {where}: {first['msg']}"[:300]
        ) from None
