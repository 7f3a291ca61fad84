"""Progress of a batch: a rich bar with documents/s and pages/s on a terminal, log lines elsewhere."""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TYPE_CHECKING

from .batch import Outcome

if TYPE_CHECKING:
    from rich.progress import Progress as Bar
    from rich.progress import TaskID


class Progress:
    def __init__(self, enabled: bool, total: int | None = None, console=None):  # type: ignore[no-untyped-def]
        self.enabled = enabled
        self.total = total
        self.docs = 0
        self.pages = 0
        self.t0 = time.perf_counter()
        self._bar: Bar | None = None
        self._task: TaskID | None = None
        self._console = console  # rich Console (tests record one); None: the terminal

    def __enter__(self) -> Progress:
        if self.enabled:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TaskProgressColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as Bar

            bar = Bar(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TaskProgressColumn(),
                TextColumn("{task.fields[rate]}"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                transient=False,
                console=self._console,
            )
            bar.__enter__()
            self._task = bar.add_task("extract", total=self.total, rate="")
            self._bar = bar
        return self

    def update(self, o: Outcome) -> None:
        self.docs += 1
        self.pages += o.pages or 0
        dt = max(time.perf_counter() - self.t0, 1e-9)
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, advance=1, rate=f"{self.docs / dt:.1f} docs/s {self.pages / dt:.1f} pages/s")
        elif o.status == "ok":
            # failures get their one line from the command's summary, not here
            of = f"/{self.total}" if self.total else ""
            print(f"done [{self.docs}{of}] {o.path}", file=sys.stderr)

    def __exit__(self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.__exit__(et, e, tb)
