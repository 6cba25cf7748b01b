"""The knowledge-base window: counts, search, an article, import, rebuild, attribution.

Every question goes to the worker thread (which owns the database connection);
imports and the rebuild report progress here and can be cancelled. Kiwix ZIMs
attached in place are listed with their state, link priors and credit; attaching one
starts the worker's index build (progress here, Cancel pauses it, Resume goes on), and
"Count link priors" the optional pass over an indexed one's links (the same way; once
they are counted, "Count link priors again" asks, then counts them anew while the old
ones stay in use). A ZIM is shown by its title (its Title metadata); its id is the key.
"""

from __future__ import annotations

import time
from html import escape
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from glossator.core.models import Article
from glossator.gui.messages import KNOWLEDGE_TASKS, Choice, TaskFinished, TaskProgress
from glossator.gui.operations import (
    CountLinks,
    GetArticle,
    GetStats,
    ImportFile,
    Operation,
    OperationFailed,
    QueryOp,
    RebuildStarter,
    Search,
    ZimTask,
)
from glossator.gui.worker import WorkerThread

ATTRIBUTION = (
    "The starter pack and every summary fetched online are text from Wikipedia, by "
    "Wikipedia's contributors, under the Creative Commons Attribution-ShareAlike 4.0 licence "
    "(CC BY-SA 4.0). Each summary is shown with a link to its article. Files you import keep "
    "the licence of their source; Kiwix ZIM files of Wikipedia are CC BY-SA as well. An "
    "attached Kiwix file's credit shows when you point at it in the list."
)


LAYER_NAMES = {"user": "your knowledge base", "starter": "the starter pack"}


def article_html(article: Article, layer_names: dict[str, str] | None = None) -> str:
    """An article as shown in the knowledge-base window.

    ``layer_names``: the names of the layers a reader knows (an attached ZIM's title for
    its layer "zim:<id>"), beside ``LAYER_NAMES``.
    """
    layer = {**LAYER_NAMES, **(layer_names or {})}.get(article.layer, article.layer)
    return (
        f"<h2>{escape(article.title)}</h2>"
        f"<p><i>{escape(article.description)}</i></p>"
        f"<p>{escape(article.extract)}</p>"
        f"<p><small>Layer: {escape(layer)} &middot; fetched "
        f"{escape(article.fetched_at[:10])} &middot; {escape(article.license)}<br>"
        f"{escape(article.attribution)}</small></p>"
    )


def stats_text(stats: dict[str, Any]) -> str:
    """One line per layer: articles and names (attached ZIMs are listed apart)."""
    if "error" in stats:
        return str(stats["error"])
    lines = []
    names = {"user": "Your knowledge base", "starter": "Starter pack"}
    for layer, counts in stats.items():
        if not isinstance(counts, dict) or counts.get("attached"):
            continue
        lines.append(f"{names.get(layer, layer)}: {_count(counts.get('articles', 0), 'article')}, "
                     f"{_count(counts.get('aliases', 0), 'name')} "
                     f"({counts.get('bytes', 0) / 1e6:.1f} MB)")
    return "\n".join(lines) or "No knowledge base is open."


ZIM_STATES = {"indexed": "indexed", "missing": "the file is not there (moved or on a "
              "drive not connected): names only"}


COUNT_LINKS = "Count link priors"
GO_ON_COUNTING = "Go on counting link priors"
COUNT_AGAIN = "Count link priors again"
RECOUNT_NOTE = (
    "Every article of the file is read again: about as long as the first count took. "
    "The link priors counted before stay in use until the new count is finished, and "
    "then the new ones take their place all at once. Cancel pauses the new count (the "
    "old priors are still used) and \u201cGo on counting link priors\u201d continues it.\n\n"
    "A newer download of the ZIM is another file: attach it, and detach this one.")


def links_text(links: dict[str, Any]) -> str:
    """A ZIM's link priors (``link_priors.link_state``) in a few words."""
    state = links.get("state", "none")
    if state == "done":
        return f"link priors: {_count(links.get('names', 0), 'name')}"
    if state in ("counting", "finishing"):
        if links.get("recount"):
            return (f"link priors {100 * links.get('fraction', 0.0):.0f}% counted again "
                    "(the old ones in use)")
        return f"link priors {100 * links.get('fraction', 0.0):.0f}% counted"
    return "no link priors"


def attached_text(counts: dict[str, Any]) -> str:
    """One attached ZIM in the list: its title, names, state, link priors and file."""
    state = ZIM_STATES.get(counts.get("state", ""),
                           f"indexing, {100 * counts.get('fraction', 0):.0f}% done")
    links = f" \u00b7 {links_text(counts.get('link_priors') or {})}" \
        if counts.get("state") == "indexed" else ""
    return (f"{counts.get('title') or counts.get('id')} \u2014 "
            f"{_count(counts.get('aliases', 0), 'name')} of "
            f"{_count(counts.get('articles', 0), 'article')}, {state}{links}\n"
            f"{counts.get('zim', '')} ({counts.get('bytes', 0) / 1e6:.1f} MB index)")


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


class KBWindow(QDialog):
    """A non-modal window over the knowledge base."""

    def __init__(self, worker: WorkerThread, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Knowledge base")
        self.setAccessibleName("Knowledge base")
        self.resize(820, 560)
        self.worker = worker
        self._requests: dict[int, str] = {}
        self._shown_title = ""  # the article in the preview (asked again after an import)
        lay = QVBoxLayout(self)
        self.counts = QLabel("Counting…")
        self.counts.setAccessibleName("Knowledge base counts")
        lay.addWidget(self.counts)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search titles, descriptions and summaries…")
        self.search.setAccessibleName("Search the knowledge base")
        self.search.setClearButtonEnabled(True)
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self._do_search)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self._do_search)
        lay.addWidget(self.search)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.results = QListWidget()
        self.results.setAccessibleName("Search results")
        self.results.setWordWrap(True)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.currentItemChanged.connect(self._show_selected)
        self.article = QTextBrowser()
        self.article.setAccessibleName("Article")
        self.article.setOpenExternalLinks(False)
        split.addWidget(self.results)
        split.addWidget(self.article)
        split.setSizes([300, 500])
        lay.addWidget(split, 1)
        zim_row = QHBoxLayout()
        self.attached = QListWidget()
        self.attached.setAccessibleName("Attached Kiwix files")
        self.attached.setMaximumHeight(84)
        # Lines wrap in the width the buttons leave (no sideways scrolling).
        self.attached.setWordWrap(True)
        self.attached.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.attached.currentItemChanged.connect(lambda *_a: self._attached_buttons())
        zim_row.addWidget(self.attached, 1)
        zim_buttons = QVBoxLayout()
        self.attach_button = QPushButton("Attach a Kiwix ZIM…")
        self.attach_button.setToolTip("Use a Kiwix ZIM file where it is: its names are "
                                      "indexed here, its text is read from the file")
        self.attach_button.clicked.connect(self._choose_attach)
        self.resume_button = QPushButton("Resume indexing")
        self.resume_button.clicked.connect(self._resume)
        self.links_button = QPushButton(COUNT_LINKS)
        self.links_button.setToolTip(
            "Optional, after the names are indexed: read the selected file's articles once "
            "and count which article each linked name leads to, so a name with several "
            "articles gets the one Wikipedia's own links mean most often. Cancel pauses; "
            "this button goes on. Once counted, it counts them again (the old ones stay "
            "in use until the new count is finished).")
        self.links_button.clicked.connect(self._count_links)
        self.detach_button = QPushButton("Detach")
        self.detach_button.setToolTip("Stop using the selected file (its index is removed, "
                                      "the file is kept)")
        self.detach_button.clicked.connect(self._detach)
        self.more_button = QPushButton("Get more knowledge…")
        self.more_button.setToolTip("The choices (a Kiwix ZIM of Wikipedia, online look-ups) "
                                    "with their sizes; open or download a ZIM")
        self.more_button.clicked.connect(self._get_more)
        # One width for the column, whatever the link button says (the list kept moving).
        width = 0
        for text in (GO_ON_COUNTING, COUNT_AGAIN, COUNT_LINKS):
            self.links_button.setText(text)
            width = max(width, *(b.sizeHint().width() for b in (
                self.attach_button, self.resume_button, self.links_button,
                self.detach_button, self.more_button)))
        self.recount_box: QMessageBox | None = None
        self._layer_names: dict[str, str] = {}
        for b in (self.attach_button, self.resume_button, self.links_button,
                  self.detach_button, self.more_button):
            b.setAccessibleName(b.text())
            b.setAutoDefault(False)
            b.setDefault(False)
            b.setMinimumWidth(width)
            zim_buttons.addWidget(b)
        zim_row.addLayout(zim_buttons)
        lay.addLayout(zim_row)
        row = QHBoxLayout()
        self.import_button = QPushButton("Import a JSONL or ZIM file…")
        self.import_button.clicked.connect(self._choose_import)
        self.rebuild_button = QPushButton("Rebuild the starter pack")
        self.rebuild_button.clicked.connect(self._rebuild)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.worker.worker.cancel_task)
        self.cancel_button.setEnabled(False)
        for b in (self.import_button, self.rebuild_button, self.cancel_button):
            b.setAccessibleName(b.text())
            # Enter belongs to the search box: no button is the dialog's default.
            b.setAutoDefault(False)
            b.setDefault(False)
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Task progress")
        self.progress.setVisible(False)
        self.task_label = QLabel("")
        self.task_label.setWordWrap(True)
        lay.addWidget(self.progress)
        lay.addWidget(self.task_label)
        attribution = QLabel(ATTRIBUTION)
        attribution.setWordWrap(True)
        attribution.setObjectName("panelMeta")
        attribution.setAccessibleName("Attribution")
        lay.addWidget(attribution)
        w = worker.worker
        w.taskProgress.connect(self._on_progress)
        w.taskFinished.connect(self._on_any_finished)
        self._busy_now = False
        self._counts_asked = 0.0
        self._attached_buttons()
        self.refresh_counts()

    def refresh_counts(self) -> None:
        """Ask for the counts again."""
        QueryOp(parent=self, op=GetStats(), key="stats", success=self._show_stats
                ).run_in_background(self.worker)

    def _show_stats(self, stats: dict[str, Any]) -> None:
        self.counts.setText(stats_text(stats))
        self._show_attached(stats)

    def _do_search(self) -> None:
        query = self.search.text().strip()
        if query:
            QueryOp(parent=self, op=Search(query), key="search",
                    success=lambda found: self._show_results(query, found)
                    ).failure(lambda e: self._show_results(query, [])
                              ).run_in_background(self.worker)
        else:
            self.results.clear()

    def show_title(self, title: str) -> None:
        """Show one article."""
        self._shown_title = title
        QueryOp(parent=self, op=GetArticle(title), key="article",
                success=lambda article: self._show_article(title, article)
                ).failure(lambda e: self._show_article(title, None)
                          ).run_in_background(self.worker)

    def refresh(self) -> None:
        """Ask again for the counts, the search results and the article shown."""
        self.refresh_counts()
        if self.search.text().strip():
            self._do_search()
        if self._shown_title:
            self.show_title(self._shown_title)

    def _show_selected(self, item: QListWidgetItem | None) -> None:
        if item is not None and item.data(Qt.ItemDataRole.UserRole):
            self.show_title(item.data(Qt.ItemDataRole.UserRole))

    def _show_results(self, query: str, found: list[Choice]) -> None:
        if query != self.search.text().strip():
            return  # an older query
        self.results.clear()
        for c in found:
            item = QListWidgetItem(c.title + (f" \u2014 {c.description}"
                                              if c.description else ""))
            item.setData(Qt.ItemDataRole.UserRole, c.title)
            self.results.addItem(item)
            if c.title == self._shown_title:  # keep the article shown selected
                with QSignalBlocker(self.results):
                    self.results.setCurrentItem(item)
        if not found:
            self.results.addItem("Nothing found.")

    def _show_article(self, title: str, article: Any) -> None:
        if title != self._shown_title:
            return  # an article asked for before another
        if article is None:
            self.article.setPlainText(f"{title} is not in the knowledge base.")
        else:
            self.article.setHtml(article_html(article, self._layer_names))

    def _show_attached(self, stats: dict[str, Any]) -> None:
        held = self._selected_zim()
        with QSignalBlocker(self.attached):
            self.attached.clear()
            for counts in stats.values():
                if not isinstance(counts, dict) or not counts.get("attached"):
                    continue
                title = counts.get("title") or counts.get("id") or ""
                self._layer_names[f"zim:{counts.get('id')}"] = f"{title} (Kiwix file)"
                item = QListWidgetItem(attached_text(counts))
                item.setData(Qt.ItemDataRole.UserRole + 3, title)
                item.setData(Qt.ItemDataRole.UserRole + 4,
                             bool((counts.get("link_priors") or {}).get("recount")))
                item.setData(Qt.ItemDataRole.UserRole, counts.get("id"))
                item.setData(Qt.ItemDataRole.UserRole + 1, counts.get("state"))
                item.setData(Qt.ItemDataRole.UserRole + 2,
                             (counts.get("link_priors") or {}).get("state", "none"))
                item.setToolTip(counts.get("attribution", ""))
                self.attached.addItem(item)
                if counts.get("id") == held:
                    self.attached.setCurrentItem(item)
            if not held and self.attached.count() == 1:
                self.attached.setCurrentRow(0)  # the only file: its buttons are ready
            if not self.attached.count():
                self.attached.addItem("No Kiwix file attached. A ZIM of Wikipedia (such as "
                                      "wikipedia_en_all_mini) explains nearly every name.")
        self._attached_buttons()

    def _selected_zim(self) -> str:
        item = self.attached.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) or "" if item is not None else ""

    def _selected_title(self) -> str:
        """The selected ZIM's title (its Title metadata, else its file name)."""
        item = self.attached.currentItem()
        if item is None:
            return ""
        return item.data(Qt.ItemDataRole.UserRole + 3) or self._selected_zim()

    def _attached_buttons(self) -> None:
        item = self.attached.currentItem()
        zim = self._selected_zim()
        state = item.data(Qt.ItemDataRole.UserRole + 1) if zim else ""
        self.attach_button.setEnabled(not self._busy_now)
        self.detach_button.setEnabled(bool(zim) and not self._busy_now)
        self.resume_button.setEnabled(state == "indexing" and not self._busy_now)
        links = item.data(Qt.ItemDataRole.UserRole + 2) if zim else ""
        self.links_button.setEnabled(state == "indexed" and not self._busy_now)
        again = links == "done" or bool(zim and item.data(Qt.ItemDataRole.UserRole + 4))
        if links in ("counting", "finishing") and not self._busy_now:
            self.links_button.setText(GO_ON_COUNTING)
        else:  # (while a count runs, what it is)
            self.links_button.setText(COUNT_AGAIN if again else COUNT_LINKS)
        self.links_button.setAccessibleName(self.links_button.text())

    def _get_more(self) -> None:
        from glossator.gui.knowledge import open_for

        open_for(self.parentWidget() or self)

    def _choose_attach(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Attach a Kiwix ZIM file", "", "Kiwix ZIM files (*.zim);;All files (*)")
        if path:
            self.attach_zim(path)

    def attach_zim(self, path: str) -> None:
        """Attach a ZIM and index its names (progress shows here)."""
        self._busy(True, f"Attaching {path}…")
        self._run_task(ZimTask("attach", path))

    def _resume(self) -> None:
        zim = self._selected_zim()
        if zim:
            self._busy(True, f"Indexing {self._selected_title()}\u2026")
            self._run_task(ZimTask("resume", zim))

    def _count_links(self) -> None:
        zim = self._selected_zim()
        if not zim:
            return
        item = self.attached.currentItem()
        if item.data(Qt.ItemDataRole.UserRole + 2) == "done":
            self._confirm_recount(zim, self._selected_title())
        else:
            self.count_links(zim, title=self._selected_title())

    def _confirm_recount(self, zim: str, title: str) -> None:
        """Ask before counting finished link priors again (window-modal, not blocking)."""
        box = QMessageBox(QMessageBox.Icon.Question, COUNT_AGAIN,
                          f"Count the link priors of {title} again?",
                          QMessageBox.StandardButton.Cancel, self)
        box.setInformativeText(RECOUNT_NOTE)
        box.setAccessibleName(COUNT_AGAIN)
        go = box.addButton("Count again", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(go)
        go.clicked.connect(lambda: self.count_links(zim, title=title, recount=True))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(lambda *_a: setattr(self, "recount_box", None))
        self.recount_box = box
        box.open()

    def count_links(self, zim: str, *, title: str = "", recount: bool = False) -> None:
        """Count an attached ZIM's link priors (progress shows here; Cancel pauses).

        ``recount``: count them again although they are done (the old ones stay in use
        until the new count is finished).
        """
        again = " again" if recount else ""
        self._busy(True, f"Counting the links of {title or zim}{again}\u2026")
        self._run_task(CountLinks(zim, recount=recount))

    def _detach(self) -> None:
        zim = self._selected_zim()
        if zim:
            self._busy(True, f"Detaching {self._selected_title()}\u2026")
            self._run_task(ZimTask("detach", zim))

    def _choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import summaries", "",
            "Wikipedia summaries (*.jsonl *.json *.zim *.jsonl.gz);;All files (*)")
        if path:
            self.start_import(path)

    def start_import(self, path: str) -> None:
        """Import a file (progress shows here)."""
        self._busy(True, f"Importing {path}…")
        self._run_task(ImportFile(path))

    def _rebuild(self) -> None:
        self._busy(True, "Rebuilding the starter pack…")
        self._run_task(RebuildStarter())

    def _busy(self, busy: bool, text: str) -> None:
        self._busy_now = busy
        self._attached_buttons()
        self.import_button.setEnabled(not busy)
        self.rebuild_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.progress.setVisible(busy)
        self.progress.setRange(0, 0)
        self.task_label.setText(text)

    def _on_progress(self, p: TaskProgress) -> None:
        if p.task not in KNOWLEDGE_TASKS:
            return
        if p.task in ("attach", "links") and time.monotonic() - self._counts_asked > 2.0:
            self._counts_asked = time.monotonic()  # the list shows the index growing
            self.refresh_counts()
        if p.total > 0:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * min(1.0, p.done / p.total)))
        self.task_label.setText(p.message)

    def _on_any_finished(self, f: TaskFinished) -> None:
        """A task started elsewhere (the knowledge dialog) changed the counts too."""
        if f.task in KNOWLEDGE_TASKS and not self._busy_now:
            self.refresh()

    def _run_task(self, op: Operation) -> None:
        QueryOp(parent=self, op=op, success=self._on_finished
                ).failure(self._on_failed).run_in_background(self.worker)

    def _on_finished(self, f: TaskFinished) -> None:
        self._busy(False, f.message)
        self.refresh()

    def _on_failed(self, error: OperationFailed) -> None:
        from glossator.gui.dialogs import show_error

        self._busy(False, error.message)
        show_error(self, error.title, error.message)
        self.refresh()
