"""Give the memory a Word rendering freed back to the operating system.

python-docx builds each document as an lxml tree, allocated with C malloc on the rendering
thread. glibc gives every such thread a malloc arena of its own and keeps what a rendering
freed there for later, so with four rendering threads the worker stayed ~100 MB larger after a
burst of renderings than without them (`make bench`, README "Temporal paths"). `malloc_trim(0)`
after each rendering returns those free pages (it runs on the rendering thread, outside the
GIL; the worker's CPU for 1,000 draft starts stayed the same within noise). Elsewhere than glibc
(musl, macOS) it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):  # no glibc
        return None


MALLOC_TRIM = _malloc_trim()


def then_release(work: Callable[[], T]) -> T:
    """Run `work`, then hand the free heap pages back, whether it succeeded or not."""
    try:
        return work()
    finally:
        if MALLOC_TRIM is not None:
            MALLOC_TRIM(0)
