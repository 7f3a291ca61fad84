"""reviewx: bilingual extraction of medical review articles into source-grounded JSON.

The library behind every command: `extract_file`, `extract_bytes` (one document),
`run` (a batch), `diff_paths` (scores against gold), `load_paths` (SQL), `write_pages`
(HTML), `write_schemas`. Heavy parts are imported only when first used.
"""

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("reviewx")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"

from .document import extract_bytes, extract_file  # noqa: E402
from .errors import InputError, ReviewxError  # noqa: E402

_LAZY = {
    "run": "pipeline.batch",
    "diff_paths": "pipeline.diffing",
    "compare": "pipeline.evaluate",
    "load_paths": "pipeline.store",
    "write_pages": "pipeline.show",
    "write_schemas": "pipeline.schema",
    "load_document": "pipeline.schema",
}


def __getattr__(name: str):  # type: ignore[no-untyped-def]
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(name)


__all__ = ["InputError", "ReviewxError", "__version__", "extract_bytes", "extract_file", *_LAZY]
