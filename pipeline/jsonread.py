"""Reading untrusted JSON: bounded size, nesting depth and number length, one clear error.

`json.loads` recurses once per nesting level (100 000 levels end in RecursionError) and
turns a 5 000-digit literal into an int it cannot print (ValueError); both, and every other
way a file can fail, become one InputError naming the file.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from .errors import InputError
from .reading import DEFAULT_MAX_INPUT_MB, printable, read_input

# a reviewx document nests about a dozen levels (sections in sections, boxes in mentions)
MAX_DEPTH = 64
# the longest number literal a document needs: a float's repr is at most 24 characters
MAX_NUMBER_CHARS = 40


def _depth_ok(obj: Any) -> bool:
    """True when no container nests deeper than MAX_DEPTH (walked without recursion)."""
    stack = [(obj, 1)]
    while stack:
        o, d = stack.pop()
        if d > MAX_DEPTH:
            return False
        kids = o.values() if isinstance(o, dict) else o
        stack.extend((k, d + 1) for k in kids if isinstance(k, (dict, list)))
    return True


def _number(kind: type):  # type: ignore[no-untyped-def]
    def parse(s: str):  # type: ignore[no-untyped-def]
        if len(s) > MAX_NUMBER_CHARS:
            raise _TooLong(s)
        v = kind(s)
        if isinstance(v, float) and not math.isfinite(v):
            raise _TooLong(s)
        return v

    return parse


class _TooLong(ValueError):
    pass


def _constant(s: str) -> Any:
    raise ValueError(f"{s} is not a JSON number")


def loads(data: bytes, name: str) -> Any:
    """Parse JSON bytes (UTF-8) under the depth and number bounds."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(name, f"not valid JSON (not UTF-8 at byte {e.start})") from None
    try:
        obj = json.loads(text, parse_int=_number(int), parse_float=_number(float), parse_constant=_constant)
    except _TooLong as e:
        shown = str(e)[:20] + ("…" if len(str(e)) > 20 else "")
        raise InputError(
            name, f"not valid JSON (number {shown} out of range: at most {MAX_NUMBER_CHARS} characters, finite)"
        ) from None
    except RecursionError:
        raise InputError(name, f"not valid JSON (nested deeper than {MAX_DEPTH} levels)") from None
    except json.JSONDecodeError as e:
        raise InputError(name, f"not valid JSON ({e})") from None
    except ValueError as e:
        raise InputError(name, f"not valid JSON ({str(e).splitlines()[0][:120]})") from None
    if isinstance(obj, (dict, list)) and not _depth_ok(obj):
        raise InputError(name, f"not valid JSON (nested deeper than {MAX_DEPTH} levels)")
    return obj


def read_json(path: str | Path, max_bytes: int | None = DEFAULT_MAX_INPUT_MB << 20) -> Any:
    """Read and parse one JSON file: a regular file (not a folder named *.json), then `loads`."""
    name = printable(path)
    try:
        data = read_input(path, max_bytes)
    except InputError as e:
        raise InputError(name, e.reason) from None
    return loads(data, name)
