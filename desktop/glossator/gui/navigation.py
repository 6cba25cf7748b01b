"""Back and forward between reading positions, as in a browser or an e-reader.

A position is a character offset of ``Document.text`` (the top of the view). A
jump (to a mention from who's who or the side panel, to a find match) records
where the reader was; Back returns there and Forward goes to the jump's target
again. Pure Python: the window asks, scrolls and updates its actions.
"""

from __future__ import annotations

MAX_HISTORY = 100
NEAR = 40  # characters: two positions this close are the same place


class NavigationHistory:
    """The reading positions before (back) and after (forward) the current one."""

    def __init__(self) -> None:
        self._back: list[int] = []
        self._forward: list[int] = []

    def clear(self) -> None:
        """Forget everything (a new document)."""
        self._back.clear()
        self._forward.clear()

    @property
    def can_go_back(self) -> bool:
        """Whether there is a position to go back to."""
        return bool(self._back)

    @property
    def can_go_forward(self) -> bool:
        """Whether there is a position to go forward to."""
        return bool(self._forward)

    def push(self, here: int) -> None:
        """A jump leaves ``here``: remember it, and forget the forward positions."""
        if self._back and abs(self._back[-1] - here) <= NEAR:
            self._forward.clear()
            return
        self._back.append(here)
        del self._back[:-MAX_HISTORY]
        self._forward.clear()

    def back(self, here: int) -> int | None:
        """The position to go back to (``here`` becomes the way forward), or None."""
        if not self._back:
            return None
        self._forward.append(here)
        return self._back.pop()

    def forward(self, here: int) -> int | None:
        """The position to go forward to (``here`` becomes the way back), or None."""
        if not self._forward:
            return None
        self._back.append(here)
        return self._forward.pop()

    @property
    def back_positions(self) -> list[int]:
        """The way back, oldest first (tests)."""
        return list(self._back)

    @property
    def forward_positions(self) -> list[int]:
        """The way forward, nearest last (tests)."""
        return list(self._forward)
