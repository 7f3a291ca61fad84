"""The `reviewx` command: each subcommand parses options, calls one library function, prints.

Exit codes: 0 success, 1 a document failed (or a gate was missed), 2 unusable input or usage.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from . import __version__
from .batch import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT
from .errors import ReviewxError
from .reading import printable

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _err(msg: str) -> None:
    print(f"reviewx: {msg}", file=sys.stderr)


def cmd_extract(args: argparse.Namespace) -> int:
    """Extract PDFs and text files into one JSON per document.

    Example: reviewx extract raw/ -o extracted/ --jobs 2
    """
    from .batch import INPUT_SUFFIXES, iter_inputs, run, write_run_report
    from .progress import Progress

    out = Path(args.output)
    inputs = list(iter_inputs(args.paths))  # paths only: the total for the progress bar, nothing read yet
    if not inputs:
        _err(
            f"no input found in {', '.join(map(printable, args.paths))} (looked for {', '.join(INPUT_SUFFIXES)} files)"
        )
        return EXIT_FAILED
    jobs = args.jobs or os.cpu_count() or 1
    if args.executor == "dask":
        from .dask_exec import dask_options, run_dask

        options = dask_options(args.scheduler, args.jobs, args.timeout, args.max_memory)
        with Progress(enabled=sys.stderr.isatty(), total=len(inputs)) as prog:
            summary = run_dask(inputs, out, scheduler=args.scheduler, force=args.force, progress=prog.update, **options)
    else:
        with Progress(enabled=sys.stderr.isatty(), total=len(inputs)) as prog:
            summary = run(
                inputs,
                out,
                jobs=jobs,
                force=args.force,
                progress=prog.update,
                timeout=DEFAULT_TIMEOUT if args.timeout is None else args.timeout,
                max_memory_mb=DEFAULT_MAX_MEMORY_MB if args.max_memory is None else args.max_memory,
                ocr=args.ocr,
            )
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    report = write_run_report(summary, out, stamp)
    for o in summary.failed:
        print(f"failed: {printable(o.path)}: {o.reason}", file=sys.stderr)
    for o in summary.needs_review:
        why = "; ".join(w.split(": ", 1)[-1] for w in o.needs_review)
        print(f"needs review: {printable(o.path)}: {why}", file=sys.stderr)
    print(
        f"{summary.count('ok')} ok, {summary.count('skipped')} skipped, {summary.count('failed')} failed, "
        f"{len(summary.needs_review)} need review (report: {report})"
    )
    return EXIT_FAILED if summary.failed else EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schema of the output document, generated from the models.

    Example: reviewx schema -o schemas/
    """
    from .schema import write_schemas

    for p in write_schemas(Path(args.output)):
        print(p)
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    """Check JSON files against the output schema.

    Example: reviewx validate extracted/*.json
    """
    from .schema import load_document

    bad = 0
    for f in args.files:
        try:
            load_document(Path(f))
            print(f"valid: {printable(f)}")
        except ReviewxError as e:
            bad += 1
            print(f"invalid: {e}", file=sys.stderr)
    return EXIT_FAILED if bad else EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    """Compare extractions with gold files: P/R/F1 per entity type and every field that differs.

    EXTRACTED and GOLD are files or folders (paired by doc_id). Exit 1 below --min-f1,
    2 for unusable input.

    Example: reviewx diff extracted/ tests/gold/ --format markdown --min-f1 0.9 --min-f1 drugs=0.95
    """
    from .diffing import diff_paths, failed_gates, format_json, format_markdown, format_text, parse_gates

    gates = parse_gates(args.min_f1 or [])
    run = diff_paths(Path(args.extracted), Path(args.gold))
    if args.format == "json":
        print(format_json(run))
    elif args.format == "markdown":
        print(format_markdown(run))
    else:
        print(format_text(run, colour=sys.stdout.isatty()))
    if not run.documents:
        _err("no document pairs: check that extraction and gold share doc_ids")
        return EXIT_USAGE
    failed = failed_gates(run, gates)
    for f in failed:
        _err(f"below threshold: {f}")
    return EXIT_FAILED if failed else EXIT_OK


def cmd_load(args: argparse.Namespace) -> int:
    """Load extractions into SQLite (default) or PostgreSQL; re-loading a document replaces it.

    Example: reviewx load extracted/ --db sqlite:///extracted/reviews.db
             reviewx load extracted/ --db postgresql://user:pass@localhost:5432/reviews
    """
    from .store import load_paths, masked_url

    summary = load_paths(args.paths, args.db)
    for path, reason in summary.failed:
        print(f"failed: {path}: {reason}", file=sys.stderr)
    if summary.stopped:
        _err(summary.stopped)
    print(
        f"{len(summary.loaded)} loaded, {len(summary.failed)} failed into {masked_url(args.db)}"
        + (" (stopped early)" if summary.stopped else "")
    )
    return EXIT_FAILED if summary.failed or summary.stopped else EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    """Write a self-contained HTML page per extraction (entities highlighted, tables, removed
    content, gold differences with --gold) and an index page.

    Example: reviewx show extracted/ --gold tests/gold/ -o extracted/
    """
    from .show import write_pages

    pages = write_pages(args.paths, args.output, gold=args.gold, page_images=args.page_images)
    for w in pages.warnings:
        print(w, file=sys.stderr)
    for p in pages:
        print(p)
    return EXIT_OK


def _add_help(p: argparse.ArgumentParser, fn) -> None:  # type: ignore[no-untyped-def]
    p.description = fn.__doc__
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.set_defaults(func=fn)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reviewx", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"reviewx {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="PDFs and text files -> extracted/<doc_id>.json")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("-o", "--output", default="extracted", help="output folder (default: extracted/)")
    p.add_argument("--jobs", type=int, default=0, help="worker processes (default: all cores)")
    p.add_argument("--executor", choices=["local", "dask"], default="local")
    p.add_argument("--scheduler", default=None, help="dask scheduler address, e.g. tcp://host:8786")
    p.add_argument("--force", action="store_true", help="redo documents whose output is up to date")
    p.add_argument(
        "--timeout",
        type=float,
        default=None,
        help=f"seconds one document may take (default {DEFAULT_TIMEOUT:g}; OCR adds 60 a page; not with dask)",
    )
    p.add_argument(
        "--max-memory",
        type=int,
        default=None,
        help=f"MB of memory per worker process (default {DEFAULT_MAX_MEMORY_MB})",
    )
    p.add_argument(
        "--ocr",
        choices=["auto", "off", "force"],
        default="auto",
        help="PDF pages without a usable text layer are OCR'd (auto), never (off) or every page (force)",
    )
    _add_help(p, cmd_extract)

    p = sub.add_parser("schema", help="write the JSON Schema of the output")
    p.add_argument("-o", "--output", default="schemas")
    _add_help(p, cmd_schema)

    p = sub.add_parser("validate", help="check JSON files against the schema")
    p.add_argument("files", nargs="+", metavar="FILE")
    _add_help(p, cmd_validate)

    p = sub.add_parser("diff", help="score extractions against gold files")
    p.add_argument("extracted", metavar="EXTRACTED")
    p.add_argument("gold", metavar="GOLD")
    p.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    p.add_argument("--min-f1", action="append", metavar="X", help="gate: 0.9 overall, or drugs=0.95 per type")
    _add_help(p, cmd_diff)
    p = sub.add_parser("load", help="load extractions into SQLite or PostgreSQL")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--db", default="sqlite:///extracted/reviews.db", help="database URL")
    _add_help(p, cmd_load)
    p = sub.add_parser("show", help="HTML pages of extractions, with gold differences")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--gold", default=None, help="gold file or folder (paired by doc_id)")
    p.add_argument("-o", "--output", default="extracted", help="output folder (default: extracted/)")
    p.add_argument("--page-images", action="store_true", help="embed PDF page images with entity boxes")
    _add_help(p, cmd_show)
    return parser


def _tolerant_streams() -> None:
    """File names need not be UTF-8: print what cannot be encoded as escapes, never fail on it."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass


def main(argv: list[str] | None = None) -> int:
    _tolerant_streams()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = int(args.func(args))
        sys.stdout.flush()  # here, so a reader that left (`| head`) ends in the handler below, not at exit
        return code
    except ReviewxError as e:
        _err(str(e))
        return EXIT_USAGE
    except BrokenPipeError:  # `reviewx diff ... | head`: the reader left; end quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's final flush does not complain either
        return EXIT_FAILED
    except OSError as e:  # a path the library did not expect to fail (a full disk, a vanished folder)
        where = f"{printable(e.filename)}: " if e.filename else ""
        _err(f"{where}{e.strerror or e}")
        return EXIT_USAGE
    except (RecursionError, MemoryError) as e:
        _err(f"exceeded limit ({type(e).__name__})")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _err("interrupted; outputs written so far are complete, re-run to finish")
        return 130


if __name__ == "__main__":
    sys.exit(main())
