"""The "Get more knowledge" dialog: the choices with their sizes, open or download a ZIM.

Knowledge ▸ Get more knowledge… (and a button in the knowledge window). It explains
what the reader can add: the starter pack (installed, with its count), a Kiwix
ZIM of Wikipedia (the top articles, about 300 MB; every article's lead, about
11 GB) and online look-ups. A ZIM already downloaded is opened and handed to the
worker's attach path; with internet look-ups allowed, a ZIM is downloaded from an
address the user gives or from the Kiwix catalogue in the settings
(``core/kb/download.py`` in the worker thread: progress here, Cancel keeps what
arrived and a new start goes on from there), then attached.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from glossator import paths
from glossator.gui.messages import TaskFinished, TaskProgress
from glossator.gui.operations import (
    DownloadZim,
    GetStats,
    Operation,
    OperationFailed,
    QueryOp,
    ZimTask,
)
from glossator.gui.settings import Settings
from glossator.gui.worker import WorkerThread

TOP = "wikipedia_en_top_mini"
ALL = "wikipedia_en_all_mini"
CHOICES = {
    "starter": ("Starter pack (installed)",
                "{starter}. Places are mostly there; most people and organisations in the "
                "news are not."),
    TOP: ("Kiwix wikipedia_en_top_mini \u2014 about 300 MB",
          "The lead of Wikipedia's most read articles: a quick first step, a few minutes to "
          "download."),
    ALL: ("Kiwix wikipedia_en_all_mini \u2014 about 11 GB",
          "The lead of every English Wikipedia article (about 7 million, plus redirects): "
          "nearly every name is explained, offline. Needs about 15 GB free (the file and its "
          "name index) and hours to download; indexing takes up to an hour."),
    "online": ("Online look-ups",
               "Fetch from Wikipedia only what a document lacks (Knowledge \u25b8 Make this "
               "document available offline). Small, but needs internet while you fetch."),
}
OFFLINE_NOTE = ("Downloads need internet look-ups allowed (the box above). You can also "
                "download a .zim file in your browser from the Kiwix library and open it here.")


def download_folder() -> Path:
    """Where downloaded ZIMs go: the data folder's ``zim``."""
    return paths.data_dir() / "zim"


class KnowledgeDialog(QDialog):
    """The choices, and the ways to act on them."""

    def __init__(self, worker: WorkerThread, settings: Settings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Get more knowledge")
        self.setAccessibleName("Get more knowledge")
        self.worker = worker
        self.settings = settings
        self.folder = download_folder()
        self._stats_request = 0
        self._running = ""  # "download" or "attach" while one runs
        lay = QVBoxLayout(self)
        intro = QLabel("Glossator explains a name from what it knows. Add more knowledge in "
                       "one of these ways; everything but online look-ups works offline "
                       "afterwards.")
        intro.setWordWrap(True)
        lay.addWidget(intro)

        grid = QGridLayout()
        grid.setColumnStretch(0, 1)
        self.choice_labels: dict[str, QLabel] = {}
        self.buttons: dict[str, QPushButton] = {}
        for row, (key, (title, _text)) in enumerate(CHOICES.items()):
            label = QLabel()
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setAccessibleName(title)
            self.choice_labels[key] = label
            grid.addWidget(label, row, 0)
            if key in (TOP, ALL):
                button = QPushButton("Download")
                button.setAccessibleName(f"Download {key}")
                button.setToolTip(f"Download the newest {key} from the Kiwix catalogue, "
                                  "then attach it")
                button.clicked.connect(lambda _c=False, k=key: self.download_named(k))
                self.buttons[key] = button
                grid.addWidget(button, row, 1, Qt.AlignmentFlag.AlignTop)
            elif key == "online":
                box = QCheckBox("Allow internet look-ups")
                box.setChecked(settings.online)
                box.toggled.connect(lambda c: setattr(self.settings, "online", c))
                self.online_box = box
                grid.addWidget(box, row, 1, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(grid)
        self._show_choices({})

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        lay.addWidget(line)
        own = QHBoxLayout()
        own.addWidget(QLabel("Already downloaded a .zim file?"), 1)
        self.open_button = QPushButton("Open a ZIM I downloaded…")
        self.open_button.setAccessibleName("Open a ZIM I downloaded")
        self.open_button.clicked.connect(self._choose_zim)
        own.addWidget(self.open_button)
        lay.addLayout(own)

        form = QFormLayout()
        url_row = QHBoxLayout()
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://…/wikipedia_en_top_mini_2024-06.zim")
        self.url.setAccessibleName("Address of a ZIM file")
        self.url.returnPressed.connect(self.download_url)
        url_row.addWidget(self.url, 1)
        self.url_button = QPushButton("Download")
        self.url_button.setAccessibleName("Download from the address")
        self.url_button.clicked.connect(self.download_url)
        url_row.addWidget(self.url_button)
        form.addRow("Download from an address:", url_row)
        self.sha256 = QLineEdit()
        self.sha256.setPlaceholderText("optional: the file's SHA-256, checked at the end")
        self.sha256.setAccessibleName("SHA-256 of the file")
        form.addRow("SHA-256:", self.sha256)
        self.catalogue = QLineEdit(settings.kiwix_catalogue)
        self.catalogue.setAccessibleName("Kiwix catalogue address")
        self.catalogue.setToolTip("The Kiwix library's catalogue (OPDS), where the Download "
                                  "buttons above look for the newest file and its checksum")
        self.catalogue.editingFinished.connect(self._save_catalogue)
        form.addRow("Kiwix catalogue:", self.catalogue)
        self.folder_label = QLabel(str(self.folder))
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("Saved in:", self.folder_label)
        lay.addLayout(form)
        self.offline_note = QLabel(OFFLINE_NOTE)
        self.offline_note.setWordWrap(True)
        self.offline_note.setObjectName("panelMeta")
        lay.addWidget(self.offline_note)
        lay.addStretch(1)  # extra height below, never between the choices

        self.progress = QProgressBar()
        self.progress.setAccessibleName("Download progress")
        self.progress.setVisible(False)
        lay.addWidget(self.progress)
        status = QHBoxLayout()
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Status")
        status.addWidget(self.status, 1)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop; what arrived is kept and a new start goes on")
        self.cancel_button.clicked.connect(self.worker.worker.cancel_task)
        self.cancel_button.setEnabled(False)
        status.addWidget(self.cancel_button)
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        status.addWidget(close)
        lay.addLayout(status)
        for b in (*self.buttons.values(), self.open_button, self.url_button,
                  self.cancel_button, close):
            b.setAutoDefault(False)
            b.setDefault(False)

        w = worker.worker
        w.taskProgress.connect(self._on_progress)
        settings.changed.connect(self._on_setting)
        self._update()
        self.refresh()
        self.resize(640, self.sizeHint().height())

    # ------------------------------------------------------------------ state

    def refresh(self) -> None:
        """Ask the worker for the counts (the starter pack's and what is attached)."""
        QueryOp(parent=self, op=GetStats(), key="stats",
                success=lambda stats: self._show_choices(stats or {})
                ).run_in_background(self.worker)

    def _show_choices(self, stats: dict[str, Any]) -> None:
        starter = stats.get("starter") if isinstance(stats, dict) else None
        if isinstance(starter, dict):
            count = (f"Installed now: {starter.get('articles', 0):,} articles "
                     f"({starter.get('bytes', 0) / 1e6:.0f} MB)")
        else:
            count = "Installed now" if stats else "Counting\u2026"
        held = [v for v in stats.values() if isinstance(v, dict) and v.get("attached")]
        attached = [str(v.get("title") or v.get("id")) for v in held]
        where = " ".join(f"{v.get('zim', '')} {v.get('id', '')}" for v in held)
        for key, (title, text) in CHOICES.items():
            body = text.format(starter=count)
            if key in (TOP, ALL) and (key in where or key.replace("_", "-") in where):
                body += " <b>Attached.</b>"
            self.choice_labels[key].setText(f"<b>{title}</b><br>{body}")
        if attached:
            self.choice_labels["starter"].setText(
                self.choice_labels["starter"].text()
                + "<br><i>Attached Kiwix files: " + escape(", ".join(attached)) + "</i>")

    def _on_setting(self, key: str) -> None:
        if key == "knowledge/online":
            self.online_box.setChecked(self.settings.online)
            self._update()

    def _update(self) -> None:
        online = self.settings.online
        idle = not self._running
        for b in (*self.buttons.values(), self.url_button):
            b.setEnabled(online and idle)
        self.url.setEnabled(online)
        self.sha256.setEnabled(online)
        self.catalogue.setEnabled(online)
        self.open_button.setEnabled(idle)
        self.offline_note.setVisible(not online)
        self.cancel_button.setEnabled(not idle)

    def _save_catalogue(self) -> None:
        text = self.catalogue.text().strip()
        if text != self.settings.kiwix_catalogue:
            self.settings.kiwix_catalogue = text
        self.catalogue.setText(self.settings.kiwix_catalogue)

    # ---------------------------------------------------------------- actions

    def _choose_zim(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open a Kiwix ZIM file", str(Path.home()),
            "Kiwix ZIM files (*.zim);;All files (*)")
        if path:
            self.attach(path)

    def attach(self, path: str) -> None:
        """Attach a ZIM in place (the worker indexes its names; progress shows here)."""
        self._start("attach", f"Attaching {path}\u2026")
        self._run(ZimTask("attach", path))

    def download_named(self, name: str) -> None:
        """Download the newest ``name`` from the Kiwix catalogue, then attach it."""
        if not self.settings.online:
            return
        self._save_catalogue()
        self._start("download", f"Asking the Kiwix catalogue for {name}\u2026")
        self._run(DownloadZim(folder=str(self.folder), catalogue=self.settings.kiwix_catalogue,
                              name=name))

    def download_url(self) -> None:
        """Download the ZIM at the address typed, then attach it."""
        url = self.url.text().strip()
        if not self.settings.online or not url:
            if not url:
                self.status.setText("Type the address of a .zim file first.")
            return
        self._start("download", f"Downloading {url}\u2026")
        self._run(DownloadZim(folder=str(self.folder), url=url,
                              sha256=self.sha256.text().strip()))

    def _start(self, task: str, text: str) -> None:
        self._running = task
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.status.setText(text)
        self._update()

    def _on_progress(self, p: TaskProgress) -> None:
        if not self._running or p.task not in ("download", "attach"):
            return
        self._running = p.task  # after the download, the worker attaches the file
        if p.total > 0:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * min(1.0, p.done / p.total)))
        else:
            self.progress.setRange(0, 0)
        self.status.setText(p.message)

    def _run(self, op: Operation) -> None:
        QueryOp(parent=self, op=op, success=self._on_finished).failure(
            self._on_failed).run_in_background(self.worker)

    def _on_finished(self, f: TaskFinished) -> None:
        """The download and attach (or the attach) ended, or was stopped."""
        self._end(f.message)

    def _on_failed(self, error: OperationFailed) -> None:
        self._end(f"{error.title}: {error.message}")

    def _end(self, text: str) -> None:
        self._running = ""
        self.progress.setVisible(False)
        self.status.setText(text)
        self._update()
        self.refresh()


def open_for(window: Any) -> KnowledgeDialog:
    """Show the main window's "Get more knowledge" dialog (made once)."""
    dialog = getattr(window, "_knowledge_dialog", None)
    if dialog is None:
        settings = getattr(window, "settings", None) or Settings()
        dialog = KnowledgeDialog(window.worker, settings, window)
        window._knowledge_dialog = dialog
    else:
        dialog.refresh()
    dialog.show()
    dialog.raise_()
    return dialog
