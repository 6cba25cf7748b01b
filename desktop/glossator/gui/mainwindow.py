"""The main window: the reader, the side panel, who's who, menus and the status bar.

It wires widgets to the worker thread and keeps the open document's state. The
text is shown as soon as it is loaded; underlines follow as the worker reports
each chunk. Nothing here blocks: loads run on a helper thread, analysis and
every knowledge-base question on the worker.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QPoint, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from glossator import paths
from glossator.core.documents.model import Document
from glossator.core.models import Article
from glossator.core.nlp.types import Annotation, Entity, Mention
from glossator.core.reading.corrections import (
    EVERY_DOCUMENT,
    Correction,
    CorrectionStore,
    links,
)
from glossator.gui import corrections as fixes
from glossator.gui import loader
from glossator.gui.contents import ContentsDock
from glossator.gui.dialogs import SettingsDialog, show_about, show_error
from glossator.gui.docstate import DocState, document_key, entity_key, group_of
from glossator.gui.explain import card_for, hint_remedy, unsure
from glossator.gui.findbar import FindBar
from glossator.gui.hovercard import HoverCard
from glossator.gui.messages import (
    KNOWLEDGE_TASKS,
    AnnotationFinished,
    AnnotationPart,
    EngineStatus,
    TaskFinished,
    TaskProgress,
)
from glossator.gui.navigation import NavigationHistory
from glossator.gui.operations import (
    FetchMissing,
    FindChoices,
    ForgetChoice,
    GetArticle,
    OperationFailed,
    QueryOp,
    RememberChoice,
    Search,
)
from glossator.gui.reader import ReaderView, Style
from glossator.gui.settings import DENSITIES, DENSITY_LABELS, THEMES, Settings
from glossator.gui.sidepanel import SidePanel
from glossator.gui.themes import Theme, apply_theme, load_theme
from glossator.gui.underlines import shows, underline_style
from glossator.gui.whoswho import WhosWho
from glossator.gui.worker import WorkerThread

FILE_FILTER = ("Documents (*.txt *.md *.markdown *.html *.htm *.pdf *.epub *.docx);;"
               "All files (*)")
FAILED_LOAD_MS = 10_000  # how long "Could not open …" stays in the status bar
POSITION_SAVE_MS = 800  # the reading position is written this long after scrolling stops
READ_SETTLE_MS = 300  # how far the reader has read is measured when scrolling pauses
ATTACH_ZIM = "Attach a Kiwix ZIM\u2026"  # the knowledge window's button (gui/kbwindow.py)
MISSING_NAMES_SHOWN = 12  # in the tooltip of the coverage line


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


class _Reader(ReaderView):
    """The reader with its text column centred in the window, not in the space left.

    Opening the explanation panel (or who's who) narrows the reader; a column centred
    in the reader would jump sideways by half the panel's width. It stays where it was
    as long as it fits beside the panel, and moves only as far as it must.
    """

    _placing = False

    def _update_margins(self) -> None:
        # New margins resize the viewport, which calls this again: once is enough.
        if self._placing:
            return
        self._placing = True
        try:
            # The reader sets the margins of a centred column, unless its left margin
            # is already that wide: either way the left one is now the centred column's.
            super()._update_margins()
            margins = self.viewportMargins()
            free = 2 * margins.left()  # the room beside the column
            window = self.window()
            if free <= 0 or window is self:
                return
            x = self.mapTo(window, QPoint(0, 0)).x()
            before, after = x, window.width() - x - self.width()  # side panels' room
            left = max(0, min(free, (free + before + after) // 2 - before))
            if (left, free - left) != (margins.left(), margins.right()):
                self.setViewportMargins(left, margins.top(), free - left, margins.bottom())
        finally:
            self._placing = False


class MainWindow(QMainWindow):
    """One reading window."""

    documentShown = Signal()  # the text is on screen
    annotationDone = Signal()  # the worker finished (or could not run) the analysis
    engineReady = Signal(object)  # EngineStatus

    def _fit_to_screen(self, width: int, height: int) -> None:
        """Start at a comfortable size that never spills off a small screen."""
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            width = min(width, int(area.width() * 0.95))
            height = min(height, int(area.height() * 0.92))
        self.resize(width, height)

    def __init__(self, settings: Settings, worker: WorkerThread | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.setWindowTitle("Glossator")
        self.setAcceptDrops(True)
        self._fit_to_screen(1200, 820)
        self.worker = worker or WorkerThread()
        self.state: DocState | None = None
        self.status = EngineStatus(ready=False, message="Loading the language model…")
        self.last_error: str | None = None
        self.theme: Theme = load_theme(settings.theme)
        self._known = settings.known
        self._pending_annotation = False
        self._shown = 0  # counts the documents shown: answers for an earlier one are dropped
        self._kb_window = None
        self.history = NavigationHistory()
        self._doc_key: str | None = None
        self._furthest = 0  # how far the reader has read the open document (an offset)
        self._done_text = ""  # the status line of the finished analysis (coverage)
        self._seconds = 0.0  # how long that analysis took
        self._find_pushed = False  # this find session's jump is already in the history
        # What the analysis sent (``state`` is it with the reader's corrections applied).
        self._raw: DocState | None = None
        self._corrections: list[Correction] = []
        # Where each action's corrections were kept (this document or every one), for Undo.
        self._undo_keys: list[list[str]] = []
        self._store: CorrectionStore | None = None
        self._build_widgets()
        self._build_menus()
        self._build_status_bar()
        self._connect_worker()
        self.settings.changed.connect(self._on_setting)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_system_scheme)
        self.apply_appearance()
        geometry, state = settings.window_state()
        if isinstance(geometry, QByteArray | bytes):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray | bytes):
            self.restoreState(state)

    # ---------------------------------------------------------------- layout

    def _build_widgets(self) -> None:
        self.reader = _Reader()
        self.reader.set_style_function(self._style_of)
        self.find_bar = FindBar()
        central = QWidget()
        lay = QVBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.reader, 1)
        lay.addWidget(self.find_bar)
        self.setCentralWidget(central)
        self.card = HoverCard(self)
        self.panel = SidePanel()
        self.panel.set_online(self.settings.online)
        self.panel_dock = QDockWidget("Explanation", self)
        self.panel_dock.setObjectName("explanationDock")
        self.panel_dock.setWidget(self.panel)
        self.panel_dock.setMinimumWidth(320)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel_dock)
        self.whos_who = WhosWho()
        self.whos_dock = QDockWidget("Who's who", self)
        self.whos_dock.setObjectName("whosWhoDock")
        self.whos_dock.setWidget(self.whos_who)
        self.whos_dock.setMinimumWidth(300)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.whos_dock)
        self.contents_dock = ContentsDock(self.reader, self)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.contents_dock)
        self.contents_dock.pane.jumpRequested.connect(self.go_to_offset)
        self.panel_dock.hide()
        self.whos_dock.hide()
        self.contents_dock.hide()

        self.reader.mentionHovered.connect(self._on_hover)
        self.reader.mentionActivated.connect(self.explain)
        self.reader.focusedMention.connect(self._on_focus)
        self.reader.escapePressed.connect(self.close_panels)
        self.reader.verticalScrollBar().valueChanged.connect(self._on_scroll)
        self._scroll_timer = QTimer(self, singleShot=True, interval=250)
        self._scroll_timer.timeout.connect(self._tell_reading_position)
        self._position_timer = QTimer(self, singleShot=True, interval=POSITION_SAVE_MS)
        self._position_timer.timeout.connect(self.save_position)
        self._read_timer = QTimer(self, singleShot=True, interval=READ_SETTLE_MS)
        self._read_timer.timeout.connect(self._advance_reading)
        self.reader.verticalScrollBar().rangeChanged.connect(self._update_progress)
        self.find_bar.changed.connect(self._on_find_results)
        self.find_bar.closed.connect(self.reader.setFocus)
        self.panel.mentionChosen.connect(self.jump_to)
        self.panel.entityLinkActivated.connect(self._show_entity_id)
        self.panel.choicesWanted.connect(self._want_choices)
        self.panel.searchWanted.connect(self._want_search)
        self.panel.choiceMade.connect(self.choose_article)
        self.panel.articleWanted.connect(self._preview_article)
        self.panel.knownToggled.connect(self.set_known)
        self.panel.openInBrowser.connect(self._open_url_in_browser)
        self.panel.fetchQueued.connect(self._queue_fetch)
        self.whos_who.jumpRequested.connect(self.jump_to)
        self.whos_who.entityActivated.connect(self._show_entity)
        self.panel.correctionWanted.connect(self._correct_panel)
        self.whos_who.correctionWanted.connect(self._correct_entity)
        self.reader.correctionWanted.connect(self._correct_mention)
        self.reader.lookUpWanted.connect(self.look_up)
        self.reader.contextMenuOpened.connect(self.card.dismiss)

    def _action(self, text: str, slot: object, shortcut: object = None, *,
                checkable: bool = False, tip: str = "") -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.setCheckable(checkable)
        if tip:
            act.setStatusTip(tip)
        act.triggered.connect(slot)
        self.addAction(act)
        return act

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        self.open_action = self._action("&Open…", self.choose_file,
                                        QKeySequence.StandardKey.Open)
        file.addAction(self.open_action)
        self.url_action = self._action("Open &web page…", self.choose_url, "Ctrl+L",
                                       tip="Needs internet look-ups to be allowed")
        file.addAction(self.url_action)
        file.addAction(self._action("&Paste as a document", self.paste, "Ctrl+Shift+V"))
        self.recent_menu = file.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file.addSeparator()
        self.export_html_action = self._action("Export as &HTML page…", self.export_html)
        self.export_md_action = self._action("Export &glossary (Markdown)…", self.export_glossary)
        self.export_notes_action = self._action("Export &notes (Markdown)\u2026",
                                                self.export_notes,
                                                tip="The links you chose, the names you know "
                                                "and your corrections")
        file.addAction(self.export_html_action)
        file.addAction(self.export_md_action)
        file.addAction(self.export_notes_action)
        file.addSeparator()
        file.addAction(self._action("&Quit", self.close, QKeySequence.StandardKey.Quit))

        edit = bar.addMenu("&Edit")
        # Ctrl+Z when the text has the focus (a search box keeps its own undo).
        self.undo_correction_action = QAction(fixes.UNDO, self)
        self.undo_correction_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_correction_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.undo_correction_action.triggered.connect(self.undo_correction)
        self.reader.addAction(self.undo_correction_action)
        edit.addAction(self.undo_correction_action)
        self.look_up_action = QAction("&Look up the selection", self)
        self.look_up_action.setShortcut(QKeySequence("Ctrl+D"))
        self.look_up_action.setStatusTip("Search the knowledge base for the selected words")
        self.look_up_action.triggered.connect(lambda: self.look_up(self.reader.selected_words()))
        self.reader.addAction(self.look_up_action)
        self.look_up_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        edit.addAction(self.look_up_action)
        edit.addSeparator()
        self.find_action = self._action("&Find in text…", self.open_find,
                                        QKeySequence.StandardKey.Find)
        edit.addAction(self.find_action)
        edit.addAction(self._action("Find &next", self.find_bar.next,
                                    QKeySequence.StandardKey.FindNext))
        edit.addSeparator()
        edit.addAction(self._action("&Settings…", self.open_settings, "Ctrl+,"))

        view = bar.addMenu("&View")
        self.bigger_action = self._action("&Bigger text", lambda: self.zoom(1),
                                          QKeySequence.StandardKey.ZoomIn)
        self.smaller_action = self._action("&Smaller text", lambda: self.zoom(-1),
                                           QKeySequence.StandardKey.ZoomOut)
        view.addAction(self.bigger_action)
        view.addAction(self.smaller_action)
        view.addAction(self._action("&Normal size", lambda: self.zoom(0), "Ctrl+0"))
        view.addSeparator()
        theme_menu = view.addMenu("&Theme")
        self.theme_group = QActionGroup(self)
        labels = {"system": "Follow the system", "light": "Light", "dark": "Dark",
                  "sepia": "Sepia"}
        for key in THEMES:
            act = QAction(labels[key], self, checkable=True)
            act.setData(key)
            act.setChecked(key == self.settings.theme)
            act.triggered.connect(lambda _c=False, k=key: setattr(self.settings, "theme", k))
            self.theme_group.addAction(act)
            theme_menu.addAction(act)
        density_menu = view.addMenu("&Underline")
        self.density_group = QActionGroup(self)
        for key in DENSITIES:
            act = QAction(DENSITY_LABELS[key], self, checkable=True)
            act.setData(key)
            act.setChecked(key == self.settings.density)
            act.triggered.connect(lambda _c=False, k=key: setattr(self.settings, "density", k))
            self.density_group.addAction(act)
            density_menu.addAction(act)
        view.addSeparator()
        self.spoiler_action = self._action(
            "S&poiler-safe reading", lambda c: setattr(self.settings, "spoiler_safe", c),
            checkable=True, tip="Who's who, cards and the panel show only what the text has "
            "said up to how far you have read")
        self.spoiler_action.setChecked(self.settings.spoiler_safe)
        view.addAction(self.spoiler_action)
        self.read_here_action = self._action(
            "&Read only up to here", self.read_only_to_here,
            tip="Spoiler-safe reading: count the text as read up to the bottom of the screen "
            "(after a jump too far)")
        view.addAction(self.read_here_action)
        view.addSeparator()
        who = self.whos_dock.toggleViewAction()
        who.setText("&Who's who")
        who.setShortcut(QKeySequence("Ctrl+Shift+W"))
        view.addAction(who)
        panel = self.panel_dock.toggleViewAction()
        panel.setText("&Explanation panel")
        panel.setShortcut(QKeySequence("Ctrl+Shift+E"))
        view.addAction(panel)
        contents = self.contents_dock.toggleViewAction()
        contents.setText("&Contents")
        contents.setShortcut(QKeySequence("Ctrl+Shift+C"))
        contents.setStatusTip("The table of contents: chapters and headings")
        view.addAction(contents)
        self.toolbar_view_action = view.addAction("&Toolbar")  # bound in _build_toolbar

        go = bar.addMenu("&Go")
        self.back_action = self._action("&Back", self.go_back, QKeySequence.StandardKey.Back,
                                        tip="Back to where you were before the last jump")
        self.forward_action = self._action("&Forward", self.go_forward,
                                           QKeySequence.StandardKey.Forward,
                                           tip="Forward again, after Back")
        go.addAction(self.back_action)
        go.addAction(self.forward_action)
        go.addSeparator()
        go.addAction(self._action("&Next underline (or Tab)", lambda: self._move(1), "Alt+Down"))
        go.addAction(self._action("&Previous underline (or Shift+Tab)", lambda: self._move(-1),
                                  "Alt+Up"))
        go.addAction(self._action("&Explain the focused name (Enter)", self._explain_focused))
        go.addAction(self._action("&Close panels", self.close_panels, "Esc"))
        go.addSeparator()
        go.addAction(self._action("Next &pane", lambda: self.cycle_pane(1), "F6",
                                  tip="The text, the panels, the find bar, the toolbar"))
        go.addAction(self._action("Previous p&ane", lambda: self.cycle_pane(-1), "Shift+F6"))

        kb = bar.addMenu("&Knowledge")
        self.online_action = self._action("&Allow internet look-ups",
                                          lambda c: setattr(self.settings, "online", c),
                                          checkable=True)
        self.online_action.setChecked(self.settings.online)
        kb.addAction(self.online_action)
        self.offline_action = self._action("Make this document available &offline",
                                           self.make_offline)
        kb.addAction(self.offline_action)
        kb.addAction(self._action("&Analyse again", self.reannotate, "F5"))
        kb.addSeparator()
        self.kb_window_action = self._action("&Knowledge base…", self.open_kb_window, "Ctrl+K")
        kb.addAction(self.kb_window_action)

        def get_knowledge() -> None:  # the choices, a ZIM opened or downloaded (issue 14)
            from glossator.gui.knowledge import open_for

            open_for(self)

        self.get_knowledge_action = self._action("&Get more knowledge…", get_knowledge)
        kb.addAction(self.get_knowledge_action)
        self.kb_menu = kb

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self._action("&Welcome", self.show_welcome,
                                         QKeySequence.StandardKey.HelpContents))
        help_menu.addAction(self._action("&Underlines legend", self.show_legend))
        self.shortcuts_action = self._action("&Keyboard shortcuts", self.show_shortcuts,
                                             "Ctrl+/")
        help_menu.addAction(self.shortcuts_action)
        help_menu.addSeparator()
        help_menu.addAction(self._action("&About Glossator", self.about))
        self._update_actions()
        self._update_nav_actions()
        self._build_toolbar()
        self._give_missing_hints()

    def _menu_path(self, *actions: QAction) -> str:
        """"Knowledge ▸ Allow internet look-ups", from the menu's and actions' own texts."""
        menu = self.kb_menu.title().replace("&", "")
        return " \u25b8 ".join([menu, *(a.text().replace("&", "") for a in actions)])

    def missing_hints(self) -> tuple[str, str]:
        """What would explain a name the knowledge base lacks: (offline, online) words."""
        zim = f"{self._menu_path(self.kb_window_action)} \u25b8 {ATTACH_ZIM}"
        go_online = self._menu_path(self.online_action)
        fetch_all = self._menu_path(self.offline_action)
        offline = (f"Not in your knowledge: attach a Wikipedia ZIM ({zim}) or go online once "
                   f"({go_online}, then {fetch_all}).")
        online = (f"Not in your knowledge: fetch it now, fetch every missing name "
                  f"({fetch_all}), or attach a Wikipedia ZIM ({zim}).")
        return offline, online

    def _give_missing_hints(self) -> None:
        offline, online = self.missing_hints()
        self.panel.set_missing_hints(offline, online)
        self.whos_who.missing_hint = online if self.settings.online else offline

    def _build_toolbar(self) -> None:
        from glossator.gui.toolbar import SP, ReadingToolBar, themed_icon

        tb = self.toolbar = ReadingToolBar(self)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, tb)
        tb.add(self.open_action, "Open", "Open a document",
               icon=themed_icon(("document-open",), SP.SP_DialogOpenButton),
               accessible="Open a document")
        tb.addSeparator()
        tb.add(self.back_action, "Back", "Back to where you were before the jump",
               icon=themed_icon(("go-previous",), SP.SP_ArrowBack))
        tb.add(self.forward_action, "Forward", "Forward again",
               icon=themed_icon(("go-next",), SP.SP_ArrowForward))
        tb.add(self.find_action, "Find", "Find in the text",
               icon=themed_icon(("edit-find",)), accessible="Find in the text")
        tb.addSeparator()
        tb.add(self.smaller_action, "A−", "Smaller text",
               icon=themed_icon(("zoom-out",)), accessible="Smaller text")
        tb.add(self.bigger_action, "A+", "Bigger text",
               icon=themed_icon(("zoom-in",)), accessible="Bigger text")
        tb.add_density(self.density_group, self.settings.density)
        tb.addSeparator()
        self.online_toggle = QAction("Online", self, checkable=True)
        self.online_toggle.triggered.connect(lambda c: setattr(self.settings, "online", c))
        self.online_button = tb.add(self.online_toggle, "Offline", "Internet look-ups")
        tb.addSeparator()
        who = self.whos_dock.toggleViewAction()
        tb.add(who, "Who's who", "Show or hide who's who: every name in the text",
               icon=themed_icon(("view-list-details",), SP.SP_FileDialogDetailedView),
               accessible="Who's who panel")
        panel = self.panel_dock.toggleViewAction()
        tb.add(panel, "Explanation", "Show or hide the explanation panel",
               icon=themed_icon(("help-about",), SP.SP_FileDialogInfoView),
               accessible="Explanation panel")
        tb.add(self.contents_dock.toggleViewAction(), "Contents",
               "Show or hide the table of contents",
               icon=themed_icon(("view-table-of-contents-ltr", "format-list-unordered"),
                                SP.SP_FileDialogContentsView),
               accessible="Contents panel")
        view_toolbar = tb.toggleViewAction()
        self.toolbar_view_action.setCheckable(True)
        self.toolbar_view_action.setChecked(True)
        self.toolbar_view_action.toggled.connect(tb.setVisible)
        view_toolbar.toggled.connect(self.toolbar_view_action.setChecked)
        self._show_online_state()

    def _show_online_state(self) -> None:
        from glossator.gui.toolbar import state_dot

        online = self.settings.online
        act = self.online_toggle
        act.setChecked(online)
        act.setIconText("Online" if online else "Offline")
        act.setIcon(state_dot(online, self.theme.place if online else self.theme.muted))
        tip = ("Online: Glossator may fetch what is missing from Wikipedia. Click to work "
               "offline." if online else
               "Offline: nothing leaves your computer. Click to allow internet look-ups.")
        act.setToolTip(tip)
        self.online_button.setAccessibleName("Internet look-ups: " + (
            "online" if online else "offline"))
        self.online_button.setAccessibleDescription(tip)

    def _build_status_bar(self) -> None:
        sb = self.statusBar()
        self.status_label = QLabel(self.status.message)
        self.status_label.setAccessibleName("Status")
        self.reading_progress = QLabel("")
        self.reading_progress.setAccessibleName("Reading progress")
        self.reading_progress.setToolTip("How far you have read")
        self.reading_progress.hide()
        sb.addPermanentWidget(self.contents_dock.chapter_label)
        sb.addPermanentWidget(self.reading_progress)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Analysis progress")
        self.progress.setMaximumWidth(180)
        self.progress.setRange(0, 1000)
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel the analysis")
        self.cancel_button.clicked.connect(self.cancel_analysis)
        self.cancel_button.hide()
        sb.addWidget(self.status_label, 1)
        sb.addPermanentWidget(self.progress)
        sb.addPermanentWidget(self.cancel_button)
        self.loads = loader.Loader(self)
        self.loads.loaded.connect(self._on_loaded)
        self.loads.failed.connect(self._on_load_failed)

    def _connect_worker(self) -> None:
        w = self.worker.worker
        w.statusReady.connect(self._on_status)
        w.partReady.connect(self._on_part)
        w.annotationFinished.connect(self._on_finished)
        w.taskProgress.connect(self._on_task_progress)
        w.taskFinished.connect(self._on_task_finished)

    # ----------------------------------------------------------- appearance

    def apply_appearance(self) -> None:
        """Theme, font and underlines from the settings."""
        self.theme = load_theme(self.settings.theme)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, self.theme)
        if hasattr(self, "online_toggle"):
            self._show_online_state()  # the dot in the theme's colours
        self.whos_who.set_theme(self.theme)
        self.reader.set_font(self.settings.font_size, self.settings.font_family)
        self.panel.set_text_size(self.settings.font_size)
        self.reader.set_theme(self.theme)

    def _on_setting(self, key: str) -> None:
        if key == "appearance/theme":
            for act in self.theme_group.actions():
                act.setChecked(act.data() == self.settings.theme)
            self.apply_appearance()
        elif key.startswith("appearance/"):
            self.reader.set_font(self.settings.font_size, self.settings.font_family)
            self.panel.set_text_size(self.settings.font_size)
        elif key == "reading/density":
            for act in self.density_group.actions():
                act.setChecked(act.data() == self.settings.density)
            self.toolbar.show_density(self.settings.density)
            self.reader.redraw()
        elif key == "knowledge/online":
            self.online_action.setChecked(self.settings.online)
            self._show_online_state()
            self.panel.set_online(self.settings.online)
            self._give_missing_hints()
            self._update_actions()
        elif key == "reading/spoiler_safe":
            self.spoiler_action.setChecked(self.settings.spoiler_safe)
            self.card.dismiss()
            self._advance_reading()
            self._apply_read_to(force=True)
            self._show_coverage()  # "so far", or the whole text's again
            self.statusBar().showMessage(
                "Spoiler-safe reading: only what the text has said up to where you have read."
                if self.settings.spoiler_safe else
                "Spoiler-safe reading off: everything the text says.", 5000)
        elif key == "knowledge/known":
            self._known = self.settings.known

    def _on_system_scheme(self, _scheme: object) -> None:
        if self.settings.theme == "system":
            self.apply_appearance()

    def _style_of(self, m: Mention) -> Style | None:
        density = self.settings_density
        if density == "off" or self.state is None:
            return None
        entity = self.state.entity_of(m)
        known = entity is not None and entity_key(entity) in self._known
        if not shows(density, m.kind, known):
            return None
        if entity is None:
            return underline_style(self.theme, m.kind, None, False)
        return underline_style(self.theme, m.kind, group_of(entity.label),
                               entity.kb_title is not None, guess=unsure(entity))

    @property
    def settings_density(self) -> str:
        """The density setting (cached by QSettings, cheap to read)."""
        return self.settings.density

    def zoom(self, step: int) -> None:
        """Bigger (1), smaller (-1) or normal (0) text."""
        from glossator.gui.settings import DEFAULT_FONT_SIZE

        self.settings.font_size = DEFAULT_FONT_SIZE if step == 0 else (
            self.settings.font_size + step)

    def _update_actions(self) -> None:
        online = self.settings.online
        self.url_action.setEnabled(online)
        self.offline_action.setEnabled(online and self.state is not None)
        has_doc = self.state is not None
        self.read_here_action.setEnabled(has_doc and self.settings.spoiler_safe)
        self.export_html_action.setEnabled(has_doc)
        self.export_md_action.setEnabled(has_doc)
        self.export_notes_action.setEnabled(has_doc)
        self.undo_correction_action.setEnabled(has_doc and bool(self._corrections))
        last = self._corrections[-1].words() if self._corrections else ""
        self.undo_correction_action.setText(f"{fixes.UNDO}: {last}" if last else fixes.UNDO)

    # --------------------------------------------------------------- opening

    def choose_file(self) -> None:
        """Ctrl+O."""
        start = str(Path(self.settings.recent_files[0]).parent) if self.settings.recent_files \
            else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Open a document", start, FILE_FILTER)
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> int:
        """Open a file (in the background); returns the load token."""
        self.statusBar().showMessage(f"Opening {Path(path).name}…")
        return self.loads.start(lambda: loader.load_path(path), origin=str(path))

    def choose_url(self) -> None:
        """Ask for a web address (only when internet look-ups are allowed)."""
        if not self.settings.online:
            self.report("Cannot open a web page", "Allow internet look-ups first "
                        "(Knowledge \u25b8 Allow internet look-ups).")
            return
        url, ok = QInputDialog.getText(self, "Open a web page", "Address:")
        if ok and url.strip():
            self.open_url(url.strip())

    def open_url(self, url: str) -> int:
        """Fetch and open a web page in the background."""
        self.statusBar().showMessage(f"Fetching {url}…")
        online = self.settings.online
        return self.loads.start(lambda: loader.load_url(url, online), origin=url)

    def paste(self) -> None:
        """Open the clipboard's text as a document (Ctrl+Shift+V)."""
        mime = QGuiApplication.clipboard().mimeData()
        text = ""
        if mime is not None:
            text = mime.html() if mime.hasHtml() else mime.text()
        self.loads.start(lambda: loader.load_paste(text), origin="")

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_files
        for path in recent:
            act = self.recent_menu.addAction(path)
            act.triggered.connect(lambda _c=False, p=path: self.open_path(p))
        if recent:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear the list", self.settings.clear_recent)
        else:
            none = self.recent_menu.addAction("No recent files")
            none.setEnabled(False)

    def _on_loaded(self, token: int, doc: Document, origin: str) -> None:
        if token != self.loads.token:
            return  # a newer load was started
        self.statusBar().clearMessage()  # "Opening …", or an earlier "Could not open …"
        if origin and not origin.startswith(("http://", "https://")):
            self.settings.add_recent(origin)
        self.show_document(doc)

    def _on_load_failed(self, token: int, exc: BaseException, origin: str) -> None:
        if token != self.loads.token:
            return
        what = Path(origin).name if origin and "://" not in origin else (origin or "the text")
        # For a while only: the status line below describes the document still shown.
        self.statusBar().showMessage(f"Could not open {what}.", FAILED_LOAD_MS)
        self.report(f"Cannot open {what}", exc)

    def show_document(self, doc: Document) -> None:
        """Show the text at once, at the last place read, then ask for the analysis."""
        self.card.dismiss()
        self.save_position()  # of the document being left
        self.panel.show_nothing()
        self._shown += 1
        self.worker.forget(self, "choices", "lookup", "preview")
        self.reader.show_document(doc)
        self.history.clear()
        self._doc_key = document_key(doc)
        self._raw = DocState(doc)
        self._corrections = self.corrections.for_document(self._doc_key)
        self._undo_keys = []
        self.state = fixes.corrected(self._raw, self._corrections)
        self._done_text = ""
        self._furthest = min(self.settings.furthest(self._doc_key), len(doc.text))
        self._apply_read_to()
        saved = self.settings.position(self._doc_key)
        if saved:
            self._restore_position(min(saved, len(doc.text)))
        self._advance_reading()
        self._update_progress()
        self.whos_who.set_state(self.state)
        self.contents_dock.set_document(doc)
        self.setWindowTitle(f"{doc.title or 'Untitled'} \u2014 Glossator")
        if self.find_bar.isVisible():
            self.find_bar.open_bar(doc.text)
        self._update_actions()
        for warning in doc.warnings[:3]:
            self.statusBar().showMessage(warning, 8000)
        self.documentShown.emit()
        self.annotate()

    # -------------------------------------------------------------- analysis

    def annotate(self) -> None:
        """Analyse the open document (the part on screen first)."""
        if self.state is None:
            return
        if not self.status.ready:
            if self.status.error is None and self.status.message.startswith("Loading"):
                self._pending_annotation = True
                self.set_status("Text shown; waiting for the language model…")
            else:
                self.set_status(self.status.message)
                self.annotationDone.emit()
            return
        self._pending_annotation = False
        first = self.reader.first_visible_offset()
        self.worker.reading_at(-1)
        self.state.job = self.worker.annotate(self.state.document, first)
        if self._raw is not None:
            self._raw.job = self.state.job
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.set_status("Analysing…")

    def reannotate(self) -> None:
        """Analyse again (after the knowledge base changed)."""
        if self.state is None:
            return
        doc = self.state.document
        self.reader.clear_mentions()
        self._raw = DocState(doc)
        self.state = fixes.corrected(self._raw, self._corrections)
        self._done_text = ""
        self._apply_read_to()
        self.whos_who.set_state(self.state)
        self.panel.show_nothing()
        self.annotate()

    def cancel_analysis(self) -> None:
        """Stop the analysis; what was found so far stays."""
        self.worker.cancel()
        self.set_status("Analysis cancelled.")
        self.progress.hide()
        self.cancel_button.hide()

    def _on_status(self, status: EngineStatus) -> None:
        self.status = status
        self.set_status(status.message)
        if status.error:
            self.report("Part of Glossator could not start", status.error)
        self.engineReady.emit(status)
        if self._pending_annotation or (self.state is not None and not self.state.job):
            self.annotate()

    def _on_part(self, part: AnnotationPart) -> None:
        state = self.state
        if state is None or part.job != state.job:
            return  # a result for a document no longer shown
        raw = self._raw if self._raw is not None else state
        gone = raw.forget(part.gone)
        added = raw.add_part(part.mentions, part.entities, part.articles)
        raw.done, raw.total = part.done, part.total
        if raw is state:
            self.reader.remove_mentions(gone)
            self.reader.add_mentions(added)
            self.whos_who.schedule_rebuild()
        else:  # the reader's corrections, applied to this update too
            self._reshow()
        if part.total:
            self.progress.setValue(int(1000 * part.done / part.total))
        self.set_status(f"Analysing\u2026 {len(state.entities)} names so far")

    def _on_finished(self, done: AnnotationFinished) -> None:
        state = self.state
        if state is None or done.job != state.job:
            return
        self.progress.hide()
        self.cancel_button.hide()
        if done.unavailable:
            self.set_status(done.unavailable)
        elif done.cancelled:
            self.set_status("Analysis cancelled.")
        else:
            state.finished = True
            if self._raw is not None:
                self._raw.finished = True
            self._seconds = done.seconds
            self._show_coverage()
        self.whos_who.schedule_rebuild()
        self.annotationDone.emit()

    # ------------------------------------------------------------- explaining

    def _on_scroll(self, _value: int) -> None:
        self.card.dismiss()
        self._update_progress()
        self.contents_dock.follow()
        if self.state is not None:
            self._position_timer.start()
            self._read_timer.start()
        if self.state is not None and not self.state.finished:
            self._scroll_timer.start()

    def _tell_reading_position(self) -> None:
        """While a long text is analysed, do the part on screen next."""
        if self.state is not None and not self.state.finished:
            self.worker.reading_at(self.reader.first_visible_offset())

    def _on_hover(self, m: Mention | None, at: QPoint) -> None:
        if m is None or self.state is None:
            self.card.cancel()
            return
        self._advance_reading()  # what is on the screen has been read
        self.card.request(card_for(self.state, m), at, self.reader.mention_rect(m))

    def _on_focus(self, m: Mention) -> None:
        if self.state is None:
            return
        # The keyboard's hover: show the card under the focused word.
        pos = self.reader.qt_position(m.start)
        if pos is None:
            return
        from PySide6.QtGui import QTextCursor

        self._advance_reading()
        cursor = QTextCursor(self.reader.document())
        cursor.setPosition(pos)
        rect = self.reader.cursorRect(cursor)
        at = self.reader.viewport().mapToGlobal(rect.bottomLeft())
        self.card.request(card_for(self.state, m), at, self.reader.mention_rect(m))

    def explain(self, m: Mention) -> None:
        """Open the side panel on a mention (click or Enter)."""
        if self.state is None:
            return
        self.card.dismiss()
        self._advance_reading()
        entity = self.state.entity_of(m)
        known = entity is not None and entity_key(entity) in self._known
        self.panel.show_mention(self.state, m, known=known)
        self.panel_dock.show()
        self.panel_dock.raise_()

    def _show_entity_id(self, entity_id: str) -> None:
        if self.state is not None and entity_id in self.state.entities:
            self._show_entity(self.state.entities[entity_id])

    def _show_entity(self, entity: Entity) -> None:
        if self.state is None:
            return
        self.panel.show_entity(self.state, entity, known=entity_key(entity) in self._known)
        self.panel_dock.show()
        self.panel_dock.raise_()

    def _explain_focused(self) -> None:
        if self.reader.focused is not None:
            self.explain(self.reader.focused)

    def _move(self, step: int) -> None:
        self.reader.setFocus()
        self.reader.move_focus(step)

    def jump_to(self, m: Mention) -> None:
        """Scroll to a mention and give it the visible focus; Back returns from there."""
        before = self.reader.first_visible_offset()
        self.reader.focus_mention(m)
        # The panel that asked for the jump (who's who, its mentions) explains the name:
        # the focus's hover card would only cover the lines under it.
        self.card.dismiss()
        self.reader.setFocus()
        self._note_jump(before)
        # A panel opened by the same click narrows the text and lays it out again:
        # bring the mention back into view once the window has settled.
        QTimer.singleShot(0, lambda: self._keep_in_view(m))

    def go_to_offset(self, offset: int) -> None:
        """Show a document offset at the top (a Contents entry); Back returns from there."""
        before = self.reader.first_visible_offset()
        self.reader.show_position(offset)
        self._note_jump(before)
        self.contents_dock.jumped_to(offset)

    def _keep_in_view(self, m: Mention) -> None:
        if self.state is not None and self.reader.focused is m:
            self.reader.scroll_to_offset(m.start)

    # ------------------------------------------------- position and history

    def _note_jump(self, before: int) -> None:
        """A jump moved the view from ``before``: remember it for Back."""
        if self.reader.first_visible_offset() != before:
            self.history.push(before)
            self._update_nav_actions()

    def go_back(self) -> None:
        """Back to the reading position before the last jump (Alt+Left)."""
        target = self.history.back(self.reader.first_visible_offset())
        if target is not None:
            self.reader.show_position(target)
            self.reader.setFocus()
        self._update_nav_actions()

    def go_forward(self) -> None:
        """Forward again, after Back (Alt+Right)."""
        target = self.history.forward(self.reader.first_visible_offset())
        if target is not None:
            self.reader.show_position(target)
            self.reader.setFocus()
        self._update_nav_actions()

    def _update_nav_actions(self) -> None:
        self.back_action.setEnabled(self.history.can_go_back)
        self.forward_action.setEnabled(self.history.can_go_forward)

    def _on_find_results(self, spans: list, current: int) -> None:
        before = self.reader.first_visible_offset()
        self.reader.set_find_results(spans, current)
        if not self._find_pushed and self.reader.first_visible_offset() != before:
            # One step back per search: to where the reader was before searching.
            self._find_pushed = True
            self._note_jump(before)

    def _restore_position(self, offset: int) -> None:
        self.reader.show_position(offset)
        if self.reader.first_visible_offset() < offset - 200:
            # A long text is still being laid out and the scroll range is short of it.
            QTimer.singleShot(50, lambda: self._restore_again(offset, self.state))

    def _restore_again(self, offset: int, state: DocState | None) -> None:
        if state is self.state and state is not None:
            self.reader.show_position(offset)

    def save_position(self) -> None:
        """Remember where the reader is in the open document (in the settings)."""
        self._position_timer.stop()
        if self.state is not None and self._doc_key:
            self.settings.set_position(self._doc_key, self.reader.first_visible_offset())
            self.settings.set_furthest(self._doc_key, self._furthest)

    # ---------------------------------------------------- spoiler-safe reading

    def _advance_reading(self) -> None:
        """The reader has seen the screen: how far they have read may move on."""
        self._read_timer.stop()
        if self.state is None or not self.isVisible():
            return
        bottom = self.reader.last_visible_offset()
        if bottom > self._furthest:
            self._furthest = bottom
            self._apply_read_to()

    def read_only_to_here(self) -> None:
        """View ▸ Read only up to here: after a jump too far, hide again what lies beyond."""
        if self.state is None:
            return
        self._furthest = self.reader.last_visible_offset()
        self._apply_read_to(force=True)
        self._show_coverage()
        self.save_position()
        self.statusBar().showMessage("Spoiler-safe reading: read up to the bottom of the "
                                     "screen.", 5000)

    def read_to(self) -> int:
        """How far the reader has read the open document (an offset into its text)."""
        return self._furthest

    def _apply_read_to(self, *, force: bool = False) -> None:
        """Give the document state the spoiler limit; the panels follow (no re-analysis)."""
        state = self.state
        if state is None:
            return
        limit = self._furthest if self.settings.spoiler_safe else None
        if limit == state.read_to and not force:
            return
        state.read_to = limit
        if force:
            self.whos_who.rebuild()
        else:
            self.whos_who.schedule_rebuild()
        if self.panel_dock.isVisible():
            self.panel.refresh()
        if self._done_text and self.status_label.text() == self._done_text:
            self._show_coverage()
        self._update_actions()

    def reading_percent(self) -> int:
        """How far through the document the view is, 0 to 100."""
        bar = self.reader.verticalScrollBar()
        if bar.maximum() <= bar.minimum():
            return 100
        return round(100 * (bar.value() - bar.minimum()) / (bar.maximum() - bar.minimum()))

    def _update_progress(self, *_args: object) -> None:
        if self.state is None:
            self.reading_progress.hide()
            return
        self.reading_progress.setText(f"{self.reading_percent()}% read")
        self.reading_progress.show()

    def close_panels(self) -> None:
        """Esc closes one layer: the card, else the find bar, else the panels."""
        shown = self.card.isVisible()
        self.card.dismiss()  # also one about to show
        if shown:
            return
        if self.find_bar.isVisible():
            self.find_bar.close_bar()
            return
        self.panel_dock.hide()
        self.whos_dock.hide()
        self.reader.setFocus()

    def open_find(self) -> None:
        """Ctrl+F."""
        if self.state is not None:
            self._find_pushed = False
            self.find_bar.open_bar(self.state.document.text)

    # ------------------------------------------------------------- corrections

    @property
    def corrections(self) -> CorrectionStore:
        """Every document's corrections (``corrections.json`` in the data folder)."""
        if self._store is None:
            self._store = CorrectionStore(paths.corrections_path())
        return self._store

    def corrections_now(self) -> list[Correction]:
        """The open document's corrections, oldest first."""
        return list(self._corrections)

    def correct(self, *corrections: Correction, everywhere: bool = False,
                status: str = "") -> None:
        """Apply the reader's corrections at once and remember them.

        For this document, or with ``everywhere`` for every document.
        """
        if self.state is None or self._doc_key is None or not corrections:
            return
        key = EVERY_DOCUMENT if everywhere else self._doc_key
        for c in corrections:
            self.corrections.add(key, c)
        self._corrections = self.corrections.for_document(self._doc_key)
        self._undo_keys.append([key] * len(corrections))
        self._reshow()
        where = " in every document" if everywhere else ""
        self.set_status(status or f"Corrected{where}: {corrections[-1].words()}. "
                        f"Edit \u25b8 Undo correction (Ctrl+Z) takes it back.")

    def undo_correction(self) -> None:
        """Edit ▸ Undo correction: the last correction (or action's corrections) undone."""
        if self.state is None or self._doc_key is None or not self._corrections:
            return
        # Without an action of this session to undo: the document's last, else the last
        # one for every document.
        keys = self._undo_keys.pop() if self._undo_keys else [
            self._doc_key if self.corrections.get(self._doc_key) else EVERY_DOCUMENT]
        undone = None
        for key in reversed(keys):
            last = self.corrections.undo(key)
            if last is not None and last.kind == "link" and last.names and last.target:
                self._forget_link(last.names[0], last.target)
            undone = last or undone
        self._corrections = self.corrections.for_document(self._doc_key)
        self._reshow()
        if undone is not None:
            self.set_status(f"Undone: {undone.words()}.")

    def _forget_link(self, name: str, title: str) -> None:
        """An undone link: the KB forgets the choice for the entity's every spelling.

        The document is then analysed again, so that the name means what the KB says.
        """
        names = {name}
        if self.state is not None:
            for e in self.state.entities.values():
                if e.name == name:
                    names |= set(e.spellings)
        QueryOp(parent=self, op=ForgetChoice(tuple(sorted(names)), title),
                success=self._this_document(lambda _n: self.reannotate())
                ).failure(lambda e: self.report("Could not forget your choice", e.message)
                          ).run_in_background()

    def _reshow(self) -> None:
        """Show the analysis with the corrections applied: underlines, who's who, panel."""
        old, raw = self.state, self._raw
        if old is None or raw is None:
            return
        new = fixes.corrected(raw, self._corrections)
        new.read_to = old.read_to
        raw.read_to = old.read_to
        self.state = new
        self.card.dismiss()
        focused = self.reader.focused
        self.reader.clear_mentions()
        self.reader.add_mentions(new.mentions)
        if focused is not None:
            again = new.mention_at(focused.start)
            if again is not None:
                # The focus stays where it was, without a card nobody asked for (an app
                # tour: one popped up after each correction and each undo).
                self.reader.focus_mention(again, scroll=False, announce=False)
        self.whos_who.set_state(new)
        self._reshow_panel(old, new)
        if self._done_text and self.status_label.text() == self._done_text:
            self._show_coverage()
        self._update_actions()

    def _reshow_panel(self, old: DocState, new: DocState) -> None:
        what, item = self.panel._last
        if what == "mention" and isinstance(item, Mention):
            m = new.mention_at(item.start)
            if m is not None:
                entity = new.entity_of(m)
                self.panel.show_mention(new, m, known=entity is not None
                                        and entity_key(entity) in self._known)
                return
            self.panel.show_nothing()
        elif what == "entity" and isinstance(item, Entity):
            entity = new.entities.get(item.id) or next(
                (e for e in new.entities.values()
                 if item.name in e.spellings or e.name == item.name), None)
            if entity is not None:
                self.panel.show_entity(new, entity, known=entity_key(entity) in self._known)
            else:
                self.panel.show_nothing()

    def _pick(self, title: str, prompt: str, exclude: str | None) -> Entity | None:
        if self.state is None:
            return None
        entity = fixes.pick_entity(self, self.state, title, prompt, exclude)
        if entity is None and not fixes.candidates(self.state, exclude):
            self.set_status("No other name in this text to choose.")
        return entity

    def _correct_entity(self, kind: str, entity: Entity) -> None:
        """A correction asked for in who's who or the panel: of a whole entity."""
        state = self.state
        if state is None:
            return
        if kind == "same":
            other = self._pick("These are the same person",
                               f"\u201c{entity.name}\u201d is the same as:", entity.id)
            if other is not None:
                self.correct(fixes.same(entity, other))
        elif kind in ("not_name", fixes.NOT_NAME_EVERYWHERE_KIND):
            words = sorted({m.text for m in state.mentions_of(entity.id) if m.kind == "name"}
                           or {entity.name})
            self.correct(*(fixes.not_name(w) for w in words),
                         everywhere=kind == fixes.NOT_NAME_EVERYWHERE_KIND)

    def _correct_mention(self, kind: str, m: Mention) -> None:
        """A correction asked for on a word of the text."""
        state = self.state
        if state is None:
            return
        if kind in ("not_name", fixes.NOT_NAME_EVERYWHERE_KIND):
            self.correct(fixes.not_name(m.text),
                         everywhere=kind == fixes.NOT_NAME_EVERYWHERE_KIND)
        elif kind == "same":
            entity = state.entity_of(m)
            if entity is not None:
                self._correct_entity("same", entity)
        elif kind == "refers_to":
            target = self._pick("This refers to",
                                f"\u201c{m.text}\u201d refers to:", m.entity)
            if target is not None:
                self.correct(fixes.refers_to(m.start, m.end, target))

    def _correct_panel(self, kind: str) -> None:
        """The panel's "Correct…" menu: of the mention or entity it shows."""
        if self.panel.mention is not None and self.panel._last[0] == "mention":
            self._correct_mention(kind, self.panel.mention)
        elif self.panel.entity is not None:
            self._correct_entity(kind, self.panel.entity)

    # ------------------------------------------------------------- look up

    def look_up(self, words: str) -> None:
        """"Look up": search the knowledge base for words; the panel shows what it found."""
        words = " ".join(words.split())[:200]
        if not words:
            self.set_status("Select some words to look them up.")
            return
        target = self._name_in_text(words)
        QueryOp(parent=self, op=FindChoices(words), key="lookup",
                success=self._this_document(
                    lambda found: self._show_found(words, found, target))
                ).failure(self._this_document(self._lookup_failed)).run_in_background()
        self.set_status(f"Looking up \u201c{words}\u201d\u2026")

    def _this_document(self, callback: Callable[[Any], None]) -> Callable[[Any], None]:
        """``callback``, dropped if another document is shown by the time it is called."""
        shown = self._shown

        def call(value: Any) -> None:
            if self._shown == shown:
                callback(value)
        return call

    def _name_in_text(self, words: str) -> Entity | None:
        """The entity of the name the looked-up words are (None: no name of the text).

        The name selected, else one written so.
        """
        state = self.state
        if state is None:
            return None
        names = [m for m in state.mentions if m.kind == "name" and m.entity]
        cursor = self.reader.textCursor()
        if cursor.hasSelection():
            lo = self.reader.doc_offset(cursor.selectionStart())
            hi = self.reader.doc_offset(cursor.selectionEnd())
            picked = [m for m in names if m.start < hi and m.end > lo]
        else:
            picked = []
        key = words.casefold()
        picked = picked or [m for m in names if m.text.casefold() == key]
        return state.entity_of(picked[0]) if picked else None

    def _preview_article(self, title: str) -> None:
        """A result clicked in the panel's list: show that article there."""
        QueryOp(parent=self, op=GetArticle(title), key="preview",
                success=self._this_document(lambda a: self.panel.show_preview(title, a))
                ).failure(self._this_document(
                    lambda _e: self.panel.show_preview(title, None))).run_in_background()

    def _show_found(self, words: str, found: list[Any], target: Entity | None = None) -> None:
        self.panel.show_suggestions(words, list(found), target)
        self.panel_dock.show()
        self.panel_dock.raise_()
        n = len(found)
        self.set_status(f"{n} article{'s' if n != 1 else ''} found for \u201c{words}\u201d."
                        if n else f"Nothing found for \u201c{words}\u201d.")

    def _lookup_failed(self, error: OperationFailed) -> None:
        self.set_status(f"{error.title}: {error.message}")

    # ---------------------------------------------------- choosing and knowing

    def _want_choices(self, entity: Entity) -> None:
        names = tuple(a.kb_title for a in entity.alternatives)
        self._ask_choices(FindChoices(entity.name, names))

    def _want_search(self, query: str) -> None:
        if query.strip():
            self._ask_choices(Search(query.strip()))

    def _ask_choices(self, op: FindChoices | Search) -> None:
        QueryOp(parent=self, op=op, key="choices",
                success=self._this_document(self.panel.set_choices)
                ).failure(self._this_document(self._lookup_failed)).run_in_background()

    def choose_article(self, entity: Entity, title: str) -> None:
        """"Not this?": link the entity to ``title`` and remember it for this name."""
        names = {entity.name}
        mention = self.panel.mention
        if mention is not None and mention.kind == "name" and mention.entity == entity.id:
            names.add(mention.text)
        for name in sorted(names):
            QueryOp(parent=self, op=RememberChoice(name, title),
                    success=self._this_document(
                        lambda article, eid=entity.id, t=title: self._remembered(eid, t,
                                                                                 article))
                    ).failure(lambda e: self.report("Could not remember your choice",
                                                    e.message)).run_in_background()

    def _remembered(self, entity_id: str, title: str, article: Article | None) -> None:
        """The KB remembers the choice; the document keeps it as a correction ("link")."""
        if article is None:
            self.report("Could not remember your choice",
                        f"{title} is not in the knowledge base.")
            return
        raw = self._raw
        if raw is None or self.state is None or entity_id not in self.state.entities:
            return
        raw.articles[article.title] = article
        entity = self.state.entities[entity_id]
        if links(self._corrections).get(entity.name) == article.title:
            return  # another spelling's answer: already linked
        self.correct(Correction("link", (entity.name,), target=article.title),
                     status=f"Remembered: \u201c{entity.name}\u201d means {article.title}. "
                            f"Edit \u25b8 Undo correction (Ctrl+Z) takes it back.")

    def set_known(self, entity: Entity, known: bool) -> None:
        """"I know this": stop (or resume) underlining this entity."""
        self.settings.set_known(entity_key(entity), known)
        self._known = self.settings.known
        if self.state is not None:
            self.reader.redraw(self.state.mentions_of(entity.id))
        if known and self.settings.density == "all":
            self.set_status("Marked as known. Choose View \u25b8 Underline \u25b8 Only what I "
                            "have not marked as known to hide it.")

    # ----------------------------------------------------------------- online

    def _open_url_in_browser(self, url: str) -> None:
        if self.settings.online:
            QDesktopServices.openUrl(QUrl(url))

    def _queue_fetch(self, entity: Entity) -> None:
        if self.settings.online:
            self._fetch((entity.name,))
            self.set_status(f"Fetching {entity.name} from Wikipedia\u2026")
        else:
            self.settings.queue_fetch(entity.name)
            self.set_status(f"{entity.name} will be fetched when internet look-ups are allowed.")

    def make_offline(self) -> None:
        """Fetch every entity of this document that the knowledge base lacks."""
        if self.state is None:
            return
        if not self.settings.online:
            self.report("Internet look-ups are off",
                        "Allow internet look-ups (Knowledge menu) to fetch what is missing.")
            return
        names = [e.name for e in self.state.entities.values() if e.kb_title is None]
        names += [n for n in self.settings.fetch_queue if n not in names]
        if not names:
            self.set_status("Everything in this document is already available offline.")
            return
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.set_status(f"Fetching {len(names)} summaries from Wikipedia\u2026")
        self._fetch(tuple(names))

    def _fetch(self, names: tuple[str, ...]) -> None:
        QueryOp(parent=self, op=FetchMissing(names), success=self._fetched
                ).failure(self._fetch_failed).run_in_background()

    def _fetched(self, f: TaskFinished) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.settings.clear_fetch_queue()
        self.set_status(f.message)
        self.reannotate()

    def _fetch_failed(self, error: OperationFailed) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.report("Could not fetch from Wikipedia", error.message)

    def _on_task_progress(self, p: TaskProgress) -> None:
        if p.task == "fetch" and p.total:
            self.progress.show()
            self.progress.setValue(int(1000 * p.done / p.total))
            self.set_status(f"Fetching {p.done}/{p.total}: {p.message}")

    def _on_task_finished(self, f: TaskFinished) -> None:
        """A knowledge task of any window ended: the knowledge changed, analyse again.

        An import, a rebuild, a ZIM indexed (attached, resumed) or detached, a ZIM's link
        priors counted (``messages.KNOWLEDGE_TASKS``); the worker's engine already reads it.
        A paused link pass has written no priors yet (they are written when counting ends):
        the document is not analysed again for nothing.
        """
        paused_counting = f.task == "links" and f.cancelled
        if f.task in KNOWLEDGE_TASKS and not f.error and not paused_counting and \
                self.state is not None:
            self.reannotate()

    # ----------------------------------------------------------------- export

    def export_html(self) -> None:
        """Save the annotated document as a standalone HTML page."""
        self._export("Export as HTML page", "HTML page (*.html)", ".html", "html")

    def export_glossary(self) -> None:
        """Save a Markdown glossary of the document's entities."""
        self._export("Export glossary", "Markdown (*.md)", ".md", "markdown")

    def export_notes(self) -> None:
        """File ▸ Export notes: the reader's choices, known names and corrections."""
        self._export("Export notes", "Markdown (*.md)", " notes.md", "notes")

    def chosen_links(self) -> dict[str, str]:
        """The links the reader chose in the open document: entity name -> article."""
        return links(self._corrections)

    def notes_text(self) -> str:
        """The Markdown of Export notes for the open document."""
        from glossator.core.export.glossary import md_escape
        from glossator.core.export.notes import notes_markdown

        state = self.state
        if state is None:
            return ""
        ann = Annotation(state.document.text, list(state.entities.values()), state.mentions)
        by_name = self.chosen_links()
        chosen = {}
        for e in ann.entities:
            for name in (e.name, *e.spellings):
                if name in by_name:
                    chosen[e.id] = by_name[name]
                    break
        known = self._known
        text = notes_markdown(ann, title=state.document.title or "",
                              source=state.document.source or "",
                              known=lambda e: entity_key(e) in known, chosen=chosen)
        fixes_made = [c for c in self._corrections if c.kind != "link"]  # links: above
        if fixes_made:
            text = text.rstrip("\n") + "\n\n## My corrections\n\n" + "".join(
                f"- {md_escape(c.words())}\n" for c in fixes_made)
        return text

    def _export(self, title: str, filt: str, suffix: str, kind: str) -> None:
        if self.state is None:
            return
        stem = (self.state.document.title or "document").strip()[:60] or "document"
        stem = "".join(c if c.isalnum() or c in " -_" else "_" for c in stem)
        path, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / f"{stem}{suffix}"),
                                              filt)
        if path:
            self.export_to(path, kind)

    def export_to(self, path: str, kind: str) -> bool:
        """Write the export; errors become a dialog."""
        from glossator.gui import exporting

        if self.state is None:
            return False
        try:
            text = (exporting.to_html(self.state) if kind == "html"
                    else self.notes_text() if kind == "notes"
                    else exporting.to_markdown_glossary(self.state))
            Path(path).write_text(text, encoding="utf-8")
        except OSError as exc:
            self.report("Could not save the export", f"{path}: {exc.strerror or exc}")
            return False
        self.set_status(f"Saved {path}")
        return True

    # ---------------------------------------------------------------- windows

    def open_settings(self) -> None:
        """The settings dialog."""
        SettingsDialog(self.settings, self).open()

    def open_kb_window(self) -> None:
        """The knowledge-base window."""
        from glossator.gui.kbwindow import KBWindow

        if self._kb_window is None:
            self._kb_window = KBWindow(self.worker, self)
        else:
            self._kb_window.refresh_counts()
        self._kb_window.show()
        self._kb_window.raise_()

    def about(self) -> None:
        """The About box."""
        show_about(self, self.status.model)

    def show_welcome(self) -> QDialog:
        """The welcome: the underlines, opening a file, where knowledge comes from."""
        from glossator.gui.toolbar import shortcut_text
        from glossator.gui.welcome import WelcomeDialog

        keys = {"open": shortcut_text(self.open_action),
                "shortcuts": shortcut_text(self.shortcuts_action)}
        dialog = WelcomeDialog(self.theme, keys, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.settings.welcomed = True
        self.settings.sync()  # once, even if this run ends badly
        dialog.open()
        return dialog

    def maybe_welcome(self) -> QDialog | None:
        """The welcome, the first time only."""
        return None if self.settings.welcomed else self.show_welcome()

    def show_legend(self) -> QDialog:
        """Help ▸ Underlines legend, in the current theme."""
        from glossator.gui.welcome import LegendDialog

        dialog = LegendDialog(self.theme, self.settings.font_size, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_shortcuts(self) -> QDialog:
        """Help ▸ Keyboard shortcuts, read from the menus' actions."""
        from glossator.gui.shortcuts import ShortcutsDialog

        dialog = ShortcutsDialog(self.menuBar(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # ------------------------------------------------------------------- panes

    def panes(self) -> list[tuple[str, QWidget]]:
        """The panes F6 moves between, in order (only those shown)."""
        out: list[tuple[str, QWidget]] = [("Text", self.reader)]
        if self.panel_dock.isVisible():
            out.append(("Explanation panel", self.panel_dock))
        if self.whos_dock.isVisible():
            out.append(("Who's who", self.whos_dock))
        if self.contents_dock.isVisible():
            out.append(("Contents", self.contents_dock))
        if self.find_bar.isVisible():
            out.append(("Find bar", self.find_bar))
        if self.toolbar.isVisible():
            out.append(("Toolbar", self.toolbar))
        return out

    def current_pane(self) -> int:
        """The index in ``panes()`` of the pane holding the keyboard focus (0: the text)."""
        focus = QApplication.focusWidget()
        for i, (_name, pane) in enumerate(self.panes()):
            if focus is not None and (focus is pane or pane.isAncestorOf(focus)):
                return i
        return 0

    def cycle_pane(self, step: int) -> None:
        """F6 / Shift+F6: the keyboard focus to the next / previous pane."""
        panes = self.panes()
        here = self.current_pane()
        for k in range(1, len(panes) + 1):
            name, pane = panes[(here + step * k) % len(panes)]
            target = self.reader if pane is self.reader else _first_focusable(pane)
            if target is not None:
                target.setFocus(Qt.FocusReason.ShortcutFocusReason)
                self.statusBar().showMessage(f"{name} (F6: next pane)", 2500)
                return

    # ------------------------------------------------------------ status, errors

    def set_status(self, text: str, tip: str = "") -> None:
        """The status bar's message."""
        self.status_label.setText(text)
        self.status_label.setToolTip(tip)

    def coverage_line(self) -> str:
        """"16 of 23 names explained; 7 not in your knowledge" (so far, when spoiler-safe)."""
        if self.state is None:
            return ""
        line = self.state.coverage().sentence()
        return line + (" so far" if self.state.read_to is not None else "")

    def _show_coverage(self) -> None:
        """The finished analysis's status line: the coverage, the mentions, the time."""
        state = self.state
        if state is None or not state.finished:
            return
        cov = state.coverage()
        if state.read_to is None:
            mentions = state.mentions
        else:
            mentions = [m for m in state.mentions if m.start < state.read_to]
        names = sum(1 for m in mentions if m.kind == "name")
        refs = len(mentions) - names
        text = (f"{self.coverage_line()} \u00b7 {_count(names, 'mention')}, "
                f"{_count(refs, 'reference')} \u00b7 {self._seconds:.1f} s")
        tip = ""
        if cov.missing:
            shown = list(cov.missing[:MISSING_NAMES_SHOWN])
            more = len(cov.missing) - len(shown)
            fix = hint_remedy(self.missing_hints()[1 if self.settings.online else 0])
            tip = ("Not in your knowledge: " + ", ".join(shown)
                   + (f" and {more} more" if more > 0 else "") + ".\n"
                   + fix[:1].upper() + fix[1:])
        self._done_text = text
        self.set_status(text, tip)

    def report(self, title: str, exc: BaseException | str) -> None:
        """Show an error as a readable dialog (never a traceback)."""
        from glossator.gui.dialogs import error_text

        self.last_error = error_text(exc)
        show_error(self, title, exc)

    # ------------------------------------------------------------ drag and drop

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime.hasUrls() or mime.hasText():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        for url in mime.urls():
            if url.isLocalFile():
                self.open_path(url.toLocalFile())
                event.acceptProposedAction()
                return
            if url.scheme() in ("http", "https"):
                if self.settings.online:
                    self.open_url(url.toString())
                else:
                    self.report("Cannot open a web page", "Allow internet look-ups first "
                                "(Knowledge \u25b8 Allow internet look-ups).")
                event.acceptProposedAction()
                return
        if mime.hasText() and mime.text().strip():
            text = mime.text()
            self.loads.start(lambda: loader.load_paste(text))
            event.acceptProposedAction()

    # ------------------------------------------------------------------ closing

    def closeEvent(self, event: QCloseEvent) -> None:
        self.card.dismiss()
        self.save_position()
        self.settings.save_window_state(self.saveGeometry(), self.saveState())
        self.settings.sync()
        self.worker.stop()
        super().closeEvent(event)


def _first_focusable(pane: QWidget) -> QWidget | None:
    """The first widget of a pane that Tab would give the focus to."""
    widget = pane.nextInFocusChain()
    seen = 0
    while widget is not pane and seen < 2000:
        seen += 1
        if (pane.isAncestorOf(widget) and widget.isVisible() and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                and not isinstance(widget, QScrollArea)):  # a frame, not a control
            return widget
        widget = widget.nextInFocusChain()
    return None


def open_initial(window: MainWindow, files: list[str]) -> None:
    """What to show at start: the files asked for, else the sample article; the welcome once."""
    QTimer.singleShot(0, window.maybe_welcome)
    if files:
        window.open_path(files[0])
        return
    sample = paths.sample_article_path()
    if sample.is_file():
        window.open_path(str(sample))


__all__ = ["MainWindow", "QTimer", "open_initial"]
