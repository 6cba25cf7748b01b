"""Hostile answers to the online fill (issue 12), for a runner that times each case.

``CASES`` is a list of ``(name, run)``; ``run(tmp)`` gets an empty folder,
starts a hostile local server (``tests/core/kb/fakewiki.py``) at the issue's
sizes in a thread, and runs ``python -m glossator.cli kb --kb FILE fetch`` in
a subprocess with ``GLOSSATOR_WIKIPEDIA_API`` (the fetcher's endpoint hook)
pointing at the server: first a good page, then the hostile title. It prints
the command's last lines and raises ``AssertionError`` unless the outcome is a
clear message, no traceback, no raw control character on the terminal, and
the good page still in the knowledge base. The command's peak RSS is that of
the case's child process; the server's own memory is not in it.

Run by hand: ``python benchmarks/hostile_cases/online.py [NAME...]``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
for _path in (ROOT / "desktop", ROOT):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from tests.core.kb.fakewiki import FakeWiki  # noqa: E402

from glossator.core.kb import KnowledgeBase  # noqa: E402
from glossator.core.kb.online import ENV_API  # noqa: E402

GOOD = "London"  # fetched first: it must survive whatever follows
HOSTILE = "Ada Lovelace"


TIMEOUT = 120  # seconds a case may take before it counts as hanging


def _glossator(tmp: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONIOENCODING="utf-8")
    env[ENV_API] = url
    env.update(GLOSSATOR_DATA_DIR=str(tmp / "data"), GLOSSATOR_CACHE_DIR=str(tmp / "cache"),
               GLOSSATOR_CONFIG_DIR=str(tmp / "config"))
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (env.get("PYTHONPATH", ""), str(ROOT / "desktop")) if p)
    argv = [sys.executable, "-m", "glossator.cli", "kb", "--kb", str(tmp / "kb.sqlite"),
            "fetch", *args]
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=TIMEOUT,
                          encoding="utf-8", errors="backslashreplace", check=False)


def _fetch(tmp: Path, fault: str, expect: tuple[str, ...], *, permanent: bool = False,
           **sizes: float) -> None:
    """Fetch GOOD then HOSTILE (answered with ``fault``) and check the outcome."""
    with FakeWiki() as fake:
        for key, value in sizes.items():
            setattr(fake, key, value)
        if permanent:
            fake.always(HOSTILE, fault)
        else:
            fake.script(HOSTILE, fault)
        first = _glossator(tmp, fake.url, GOOD)
        proc = _glossator(tmp, fake.url, HOSTILE)
        requests = len(fake.requests) - 1
    text = proc.stdout + proc.stderr
    lines = [line for line in text.splitlines() if line.strip()]
    print(f"{fault}: exit {proc.returncode}, {requests} requests; "
          + " | ".join(lines[-2:])[:300], flush=True)
    assert first.returncode == 0, f"the good page was not fetched: {first.stderr[-500:]!r}"
    with KnowledgeBase.single(tmp / "kb.sqlite") as kb:
        assert kb.article(GOOD) is not None, "the good page was lost from the knowledge base"
    assert "Traceback" not in text, text[-2000:]
    raw = [c for c in text if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) < 0xA0]
    assert not raw, f"control characters reached the terminal: {raw[:5]!r}"
    assert any(e in text for e in expect), f"no clear message ({expect}): {text[-500:]!r}"


def _case(fault: str, *expect: str, permanent: bool = False,
          **sizes: float) -> Callable[[Path], None]:
    def run(tmp: Path) -> None:
        _fetch(tmp, fault, expect, permanent=permanent, **sizes)

    run.__name__ = f"online_{fault.replace('-', '_')}"
    return run


CASES: list[tuple[str, Callable[[Path], None]]] = [
    ("online: headers one byte every 5 s", _case("drip-headers", "in time", permanent=True)),
    ("online: body one byte every 5 s", _case("drip-body", "in time", permanent=True)),
    ("online: gzip bomb 3.3 MB -> 3.2 GB", _case("gzip-bomb", "too large", "larger than")),
    ("online: 100 MB answer", _case("big", "too large", "larger than")),
    ("online: endless chunked body", _case("endless", "too large", "larger than")),
    ("online: JSON nested 100,000 deep", _case("deep", "nested")),
    ("online: broken gzip", _case("bad-gzip", "compress")),
    ("online: redirect loop", _case("redirect-loop", "redirect", permanent=True)),
    ("online: redirect to another host", _case("redirect-away", "another host")),
    ("online: lone surrogates", _case("surrogate", "fetched")),
    ("online: 200,000 redirects", _case("many-redirects", "fetched")),
    ("online: Retry-After of 10^400", _case("429-huge", "more than two days")),
    ("online: escape sequences in titles", _case("escapes", "fetched")),
    ("online: a 50,000-space title", _case("long-title", "fetched", "failed")),
]


def _main(argv: list[str]) -> int:
    """Each chosen case in a child process: its time, peak RSS (with the command's) and outcome."""
    import signal
    import tempfile

    if argv[:1] == ["--case"]:
        with tempfile.TemporaryDirectory() as folder:
            try:
                dict(CASES)[argv[1]](Path(folder))
            except AssertionError as exc:
                print(f"  {str(exc)[:400]}", flush=True)
                return 1
        return 0
    limit = float(os.environ.get("HOSTILE_TIMEOUT", TIMEOUT))
    for name, _run in CASES:
        if argv and not any(w in name for w in argv):
            continue
        started = time.monotonic()
        child = subprocess.Popen([sys.executable, __file__, "--case", name],
                                 start_new_session=True)
        while (os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT
                                       | os.WNOHANG)) is None:
            if time.monotonic() - started > limit:
                os.killpg(child.pid, signal.SIGKILL)
            time.sleep(0.05)
        _pid, status, usage = os.wait4(child.pid, 0)
        took = time.monotonic() - started
        outcome = "ok" if os.waitstatus_to_exitcode(status) == 0 else "FAILED"
        if took > limit:
            outcome = f"killed after {limit:.0f} s"
        print(f"{name}: {took:.1f} s, peak RSS {usage.ru_maxrss / 1024:.0f} MB, {outcome}",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
