"""reviewx: bilingual extraction of medical review articles into source-grounded JSON."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("reviewx")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"

from .document import extract_bytes, extract_file  # noqa: E402
from .errors import InputError, ReviewxError  # noqa: E402

__all__ = ["__version__", "extract_file", "extract_bytes", "InputError", "ReviewxError"]
