"""One frozen build per test session: ``build/linux/build.sh`` run once, checked many times.

Set ``GLOSSATOR_PACKAGING_REUSE=1`` to check the bundle and packages already in ``dist/``
instead of building (handy while working on the tests; CI always builds).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DIST = REPO / "dist"
BUNDLE = DIST / "glossator"
REPORT = DIST / "packaging-report.json"
BUILD_TIMEOUT_S = 1200


@dataclass
class LinuxBuild:
    """What build/linux/build.sh made, and the figures measured on it."""

    bundle: Path
    deb: Path
    tarball: Path
    version: str
    build_seconds: float | None
    figures: dict[str, object] = field(default_factory=dict)

    @property
    def cli(self) -> Path:
        """The console executable."""
        return self.bundle / "glossator"


def _version() -> str:
    from importlib.metadata import version

    return version("glossator")


def _one(pattern: str) -> Path:
    found = sorted(DIST.glob(pattern), key=lambda p: p.stat().st_mtime)
    if not found:
        pytest.fail(f"build/linux/build.sh made no dist/{pattern}")
    return found[-1]


@pytest.fixture(scope="session")
def linux_build() -> LinuxBuild:
    """Build the bundle, the .deb and the tarball once (or reuse them, see the module doc)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the Linux packaging test runs on Linux")
    for tool in ("dpkg-deb", "strip", "readelf", "xz"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is needed to build the Linux packages (apt-get install "
                        "dpkg binutils xz-utils)")
    version = _version()
    seconds = None
    if os.environ.get("GLOSSATOR_PACKAGING_REUSE") != "1" or not BUNDLE.is_dir():
        try:
            import PyInstaller  # noqa: F401
        except ImportError:
            pytest.fail("PyInstaller is not installed: pip install -e '.[installer]'")
        env = dict(os.environ, PYTHON=sys.executable)
        env.pop("QT_QPA_PLATFORM", None)
        started = time.perf_counter()
        proc = subprocess.run(["bash", str(REPO / "build" / "linux" / "build.sh")], cwd=REPO,
                              env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)
        seconds = round(time.perf_counter() - started, 1)
        if proc.returncode != 0:
            pytest.fail(f"build.sh failed ({proc.returncode}):\n{proc.stdout[-4000:]}\n"
                        f"{proc.stderr[-4000:]}")
    build = LinuxBuild(bundle=BUNDLE, deb=_one(f"glossator_{version}_*.deb"),
                       tarball=_one(f"glossator-{version}-linux-*.tar.xz"), version=version,
                       build_seconds=seconds)
    yield build
    build.figures["build_seconds"] = seconds
    REPORT.write_text(json.dumps(build.figures, indent=2, sort_keys=True))
    print(f"\npackaging figures ({REPORT}):\n{json.dumps(build.figures, indent=2)}")
