"""The C heap's free pages go back to the system (glibc); elsewhere nothing is done."""

from __future__ import annotations

import ctypes
import platform
import sys

import pytest

from glossator.core import heap

glibc = pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="glibc's call")


def _anon_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no RssAnon")


@glibc
def test_free_heap_pages_are_returned() -> None:
    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    # 64 KiB blocks stay in the heap (under the mmap threshold); touch them so they count.
    blocks = [libc.malloc(64 * 1024) for _ in range(1200)]
    for b in blocks:
        ctypes.memset(b, 1, 64 * 1024)
    keep = blocks[-1]  # the top of the heap stays in use: freeing alone returns little
    for b in blocks[:-1]:
        libc.free(b)
    before = _anon_mb()
    assert heap.release_free_memory() is True
    after = _anon_mb()
    libc.free(keep)
    assert before - after > 50  # of the ~75 MB freed


def test_without_glibc_nothing_is_done(monkeypatch: pytest.MonkeyPatch) -> None:
    heap._trim.cache_clear()
    monkeypatch.setattr(sys, "platform", "win32")
    try:
        assert heap.release_free_memory() is False
    finally:
        heap._trim.cache_clear()


def test_a_c_library_without_the_call_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """musl and other C libraries have no malloc_trim."""

    class NoTrim:
        pass

    heap._trim.cache_clear()
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(ctypes, "CDLL", lambda _name: NoTrim())
    try:
        assert heap.release_free_memory() is False
    finally:
        heap._trim.cache_clear()
