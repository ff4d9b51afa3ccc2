"""A rendering's freed memory goes back to the system, and the rendering's outcome is unchanged."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from activities.documents import heartbeating
from activities.memory import MALLOC_TRIM, then_release


def resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def test_a_rendering_result_and_its_error_pass_through_unchanged() -> None:
    def fails() -> bytes:
        raise ValueError("no such section")

    assert then_release(lambda: b"docx") == b"docx"
    with pytest.raises(ValueError, match="no such section"):
        then_release(fails)


@pytest.mark.skipif(MALLOC_TRIM is None, reason="glibc only")
def test_memory_freed_on_a_render_thread_is_given_back() -> None:
    """What a rendering allocates on a thread's malloc arena (lxml trees) is returned once it is
    done, instead of staying resident in the worker."""
    from lxml import etree

    def render() -> int:
        tree = etree.fromstring(
            b"<r>" + b"".join(b"<p a='%d'>text %d</p>" % (i, i) for i in range(200_000)) + b"</r>"
        )
        return len(tree)

    async def main() -> tuple[float, float]:
        with ThreadPoolExecutor(max_workers=1) as pool:
            loop = asyncio.get_running_loop()
            assert await loop.run_in_executor(pool, render) == 200_000  # as before: kept
            kept = resident_mb()
            assert await heartbeating(pool, render) == 200_000
            return kept, resident_mb()

    kept, given_back = asyncio.run(main())
    assert given_back < kept - 30, (kept, given_back)
