"""The hover card sits beside the word it explains, never over it, at 1.0 and 1.5 scale (issue 15).

The word's rectangle comes from the reader (``ReaderView.mention_rect``); at each scale a
process of its own (Qt reads ``QT_SCALE_FACTOR`` once) hovers words at the top, middle and
bottom of a full-screen window, for a tall card (a summary) and a short one, and clicks them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize

from glossator.gui.hovercard import CARD_WIDTH, CardContent, HoverCard, place_card

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("scale", ["1", "1.5"])
def test_card_never_covers_its_word(scale: str):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR=scale)
    run = subprocess.run([sys.executable, "-m", "tests.gui.card_geometry"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert report["scale"] == scale
    assert len(report["cases"]) == 6
    for case in report["cases"]:
        word, card = QRect(*case["word"]), QRect(*case["card"])
        assert case["card_shown"], case
        assert not card.intersects(word), case
        assert not case["under_is_card"], case  # a click on the word reaches the word
        assert case["clicked"] == case["entity"], case
        if case["where"] == "bottom" and case["entity"] == "e1":
            assert card.bottom() < word.top(), case  # a tall card, no room below: above
        elif case["where"] != "bottom":
            assert card.top() > word.bottom(), case  # below the word


SCREEN = QRect(0, 0, 800, 600)


@pytest.mark.parametrize("word", [QRect(100, 50, 120, 20), QRect(100, 560, 120, 20),
                                  QRect(700, 300, 90, 30), QRect(0, 290, 40, 40),
                                  QRect(300, 200, 200, 60)])
@pytest.mark.parametrize("height", [80, 250, 420])
def test_placement_is_beside_the_word(word: QRect, height: int):
    size = QSize(CARD_WIDTH, height)
    at = word.center()
    spot = place_card(size, at, word, SCREEN)
    card = QRect(spot, size)
    assert not card.intersects(word)
    assert card.left() >= SCREEN.left() and card.right() <= SCREEN.right()


def test_placement_prefers_below_then_above():
    word = QRect(100, 100, 80, 20)
    assert place_card(QSize(CARD_WIDTH, 100), word.center(), word, SCREEN).y() > word.bottom()
    low = QRect(100, 550, 80, 20)
    spot = place_card(QSize(CARD_WIDTH, 100), low.center(), low, SCREEN)
    assert spot.y() + 100 <= low.top()


def test_a_tall_card_gives_up_summary_lines_rather_than_cover_the_word(qtbot, monkeypatch):
    card = HoverCard()
    qtbot.addWidget(card)
    monkeypatch.setattr(HoverCard, "_area", staticmethod(lambda _at: QRect(0, 0, 420, 360)))
    summary = "Ada Lovelace was an English mathematician and writer. " * 12
    word = QRect(20, 150, 100, 22)
    card.request(CardContent("Ada Lovelace", "English mathematician", summary,
                             footer="From Wikipedia"), word.center(), word)
    card.show_now()
    assert not card.geometry().intersects(word)
    assert card.title.text() == "Ada Lovelace" and card.footer.isVisible()
    assert len(card.summary.text()) < len(" ".join(summary.split()))


def test_the_same_entity_lower_down_moves_the_card_off_its_word(qtbot):
    card = HoverCard()
    qtbot.addWidget(card)
    content = CardContent("Ada Lovelace", "English mathematician", "A mathematician.")
    first = QRect(100, 100, 100, 20)
    card.request(content, first.center(), first)
    card.show_now()
    under = QRect(110, card.geometry().top() + 10, 100, 20)  # the next mention, under the card
    card.request(content, under.center(), under)
    assert not card.geometry().intersects(under)
    assert card.geometry().topLeft() != QPoint(0, 0)
