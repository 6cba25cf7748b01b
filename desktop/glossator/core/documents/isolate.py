"""Parse untrusted documents in a child process with memory and time limits.

PDFium, libxml2 and zlib run native code on whatever a file says: a crafted file can
make them allocate gigabytes or run for minutes, and a native abort would take the
whole app down. The format modules cap what they can see coming (pdf_guard, zip
budgets, attribute limits); this is the backstop for what they cannot. The child is
started with multiprocessing's "spawn" method, which is safe from the app's worker
threads and works in a frozen bundle (``multiprocessing.freeze_support()`` runs first
in ``glossator.cli.main``). Limits, each where the platform has it: address space
(RLIMIT_AS, Linux: allocations fail, so the child answers with a message itself), CPU
time (Linux, macOS), a job object's memory limit (Windows); and on every platform the
parent watches the child's resident memory and wall-clock time and kills it past either
(macOS has no working address-space limit, so there this watch is the memory limit).
The caller gets the Document or a DocumentError, never the crash.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import time
from collections.abc import Callable
from typing import Any

from glossator.core.documents.limits import MB, size_label
from glossator.core.documents.model import Document, DocumentError

log = logging.getLogger(__name__)

ENABLED = os.environ.get("GLOSSATOR_DOCUMENTS_IN_PROCESS", "") != "1"  # off only for debugging
PARSE_MEMORY = 896 * MB  # what the parse may add to the child's address space
# The parent's watch: resident memory of the whole child (its imports take about 60 MB),
# checked every WATCH_SECONDS. It is the limit where the OS gives none (macOS).
BASE_RESIDENT = 128 * MB
WATCH_SECONDS = 0.1
ADDRESS_LIMIT = True  # RLIMIT_AS in the child where the OS has it (tests turn it off)
BASE_SECONDS = 30  # CPU time for any file, plus PER_MB_SECONDS for each MB of it
PER_MB_SECONDS = 2
MAX_SECONDS = 300
START_SECONDS = 15  # the child's start and imports, on a busy machine


def seconds_for(size: int) -> int:
    """The CPU time a file of ``size`` bytes may take: a 2,000-page PDF needs ~12 s."""
    return min(MAX_SECONDS, BASE_SECONDS + PER_MB_SECONDS * size // MB)


def memory_message(label: str, memory: int | None = None) -> str:
    memory = PARSE_MEMORY if memory is None else memory
    return (f"{label} needs more memory than Glossator allows for one document "
            f"({size_label(memory)}), so it was not opened. It may be damaged, or built to "
            "exhaust memory.")


def time_message(label: str, seconds: int) -> str:
    return (f"{label} took too long to read (over {seconds} seconds), so Glossator stopped. "
            "It may be damaged, or built to stall readers.")


def run(fn: Callable[..., Document], *args: Any, label: str, size: int) -> Document:
    """``fn(*args)`` in a child process; ``fn`` must be a module-level function."""
    if not ENABLED:
        return fn(*args)
    seconds = seconds_for(size)
    ctx = multiprocessing.get_context("spawn")
    receiver, sender = ctx.Pipe(duplex=False)
    memory = PARSE_MEMORY if ADDRESS_LIMIT else None
    proc = ctx.Process(target=_child, args=(sender, fn, args, memory, seconds),
                       name="glossator-document", daemon=True)
    try:
        proc.start()
    except (OSError, RuntimeError, AssertionError) as exc:  # no processes left, a daemon, or a
        # bundle that cannot spawn: parse here rather than not at all
        log.warning("parsing %s in process: cannot start a child (%s)", label, exc)
        receiver.close()
        sender.close()
        return fn(*args)
    sender.close()
    kind, payload, killed = _wait(proc, receiver, seconds + START_SECONDS)
    if kind == "ok":
        return payload  # type: ignore[no-any-return]
    if kind == "error":
        raise DocumentError(payload)
    if kind == "memory":
        raise DocumentError(memory_message(label))
    code = proc.exitcode
    log.info("the child reading %s ended with exit code %s", label, code)
    if killed or code == -getattr(signal, "SIGXCPU", 1000):
        raise DocumentError(time_message(label, seconds))
    raise DocumentError(memory_message(label) if code in _OUT_OF_MEMORY else
                        f"{label} could not be read: the reader crashed on it (it may be "
                        "damaged).")


def _wait(proc: Any, receiver: Any, seconds: float) -> tuple[str, Any, bool]:
    """The child's answer, or why there is none: (kind, payload, killed for time)."""
    deadline = time.monotonic() + seconds
    watch = _resident_watch(proc.pid)
    try:
        while True:
            if receiver.poll(WATCH_SECONDS):
                try:
                    kind, payload = receiver.recv()
                except (EOFError, OSError):  # the child died: see its exit code
                    return "died", None, False
                return kind, payload, False
            if not proc.is_alive() and not receiver.poll(0):
                return "died", None, False
            resident = watch()
            if resident > PARSE_MEMORY + BASE_RESIDENT:
                log.info("the child used %s resident memory: stopped", size_label(resident))
                return "memory", None, False
            if time.monotonic() > deadline:
                return "died", None, True
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        receiver.close()


def _resident_watch(pid: int) -> Callable[[], int]:
    """A callable giving the child's resident memory in bytes (0 once it is gone)."""
    try:
        import psutil
    except ImportError:  # a broken install: the OS limits and the clock still hold
        return lambda: 0
    try:
        child = psutil.Process(pid)
    except psutil.Error:
        return lambda: 0

    def resident() -> int:
        try:
            return int(child.memory_info().rss)
        except psutil.Error:
            return 0

    return resident


# A native library that cannot allocate aborts (SIGABRT) or faults; the kernel's OOM kills.
_OUT_OF_MEMORY = {-getattr(signal, name) for name in ("SIGABRT", "SIGSEGV", "SIGBUS", "SIGKILL")
                  if hasattr(signal, name)} | {3, 0xC0000017, 0xC0000409}


def _child(conn: Any, fn: Callable[..., Document], args: tuple[Any, ...],
           memory: int | None, seconds: int) -> None:
    """The child's whole life: set limits, load, send back the document or the message."""
    limit(memory, seconds)
    result: tuple[str, Any]
    try:
        result = ("ok", fn(*args))
    except DocumentError as exc:
        result = ("error", str(exc))
    except MemoryError:
        result = ("memory", None)
    except RecursionError:
        result = ("error", "This file is nested too deeply to read.")
    try:
        conn.send(result)
    except MemoryError:  # pickling a huge document may be the last straw
        conn.send(("memory", None))
    conn.close()


def limit(memory: int | None, seconds: int) -> None:
    """Limit this process: ``memory`` bytes more address space, ``seconds`` of CPU.

    ``memory`` None: no address-space limit, the parent's watch alone.
    """
    try:
        import resource
    except ImportError:  # Windows
        if memory is not None:
            _windows_job(memory)
        return
    limits = [(resource.RLIMIT_CPU, seconds)]
    base = _address_space()
    if base is not None and memory is not None:
        limits.append((resource.RLIMIT_AS, base + memory))
    for what, value in limits:
        try:
            _, hard = resource.getrlimit(what)
            soft = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(what, (soft, hard))
        except (ValueError, OSError) as exc:
            log.debug("cannot set limit %s: %s", what, exc)


def _address_space() -> int | None:
    """This process's virtual size now: the limit is on growth past the imports.

    Read from /proc (Linux). Elsewhere (macOS) a process reserves a huge shared region
    from the start, its size is not known here, and a guessed address-space limit could
    make every allocation fail: CPU and wall-clock limits still hold there.
    """
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def job_limits_structure() -> Any:
    """JOBOBJECT_EXTENDED_LIMIT_INFORMATION as ctypes declares it (144 bytes on 64-bit)."""
    import ctypes

    dword = ctypes.c_uint32  # wintypes.DWORD is 8 bytes off Windows: spell the width

    class IoCounters(ctypes.Structure):
        _fields_ = [(n, ctypes.c_ulonglong) for n in (
            "ReadOperationCount", "WriteOperationCount", "OtherOperationCount",
            "ReadTransferCount", "WriteTransferCount", "OtherTransferCount")]

    class BasicLimits(ctypes.Structure):
        _fields_ = [("PerProcessUserTimeLimit", ctypes.c_int64),
                    ("PerJobUserTimeLimit", ctypes.c_int64),
                    ("LimitFlags", dword),
                    ("MinimumWorkingSetSize", ctypes.c_size_t),
                    ("MaximumWorkingSetSize", ctypes.c_size_t),
                    ("ActiveProcessLimit", dword),
                    ("Affinity", ctypes.c_size_t),
                    ("PriorityClass", dword),
                    ("SchedulingClass", dword)]

    class ExtendedLimits(ctypes.Structure):
        _fields_ = [("BasicLimitInformation", BasicLimits),
                    ("IoInfo", IoCounters),
                    ("ProcessMemoryLimit", ctypes.c_size_t),
                    ("JobMemoryLimit", ctypes.c_size_t),
                    ("PeakProcessMemoryUsed", ctypes.c_size_t),
                    ("PeakJobMemoryUsed", ctypes.c_size_t)]

    return ExtendedLimits


JOB_OBJECT_LIMIT_PROCESS_MEMORY = 0x100
JOB_OBJECT_EXTENDED_LIMIT_INFORMATION = 9  # the information class


def _windows_job(memory: int) -> None:
    """Put this process in a job object whose memory limit makes allocations fail."""
    try:
        import ctypes
        from ctypes import wintypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        kernel32.CreateJobObjectW.restype = wintypes.HANDLE
        kernel32.GetCurrentProcess.restype = wintypes.HANDLE
        kernel32.SetInformationJobObject.argtypes = [wintypes.HANDLE, ctypes.c_int,
                                                     ctypes.c_void_p, wintypes.DWORD]
        kernel32.AssignProcessToJobObject.argtypes = [wintypes.HANDLE, wintypes.HANDLE]
        job = kernel32.CreateJobObjectW(None, None)
        if not job:
            raise OSError(ctypes.get_last_error())  # type: ignore[attr-defined]
        info = job_limits_structure()()
        info.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_PROCESS_MEMORY
        info.ProcessMemoryLimit = memory + BASE_RESIDENT  # the imports come first here
        if not kernel32.SetInformationJobObject(job, JOB_OBJECT_EXTENDED_LIMIT_INFORMATION,
                                                ctypes.byref(info), ctypes.sizeof(info)):
            raise OSError(ctypes.get_last_error())  # type: ignore[attr-defined]
        if not kernel32.AssignProcessToJobObject(job, kernel32.GetCurrentProcess()):
            raise OSError(ctypes.get_last_error())  # type: ignore[attr-defined]
    except (OSError, AttributeError, ValueError) as exc:
        log.debug("no job object: %s (the parent's watch still holds)", exc)
