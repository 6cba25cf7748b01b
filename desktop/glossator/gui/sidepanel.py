"""The side panel: everything about one entity or reference, and what the reader can do.

Title, description, what the text itself says (titles, roles, descriptions, other
spellings, the sentence that first names it: the main content when the knowledge base has
no article), summary, source, date fetched and licence; for a reference,
what it refers to and why, with a link to that entity; every mention in this
text; "Not this? Choose another" (alternatives and a search, remembered for the
name); "I know this"; "Open in Wikipedia" when online; "Fetch when online" for a
name that is not in the knowledge base, with "Did you mean…" (its candidates, shown at
once). Clicking a result of a list (Choose another, Did you mean, Look up) shows that
article under the list, with "Link “name” to this article" when the list is about a
name of the text.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from glossator.core.models import Article
from glossator.core.nlp.types import Entity, Mention
from glossator.gui.docstate import DocState
from glossator.gui.explain import (
    IN_THIS_TEXT,
    NOT_IN_KB,
    doubt_note,
    fetched_words,
    first_mention_words,
    first_sentence,
    hint_remedy,
    kind_words,
    link_words,
    metonym_note,
    reference_note,
    said_lines,
    source_words,
    spelled_note,
    unsure,
)
from glossator.gui.messages import Choice
from glossator.gui.spoilers import LATER, LATER_NOTE

ROLE = Qt.ItemDataRole.UserRole
PREVIEW_CHARS = 600  # of the summary of an article clicked in a list
LIST_ROWS = 8  # rows a list of articles shows before it scrolls
DID_YOU_MEAN = "Did you mean\u2026"
OTHER_ARTICLES = "Other articles"
CHOOSE = "Not this? Choose another"


def _shortened(text: str, limit: int) -> str:
    """``text`` cut at a word before ``limit`` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return f"{cut}\u2026"


class SidePanel(QWidget):
    """Details of the selected mention; emits what the reader asked for."""

    mentionChosen = Signal(object)  # Mention: jump to it
    entityLinkActivated = Signal(str)  # entity id (from a reference's "refers to")
    choicesWanted = Signal(object)  # Entity
    searchWanted = Signal(str)
    choiceMade = Signal(object, str)  # Entity, title
    articleWanted = Signal(str)  # a title clicked in a list: show it (show_preview)
    knownToggled = Signal(object, bool)  # Entity, known
    openInBrowser = Signal(str)  # url
    fetchQueued = Signal(object)  # Entity
    closeRequested = Signal()
    correctionWanted = Signal(str)  # "same", "not_name", "refers_to": of what is shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidePanel")
        self.setAccessibleName("Explanation panel")
        self.entity: Entity | None = None
        self.mention: Mention | None = None
        self.state: DocState | None = None
        self.link_target: Entity | None = None  # what a chosen article is linked to
        self._base_sizes: dict[QWidget, float] = {}  # set_text_size: each text's own size
        self.text_scale = 1.0
        self._choices_for: Entity | None = None  # the entity whose choices are listed
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        self.scroll = scroll
        scroll.setObjectName("panelScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(14, 12, 14, 12)
        lay.setSpacing(6)
        self.placeholder = self._label("panelMeta", "Click an underlined name, or press Tab "
                                       "to reach one and Enter to explain it.")
        lay.addWidget(self.placeholder)
        self.refers = self._label("panelRefers", rich=True)
        self.refers.linkActivated.connect(self._on_link)
        self.title = self._label("panelTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        self.title.setFont(font)
        self.description = self._label("panelDescription")
        # What the text says: before the summary when the KB has no article (it is the
        # content), after the summary when it has one.
        self.said_box = QWidget()
        said_lay = QVBoxLayout(self.said_box)
        said_lay.setContentsMargins(0, 0, 0, 0)
        said_lay.setSpacing(4)
        self.said_label = self._label("sectionLabel", IN_THIS_TEXT)
        self.said = self._label("panelSaid")
        self.said.setAccessibleName("What this text says about it")
        self.quote = self._label("panelQuote")
        italic = self.quote.font()
        italic.setItalic(True)
        self.quote.setFont(italic)
        for w in (self.said_label, self.said, self.quote):
            said_lay.addWidget(w)
        self.summary = self._label("panelSummary")
        self.meta = self._label("panelMeta", rich=True)
        self.meta.linkActivated.connect(self.openInBrowser)
        self._body = lay
        for w in (self.refers, self.title, self.description, self.said_box, self.summary,
                  self.meta):
            lay.addWidget(w)
        actions = QHBoxLayout()
        self.open_button = self._button("Open in Wikipedia", self._open)
        self.known_button = self._button("I know this", self._toggle_known)
        self.known_button.setCheckable(True)
        self.fetch_button = self._button("Fetch when online", self._fetch)
        for b in (self.known_button, self.open_button, self.fetch_button):
            actions.addWidget(b)
        actions.addStretch(1)
        lay.addLayout(actions)
        self.choose_button = self._button(CHOOSE, self._toggle_choices)
        self.choose_button.setCheckable(True)
        self.correct_button = QPushButton("Correct\u2026")
        self.correct_button.setAccessibleName("Correct the analysis of this name")
        self.correct_button.setToolTip("The same person as another name, not a name, or what "
                                       "a reference refers to (undo: Edit \u25b8 Undo "
                                       "correction)")
        self.correct_menu = QMenu(self.correct_button)
        self.same_action = self.correct_menu.addAction(
            "These are the same person\u2026", lambda: self.correctionWanted.emit("same"))
        self.not_name_action = self.correct_menu.addAction(
            "This is not a name", lambda: self.correctionWanted.emit("not_name"))
        self.not_name_everywhere_action = self.correct_menu.addAction(
            "This is not a name, in every document",
            lambda: self.correctionWanted.emit("not_name_everywhere"))
        self.refers_action = self.correct_menu.addAction(
            "This refers to\u2026", lambda: self.correctionWanted.emit("refers_to"))
        self.correct_button.setMenu(self.correct_menu)
        choose_row = QHBoxLayout()
        choose_row.addWidget(self.choose_button)
        choose_row.addWidget(self.correct_button)
        choose_row.addStretch(1)
        lay.addLayout(choose_row)
        self.choices_box = QWidget()
        cl = QVBoxLayout(self.choices_box)
        cl.setContentsMargins(0, 0, 0, 0)
        self.choices_label = self._label("sectionLabel", DID_YOU_MEAN)
        cl.addWidget(self.choices_label)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search the knowledge base\u2026")
        self.search.setAccessibleName("Search for another article")
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(lambda: self.searchWanted.emit(self.search.text()))
        self.choices = QListWidget()
        self.choices.setAccessibleName("Other articles this name may mean")
        self.choices.setWordWrap(True)
        # Rows of two lines ran into each other (a tour of the app): each its own shade.
        self.choices.setAlternatingRowColors(True)
        self.choices.itemActivated.connect(self._choose)
        self.choices.itemDoubleClicked.connect(self._choose)
        self.choices.currentItemChanged.connect(self._preview)
        self.choices.itemClicked.connect(self._preview)
        # The article clicked in the list: its title, description, summary and licence.
        self.preview = QFrame()
        self.preview.setObjectName("panelPreview")
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        pl = QVBoxLayout(self.preview)
        pl.setContentsMargins(8, 6, 8, 6)
        pl.setSpacing(4)
        self.preview_title = self._label("panelPreviewTitle")
        bold = self.preview_title.font()
        bold.setBold(True)
        self.preview_title.setFont(bold)
        self.preview_description = self._label("panelDescription")
        self.preview_summary = self._label("panelSummary")
        self.preview_meta = self._label("panelMeta")
        for w in (self.preview_title, self.preview_description, self.preview_summary,
                  self.preview_meta):
            pl.addWidget(w)
        self.preview.setAccessibleName("The article clicked in the list")
        self.preview.setVisible(False)
        self._previewed = ""  # the title the preview shows or waits for
        self.use_button = self._button("Use this article", self._use_selected)
        cl.addWidget(self.search)
        cl.addWidget(self.choices)
        # The button right under the list, the article's preview below it: under the
        # preview it was out of sight for a long summary (two app tours scrolled for it).
        cl.addWidget(self.use_button, 0, Qt.AlignmentFlag.AlignLeft)
        cl.addWidget(self.preview)
        self.choices_box.setVisible(False)
        lay.addWidget(self.choices_box)
        self.mentions_label = self._label("sectionLabel", "Mentions in this text")
        lay.addWidget(self.mentions_label)
        self.mentions = QListWidget()
        self.mentions.setAccessibleName("Mentions in this text")
        self.mentions.setWordWrap(True)
        self.mentions.setMinimumHeight(120)
        self.mentions.itemActivated.connect(self._jump)
        self.mentions.itemClicked.connect(self._jump)
        lay.addWidget(self.mentions, 1)
        # Without the mentions (an unclear reference) the rest stays at the top, together:
        # this takes the height the list would, instead of the gaps between the labels.
        lay.addStretch(0)
        self.online = False
        self._url = ""
        # What would explain a name the knowledge base lacks; the window names its menus.
        self._hints = (NOT_IN_KB, NOT_IN_KB)  # (offline, online)
        self._last: tuple[str, object] = ("", None)  # what is shown: for refresh()
        self.show_nothing()

    @property
    def missing_hint(self) -> str:
        """What the panel says for a name the knowledge base lacks (offline or online)."""
        return self._hints[1 if self.online else 0]

    def set_missing_hints(self, offline: str, online: str) -> None:
        """The words for a name the knowledge base lacks, with the menus that fix it."""
        self._hints = (offline, online)
        self.refresh()

    def refresh(self) -> None:
        """Show the current mention or entity again.

        After the reader read further, a setting changed or the words changed.
        """
        if self.state is None:
            return
        known = self.known_button.isChecked()
        what, item = self._last
        if what == "mention":
            self.show_mention(self.state, item, known=known)  # type: ignore[arg-type]
        elif what == "entity":
            self.show_entity(self.state, item, known=known)  # type: ignore[arg-type]
        elif what == "lookup":
            query, choices, target = item  # type: ignore[misc]
            previewed = self._previewed
            self.show_suggestions(query, choices, target)
            if previewed:  # the article clicked stays shown
                self._select(previewed)

    def _label(self, name: str, text: str = "", rich: bool = False) -> QLabel:
        label = QLabel(text)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        if rich:
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                          | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
            label.setOpenExternalLinks(False)
        else:
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _button(self, text: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text)
        button.clicked.connect(slot)
        return button

    # -------------------------------------------------------------- showing

    def show_nothing(self) -> None:
        """The empty panel with a hint."""
        self.entity = self.mention = None
        self.link_target = self._choices_for = None
        self._last = ("", None)
        self._clear_preview()
        self.placeholder.show()
        for w in (self.refers, self.title, self.description, self.said_box, self.summary,
                  self.meta, self.open_button, self.known_button, self.fetch_button,
                  self.choose_button, self.choices_box, self.mentions_label, self.mentions,
                  self.correct_button):
            w.hide()

    def show_mention(self, state: DocState, mention: Mention, *, known: bool) -> None:
        """Explain one mention (a name, or a reference and what it refers to)."""
        new = mention is not self.mention
        self.state, self.mention = state, mention
        self._show_mention(state, mention, known=known)
        self._last = ("mention", mention)
        if new:  # another mention: from the top ("Refers to:" first), not where the last was
            self.scroll.verticalScrollBar().setValue(0)

    def _show_mention(self, state: DocState, mention: Mention, *, known: bool) -> None:
        raw = state.entity_of(mention)
        entity = state.shown(raw)  # as read so far, with spoiler-safe reading
        later = raw is not None and entity is None  # named only further on
        self.placeholder.hide()
        if later:
            self.refers.setText(escape(LATER_NOTE))
            self.refers.show()
        elif mention.kind == "reference":
            note = escape(reference_note(mention, entity, trimmed=entity is not raw))
            link = (f' <a href="entity:{entity.id}">Show {escape(link_words(state, entity))}'
                    f'</a>' if entity else "")
            self.refers.setText(f"<b>Refers to:</b> {note}{link}")
            self.refers.show()
        elif (meto := state.metonym_of(mention)) is not None:
            # A name that stands for something else here ("the Kremlin said"): the word's
            # own entity below, what it stands for on top.
            meant = state.shown(state.entity_of(meto))
            note = escape(metonym_note(state, meto))
            link = (f' <a href="entity:{meant.id}">Show {escape(link_words(state, meant))}'
                    f'</a>' if meant is not None and meant.id != mention.entity else "")
            self.refers.setText(note + link)
            self.refers.show()
        else:
            self.refers.hide()
        if entity is None:
            self.entity = None
            self.title.setText(f"\u201c{mention.text}\u201d")
            self.description.setText(LATER if later else "Unclear reference")
            for w in (self.said_box, self.summary, self.meta, self.open_button,
                      self.known_button, self.fetch_button, self.choose_button,
                      self.choices_box, self.mentions_label, self.mentions):
                w.hide()
            self.title.show()
            self.description.show()
            self._offer_corrections(mention, None)
            return
        self.show_entity(state, raw, known=known, keep_refers=self.refers.isVisibleTo(self))
        self._offer_corrections(mention, raw)

    def show_entity(self, state: DocState, entity: Entity, *, known: bool,
                    keep_refers: bool = False) -> None:
        """Explain one entity (as read so far, with spoiler-safe reading)."""
        self._last = ("entity", entity)
        self._body.setStretch(self._body.count() - 1, 0)
        shown = state.shown(entity)
        if shown is None:  # not named yet where the reader is: nothing to show
            self.show_nothing()
            return
        self.state, self.entity = state, entity  # the whole entity: choices, fetches
        entity = shown
        self.placeholder.hide()
        if not keep_refers:
            self.refers.hide()
        article = state.article_of(entity)
        if article is not None:
            guess = unsure(entity)
            self.title.setText(f"Perhaps {article.title}?" if guess else article.title)
            self.description.setText(article.description or kind_words(entity))
            # A guess gets one sentence and the odds, never the whole summary as if sure.
            spelled = spelled_note(entity.spellings, article)
            self.summary.setText("\n\n".join(filter(None, (
                f"{first_sentence(article.extract)}\n\n{doubt_note(entity, on_card=False)}"
                if guess else article.extract, spelled))))
            self._url = article.page_url
            self.meta.setText(
                f"Source: {escape(source_words(article))}<br>"
                f"Fetched: {escape(fetched_words(article))}<br>"
                f"Licence: {escape(article.license)}<br>"
                f'<small>{escape(article.attribution)}</small>')
            self.summary.show()
            self.fetch_button.hide()
        else:
            self.title.setText(entity.name)
            self.description.setText(kind_words(entity))
            doubt = doubt_note(entity, on_card=False, article=state.articles.get)
            hint = self.missing_hint
            if doubt:
                # The KB holds candidates, none likely enough: not "not in your knowledge",
                # but what to do if it is none of them.
                hint = f"{doubt}\n\nIf not, {hint_remedy(hint)}"
            self.summary.setText(hint)
            self.meta.setText("")
            self._url = ""
            self.summary.show()
            self.fetch_button.show()
            self.fetch_button.setEnabled(True)
            self.fetch_button.setText("Fetch now" if self.online else "Fetch when online")
        self._show_said(entity, after_summary=article is not None)
        self.title.show()
        self.description.show()
        self.meta.setVisible(bool(self.meta.text()))
        self.open_button.setVisible(article is not None)
        self.open_button.setEnabled(self.online and article is not None)
        self.open_button.setToolTip("" if self.online else
                                    "Allow internet look-ups in Knowledge to open Wikipedia.")
        self.known_button.show()
        self.known_button.setChecked(known)
        self.known_button.setText("Known \u2713" if known else "I know this")
        # A name the KB lacks has its "Did you mean…" and search open: no button for them.
        self.choose_button.setVisible(article is not None)
        self.link_target = self.entity
        self._fill_mentions(state, entity)
        self._offer_corrections(None, entity)
        if article is None and self.choices_box.isVisible() and (
                self._choices_for is not None and self._choices_for.id == entity.id):
            return  # shown again (a refresh): the list and the article clicked stay
        self.choose_button.setChecked(False)
        self.choices_box.hide()
        self.choices.clear()
        self._clear_preview()
        self._choices_for = None
        if article is None:  # "Did you mean…": the name's candidates, at once
            self.choose_button.setChecked(True)
            self._open_choices(focus=False)

    def _offer_corrections(self, mention: Mention | None, entity: Entity | None) -> None:
        """The "Correct…" menu: what applies to the mention or entity shown."""
        reference = mention is not None and mention.kind == "reference"
        self.same_action.setVisible(entity is not None and not reference)
        self.not_name_action.setVisible(not reference and (entity is not None
                                                           or mention is not None))
        self.not_name_everywhere_action.setVisible(self.not_name_action.isVisible())
        self.refers_action.setVisible(reference)
        self.correct_button.setVisible(entity is not None or mention is not None)

    def show_suggestions(self, query: str, choices: list[Choice],
                         target: Entity | None = None) -> None:
        """"Look up": the knowledge base's answers for words the reader selected.

        ``target``: the name of the text the words are (its entity), which a result
        clicked may be linked to.
        """
        self.show_nothing()
        self.link_target = target
        self.placeholder.hide()
        self.title.setText(f"\u201c{query}\u201d")
        self.description.setText("Did you mean\u2026" if choices else
                                 "Nothing in your knowledge base matches these words.")
        self.title.show()
        self.description.show()
        self.search.setText(query)
        self.choices.clear()
        for c in choices:
            text = c.title + (f" \u2014 {c.description}" if c.description else "")
            item = QListWidgetItem(text)
            item.setData(ROLE, c.title)
            item.setToolTip(c.snippet.replace("[", "").replace("]", "") if c.snippet else "")
            self.choices.addItem(item)
        self.choices_box.setVisible(bool(choices))
        self._fit_list()
        self._body.setStretch(self._body.count() - 1, 1)  # all together at the top
        self.choices_label.hide()  # the description says "Did you mean…"
        self._show_use_button()
        self._last = ("lookup", (query, choices, target))

    def _show_said(self, entity: Entity, *, after_summary: bool) -> None:
        """What the text says about the entity, before the summary or after it."""
        self.said.setText("\n".join(said_lines(entity)))
        self.quote.setText(first_mention_words(entity))
        self.said.setVisible(bool(self.said.text()))
        self.quote.setVisible(bool(self.quote.text()))
        self._body.removeWidget(self.said_box)
        at = self._body.indexOf(self.summary) + (1 if after_summary else 0)
        self._body.insertWidget(at, self.said_box)
        self.said_box.setVisible(bool(self.said.text() or self.quote.text()))

    def _fill_mentions(self, state: DocState, entity: Entity) -> None:
        self.mentions.clear()
        found = state.shown_mentions_of(entity.id)
        so_far = " so far" if state.read_to is not None else ""
        self.mentions_label.setText(f"Mentions in this text{so_far} ({len(found)})")
        for m in found[:2000]:
            item = QListWidgetItem(state.snippet(m))
            item.setData(ROLE, m)
            self.mentions.addItem(item)
        self.mentions_label.show()
        self.mentions.show()

    def set_choices(self, choices: list[Choice]) -> None:
        """Fill "Not this? Choose another" (alternatives first, then search results)."""
        self._clear_preview()
        self.choices.clear()
        current = self.entity.kb_title if self.entity else None
        # A guess stays among the choices, so that the reader can say it is right (an app
        # tour could not confirm "Perhaps Marie Curie?"); a sure link is no other choice.
        guess = self.entity is not None and unsure(self.entity)
        for c in choices:
            if c.title == current and not guess:
                continue
            text = c.title + (f" \u2014 {c.description}" if c.description else "")
            if c.title == current:
                text += " (the current guess)"
            item = QListWidgetItem(text)
            item.setData(ROLE, c.title)
            item.setToolTip(c.snippet.replace("[", "").replace("]", "") if c.snippet else "")
            self.choices.addItem(item)
        if not self.choices.count():
            item = QListWidgetItem("No other article found. Try a search."
                                   if current else "Nothing like this name. Try a search.")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.choices.addItem(item)
        self._fit_list()

    def _fit_list(self) -> None:
        """The list of articles as tall as its rows (up to LIST_ROWS), no taller."""
        fm = self.choices.fontMetrics()
        width = max(120, self.choices.viewport().width() - 8)
        height = fm.height()
        if self.choices.count():
            height = sum(fm.boundingRect(QRect(0, 0, width, 10_000),
                                         Qt.TextFlag.TextWordWrap,
                                         self.choices.item(i).text()).height() + 2
                         for i in range(min(LIST_ROWS, self.choices.count())))
        self.choices.setFixedHeight(height + 2 * self.choices.frameWidth() + 6)

    def set_text_size(self, size: float) -> None:
        """The panel's text follows the reading font size (``size`` points; zoom, Settings).

        Each label, list and field keeps its own proportion (the title 1.35 times the
        text): at the default reading size they are as the desktop draws them.
        """
        from glossator.gui.settings import DEFAULT_FONT_SIZE

        if not self._base_sizes:
            for kind in (QLabel, QListWidget, QLineEdit):
                for w in self.findChildren(kind):
                    self._base_sizes[w] = w.font().pointSizeF()
        scale = size / DEFAULT_FONT_SIZE
        for w, base in self._base_sizes.items():
            if base > 0:
                font = w.font()
                font.setPointSizeF(base * scale)
                w.setFont(font)
        self.text_scale = scale
        if self.choices_box.isVisible():
            self._fit_list()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A narrower panel wraps the list's rows onto more lines: fit it again."""
        super().resizeEvent(event)
        if self.choices_box.isVisible():
            self._fit_list()

    def show_preview(self, title: str, article: Article | None) -> None:
        """Show the article clicked in a list (if it is still the one selected)."""
        if title != self._previewed:
            return
        if article is None:
            self.preview_title.setText(title)
            self.preview_description.setText("Not in the knowledge base.")
            self.preview_summary.setText("")
            self.preview_meta.setText("")
        else:
            self.preview_title.setText(article.title)
            self.preview_description.setText(article.description or "")
            self.preview_summary.setText(_shortened(article.extract, PREVIEW_CHARS))
            # The address may break after a slash: it never widens the panel.
            credit = article.attribution.replace("/", "/\u200b").replace("_", "_\u200b")
            self.preview_meta.setText(f"{source_words(article)} \u00b7 {article.license}\n"
                                      f"{credit}")
        for w in (self.preview_description, self.preview_summary, self.preview_meta):
            w.setVisible(bool(w.text()))
        self.preview.show()
        self._show_use_button()

    def _preview(self, item: QListWidgetItem | None, *_: object) -> None:
        title = item.data(ROLE) if item is not None else None
        if not title or title == self._previewed:
            return
        self._previewed = title
        self.preview_title.setText(title)
        for w in (self.preview_description, self.preview_summary, self.preview_meta):
            w.setText("")
            w.hide()
        self.preview.show()
        self._show_use_button()
        self.articleWanted.emit(title)

    def _clear_preview(self) -> None:
        self._previewed = ""
        self.preview.hide()

    def _select(self, title: str) -> None:
        for i in range(self.choices.count()):
            if self.choices.item(i).data(ROLE) == title:
                self.choices.setCurrentRow(i)
                return

    def _show_use_button(self) -> None:
        """"Link “name” to this article" when the list is about a name of the text."""
        target = self.link_target
        self.use_button.setVisible(target is not None)
        if target is not None:
            words = f"Link \u201c{target.name}\u201d to this article"
            self.use_button.setText(f"Link \u201c{_shortened(target.name, 18)}\u201d to "
                                    "this article")
            self.use_button.setAccessibleName(words)
            self.use_button.setToolTip(f"{words}: the name means it from now on "
                                       "(undo: choose another)")
            self.use_button.setEnabled(bool(self._previewed
                                            or self.choices.currentItem() is not None))
    def set_online(self, online: bool) -> None:
        """Enable the actions that need the internet."""
        self.online = online
        self.refresh()

    # --------------------------------------------------------------- actions

    def _on_link(self, href: str) -> None:
        if href.startswith("entity:"):
            self.entityLinkActivated.emit(href.split(":", 1)[1])

    def _open(self) -> None:
        if self._url and self.online:
            self.openInBrowser.emit(self._url)

    def _toggle_known(self) -> None:
        if self.entity is not None:
            known = self.known_button.isChecked()
            self.known_button.setText("Known \u2713" if known else "I know this")
            self.knownToggled.emit(self.entity, known)

    def _fetch(self) -> None:
        if self.entity is not None:
            self.fetchQueued.emit(self.entity)
            self.fetch_button.setEnabled(False)
            self.fetch_button.setText("Queued" if not self.online else "Fetching…")

    def _toggle_choices(self) -> None:
        self._open_choices(focus=True)

    def _open_choices(self, *, focus: bool) -> None:
        show = self.choose_button.isChecked()
        self.choices_box.setVisible(show)
        self._clear_preview()
        if show and self.entity is not None:
            linked = self.state is not None and self.state.article_of(self.entity) is not None
            self.choices_label.setText(OTHER_ARTICLES if linked else DID_YOU_MEAN)
            self.choices_label.show()
            self.link_target = self._choices_for = self.entity
            self.search.setText(self.entity.name)
            self.choices.clear()
            self.choices.addItem("Looking…")
            self._fit_list()
            self._show_use_button()
            self.choicesWanted.emit(self.entity)
            if focus:
                self.choices.setFocus()

    def _choose(self, item: QListWidgetItem) -> None:
        title = item.data(ROLE)
        if not title:
            return
        if self.link_target is not None:
            self.choiceMade.emit(self.link_target, title)
        else:  # nothing to link (a look-up of words): show the article
            self._preview(item)

    def _use_selected(self) -> None:
        item = self.choices.currentItem()
        if item is not None:
            self._choose(item)

    def _jump(self, item: QListWidgetItem) -> None:
        m = item.data(ROLE)
        if m is not None:
            self.mentionChosen.emit(m)
