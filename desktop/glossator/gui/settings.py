"""The app's persisted settings: theme, font, underline density, internet look-ups, known names.

Stored with ``QSettings`` in an INI file under ``paths.config_dir()`` (never the
platform registry or ``$HOME`` directly), so tests and ``--data-dir`` runs stay
isolated.
"""

from __future__ import annotations

import json
import time

from PySide6.QtCore import QObject, QSettings, Signal

from glossator import paths

THEMES = ("system", "light", "dark", "sepia")
DENSITIES = ("all", "unknown", "names", "off")
DENSITY_LABELS = {
    "all": "Everything",
    "unknown": "Only what I have not marked as known",
    "names": "Names only (no pronouns or references)",
    "off": "Off",
}
DENSITY_SHORT = {"all": "Everything", "unknown": "All but known", "names": "Names only",
                 "off": "Off"}  # the toolbar's button
DEFAULT_FONT_SIZE = 13
MIN_FONT_SIZE, MAX_FONT_SIZE = 9, 32
MAX_RECENT = 10
MAX_POSITIONS = 500  # documents whose reading position is remembered
SETTINGS_FILE = "glossator.ini"
DEFAULT_KIWIX_CATALOGUE = "https://library.kiwix.org/catalog/v2/entries"


def _as_bool(value: object) -> bool:
    # IniFormat hands booleans back as the strings "true"/"false".
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return bool(value)


def _as_list(value: object) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]  # type: ignore[union-attr]


class Settings(QObject):
    """Typed access to the settings; ``changed(key)`` fires after every write."""

    changed = Signal(str)

    def __init__(self, path: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        file = path or str(paths.config_dir() / SETTINGS_FILE)
        self._q = QSettings(file, QSettings.Format.IniFormat)

    @property
    def file_name(self) -> str:
        """Where the settings are stored."""
        return self._q.fileName()

    def sync(self) -> None:
        """Write pending changes to disk."""
        self._q.sync()

    def _set(self, key: str, value: object) -> None:
        self._q.setValue(key, value)
        self.changed.emit(key)

    # ------------------------------------------------------------ appearance

    @property
    def theme(self) -> str:
        """light, dark, sepia, or system (follow the desktop's colour scheme)."""
        value = str(self._q.value("appearance/theme", "system"))
        return value if value in THEMES else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        self._set("appearance/theme", value if value in THEMES else "system")

    @property
    def font_family(self) -> str:
        """The reading font ("" for the default serif)."""
        return str(self._q.value("appearance/font_family", ""))

    @font_family.setter
    def font_family(self, value: str) -> None:
        self._set("appearance/font_family", value)

    @property
    def font_size(self) -> int:
        """The reading font size in points."""
        try:
            size = int(self._q.value("appearance/font_size", DEFAULT_FONT_SIZE))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            size = DEFAULT_FONT_SIZE
        return max(MIN_FONT_SIZE, min(MAX_FONT_SIZE, size))

    @font_size.setter
    def font_size(self, value: int) -> None:
        self._set("appearance/font_size", max(MIN_FONT_SIZE, min(MAX_FONT_SIZE, int(value))))

    @property
    def density(self) -> str:
        """Which underlines to draw: all, unknown (not marked as known), off."""
        value = str(self._q.value("reading/density", "unknown"))
        return value if value in DENSITIES else "unknown"

    @density.setter
    def density(self, value: str) -> None:
        self._set("reading/density", value if value in DENSITIES else "unknown")

    # -------------------------------------------------------------- knowledge

    @property
    def online(self) -> bool:
        """Whether internet look-ups are allowed (off by default)."""
        return _as_bool(self._q.value("knowledge/online", False))

    @online.setter
    def online(self, value: bool) -> None:
        self._set("knowledge/online", bool(value))

    @property
    def kiwix_catalogue(self) -> str:
        """The Kiwix catalogue (OPDS) the "Get more knowledge" dialog downloads from."""
        value = str(self._q.value("knowledge/kiwix_catalogue", "") or "").strip()
        return value or DEFAULT_KIWIX_CATALOGUE

    @kiwix_catalogue.setter
    def kiwix_catalogue(self, value: str) -> None:
        self._set("knowledge/kiwix_catalogue", value.strip())

    @property
    def known(self) -> set[str]:
        """Keys of the entities the reader marked as known."""
        return set(_as_list(self._q.value("knowledge/known", [])))

    def set_known(self, key: str, known: bool) -> None:
        """Mark or unmark one entity key as known."""
        keys = self.known
        if known:
            keys.add(key)
        else:
            keys.discard(key)
        self._set("knowledge/known", sorted(keys))

    @property
    def fetch_queue(self) -> list[str]:
        """Names waiting to be fetched once internet look-ups are allowed."""
        return _as_list(self._q.value("knowledge/fetch_queue", []))

    def queue_fetch(self, name: str) -> None:
        """Add a name to the fetch queue (once)."""
        queue = self.fetch_queue
        if name not in queue:
            queue.append(name)
            self._set("knowledge/fetch_queue", queue)

    def clear_fetch_queue(self, names: list[str] | None = None) -> None:
        """Drop these names (or all) from the fetch queue."""
        queue = [] if names is None else [n for n in self.fetch_queue if n not in names]
        self._set("knowledge/fetch_queue", queue)

    # ------------------------------------------------------------ recent files

    @property
    def recent_files(self) -> list[str]:
        """Recently opened files, newest first."""
        return _as_list(self._q.value("files/recent", []))

    def add_recent(self, path: str) -> None:
        """Put ``path`` at the top of the recent files."""
        recent = [path, *[p for p in self.recent_files if p != path]][:MAX_RECENT]
        self._set("files/recent", recent)

    def clear_recent(self) -> None:
        """Forget the recent files."""
        self._set("files/recent", [])

    # ------------------------------------------------------- reading positions

    def _positions(self, name: str = "reading/positions") -> dict[str, list[float]]:
        try:
            data = json.loads(str(self._q.value(name, "{}") or "{}"))
        except ValueError:
            return {}
        if not isinstance(data, dict):
            return {}
        return {str(k): v for k, v in data.items()
                if isinstance(v, list) and len(v) == 2
                and all(isinstance(x, int | float) for x in v)}

    def _set_offset(self, name: str, key: str, offset: int) -> None:
        if not key:
            return
        positions = self._positions(name)
        old = positions.get(key)
        if old is not None and int(old[0]) == int(offset):
            return
        positions[key] = [max(0, int(offset)), round(time.time(), 1)]
        if len(positions) > MAX_POSITIONS:
            newest = sorted(positions.items(), key=lambda kv: -kv[1][1])[:MAX_POSITIONS]
            positions = dict(newest)
        # One JSON value: document paths hold '/', which QSettings reads as groups.
        self._set(name, json.dumps(positions, ensure_ascii=False))

    def position(self, key: str) -> int | None:
        """The last reading position (a character offset) of the document ``key``."""
        entry = self._positions().get(key)
        return int(entry[0]) if entry else None

    def set_position(self, key: str, offset: int) -> None:
        """Remember where the reader is in document ``key`` (the newest few hundred kept)."""
        self._set_offset("reading/positions", key, offset)

    def furthest(self, key: str) -> int:
        """How far the reader has read document ``key``: the furthest offset seen (0)."""
        entry = self._positions("reading/furthest").get(key)
        return int(entry[0]) if entry else 0

    def set_furthest(self, key: str, offset: int) -> None:
        """Remember how far the reader has read document ``key``.

        Any offset: it goes back when the reader starts the spoiler-safe view again from
        where they are.
        """
        self._set_offset("reading/furthest", key, offset)

    @property
    def spoiler_safe(self) -> bool:
        """Spoiler-safe reading: panels show only what the text has said so far (off)."""
        return _as_bool(self._q.value("reading/spoiler_safe", False))

    @spoiler_safe.setter
    def spoiler_safe(self, value: bool) -> None:
        self._set("reading/spoiler_safe", bool(value))

    # ------------------------------------------------------------ first run

    @property
    def welcomed(self) -> bool:
        """Whether the welcome has been shown once."""
        return _as_bool(self._q.value("help/welcomed", False))

    @welcomed.setter
    def welcomed(self, value: bool) -> None:
        self._set("help/welcomed", bool(value))

    # ---------------------------------------------------------------- window

    def window_state(self) -> tuple[bytes | None, bytes | None]:
        """The saved main-window geometry and dock state."""
        geometry = self._q.value("window/geometry")
        state = self._q.value("window/state")
        return geometry, state  # type: ignore[return-value]

    def save_window_state(self, geometry: object, state: object) -> None:
        """Remember the main window's geometry and dock layout."""
        self._q.setValue("window/geometry", geometry)
        self._q.setValue("window/state", state)
