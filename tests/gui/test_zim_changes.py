"""A Kiwix ZIM attached, its links counted and detached under a running app (issue 14).

The REAL engine and a worker made as the app makes it (``live_window``), a ZIM written by
the test with libzim. The open document is analysed again when the ZIM's index is built,
when its link priors are counted and when it is detached, without a restart: its names
mean what the knowledge base says now.
"""

from __future__ import annotations

import pytest

from glossator.gui.operations import CountLinks, ZimTask
from tests.gui.conftest import make_document, open_and_wait, wait_reanalysed

pytest.importorskip("libzim")

NAME = "Harald Vinterberg"
TEXT = (f"# Voyage\n\n{NAME} drew the first chart of the northern seas. Vinterberg sailed "
        "from Bergen in 1702 and never came back.\n")


def _page(title: str, body: str) -> tuple[str, str]:
    return title, f"<p>{body}</p>"


# Two articles a name could mean, and pages whose links say which one "Vinterberg" means.
PAGES = {
    # A lead as Wikipedia writes one (the lifespan makes the reader type him a person; an
    # untyped page reads as a concept, and a person's name then sits at the link line).
    "Harald_Vinterberg": _page(NAME, f"<b>{NAME}</b> (1660–1702) was an imaginary "
                                "cartographer of the northern seas."),
    "Vinterberg_(ship)": _page("Vinterberg (ship)", "The Vinterberg was an imaginary whaler."),
    "Northern_seas": _page("Northern seas", 'The seas charted by <a href="Harald_Vinterberg">'
                           'Vinterberg</a> and by <a href="Harald_Vinterberg">Harald '
                           'Vinterberg</a>.'),
    "Bergen_maps": _page("Bergen maps", 'Maps drawn by <a href="Harald_Vinterberg">'
                         'Vinterberg</a> in Bergen.'),
    "Whalers": _page("Whalers", 'The whaler <a href="Vinterberg_(ship)">Vinterberg</a>.'),
}


def _title_of(window, name: str) -> str | None:
    state = window.state
    mention = window.reader.mention_at(state.document.text.index(name))
    assert mention is not None, name
    entity = state.entity_of(mention)
    return entity.kb_title if entity is not None else None


def _offered(window, name: str) -> str | None:
    """The article the name is linked to, else the one its card offers first ("perhaps")."""
    state = window.state
    entity = state.entity_of(window.reader.mention_at(state.document.text.index(name)))
    if entity is None:
        return None
    return entity.kb_title or (entity.alternatives[0].kb_title if entity.alternatives
                               else None)


def test_attach_count_links_and_detach_relink_the_open_document(qtbot, live_window,
                                                                tmp_path):
    from glossator.core.kb import zim_attach
    from glossator.core.kb.link_priors import link_prior
    from tests.core.kb.zimfixtures import write_zim

    window, _starter = live_window
    worker = window.worker.worker
    open_and_wait(qtbot, window, make_document(TEXT))
    assert _title_of(window, NAME) is None
    zim = write_zim(tmp_path / "wikipedia_en_test.zim", pages=PAGES)

    # Attached and indexed: the document is analysed again, the name is the ZIM's article
    # (linked, or offered first beside the ship of the same name: which side of the link
    # threshold it falls is the shipped ranker's; the links below decide it) and its card
    # text is read from the file.
    done = wait_reanalysed(qtbot, window,
                           lambda: window.worker.run(ZimTask("attach", str(zim))))
    assert done[-1].task == "attach" and done[-1].message.startswith("Indexed ")
    assert _offered(window, NAME) == NAME
    assert "imaginary cartographer" in worker.kb.article(NAME).extract
    assert worker.engine.kb is worker.kb and worker.engine.linker.kb is worker.kb
    (found,) = zim_attach.list_attached(worker.kb.zim_dir)

    # The link priors: counted as a background task, progress told, then analysed again.
    progress = []
    worker.taskProgress.connect(progress.append)
    done = wait_reanalysed(qtbot, window, lambda: window.worker.run(CountLinks(found.id)))
    assert done[-1].task == "links" and "Link priors of" in done[-1].message, done[-1]
    assert [p for p in progress if p.task == "links"]
    priors = link_prior(worker.kb, "Vinterberg")
    assert priors and max(priors, key=priors.get) == NAME, priors
    assert _title_of(window, NAME) == NAME
    # Asked again: nothing to count.
    again = []
    window.worker.run(CountLinks(found.id), success=again.append)
    qtbot.waitUntil(lambda: bool(again), timeout=10_000)
    assert "are counted" in again[0].message

    # Detached: analysed again, the name means nothing again; the ZIM is kept.
    done = wait_reanalysed(qtbot, window,
                           lambda: window.worker.run(ZimTask("detach", found.id)))
    assert done[-1].message.startswith("Detached")
    assert _title_of(window, NAME) is None
    assert zim.is_file()
