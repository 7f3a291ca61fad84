"""JSON Schema of the output, generated from the models, and validation against it."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from .emit import atomic_write
from .errors import InputError
from .models import Document

SCHEMA_FILE = "document.schema.json"


def document_schema() -> dict:
    schema = Document.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://reviewx.invalid/schemas/document.schema.json"
    return schema


def write_schemas(out_dir: Path) -> list[Path]:
    path = out_dir / SCHEMA_FILE
    atomic_write(path, json.dumps(document_schema(), ensure_ascii=False, sort_keys=True, indent=1) + "\n")
    return [path]


def load_document(path: Path) -> Document:
    """Parse and validate one JSON file; errors name the file and the failing field."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(str(path), f"not valid JSON ({e})") from None
    try:
        return Document.model_validate(raw)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(document)"
        raise InputError(str(path), f"{e.error_count()} schema error(s); first at {where}: {first['msg']}") from None
