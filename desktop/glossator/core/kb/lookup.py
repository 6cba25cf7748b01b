"""The look-up API over the two knowledge base layers, used by the linker and the app.

Reads see the user layer and the bundled starter layer (the user's copy of a
title wins); writes go to the user layer only. A user layer that cannot be read
(damaged, from a newer Glossator, another program's file) is set aside with a
notice, on opening or at the first read that fails, and reading goes on with
the starter pack.

Attached Kiwix ZIMs (``zim_layer.ZimLayer``, one per file in the ``zim-index``
folder beside the user file) are read under those two: their names join every
look-up, their articles are read when no other layer has the title. They are kept
apart from ``layers``, which bulk readers (the gazetteer, the linker's statistics)
scan whole.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlite_utils
from rapidfuzz import process
from rapidfuzz.distance import OSA, JaroWinkler

from glossator.core.kb import schema
from glossator.core.kb.link_priors import add_link_counts
from glossator.core.kb.normalize import (
    max_edits,
    normalise,
    phonetic_keys,
    segment_probes,
    word_edits,
)
from glossator.core.kb.records import SummaryRecord
from glossator.core.kb.store import KBCorruptError, KBError, KBLayer
from glossator.core.models import Article, Candidate, ImportStats

# Phonetic matches further than this (normalised edit similarity) are noise.
MIN_PHONETIC_SIMILARITY = 0.55
# Names fetched through one word at most; a word in more names than this is not selective.
POSTINGS_CAP = 5000
FEW_POSTINGS = 50
# Names (each with one or more articles) scored per query at most.
MAX_NAMES = 40
# Ranking words by selectivity only needs to tell common from rare.
RANK_CAP = 1000
TWO_EDIT_CAP = 20000
# Longer names match nothing stored (aliases are capped at import); more words than
# this are a sentence, not a name, and would cost a vocabulary search each.
MAX_NAME_CHARS = 520
MAX_NAME_WORDS = 12
# Link priors (``link_priors``): where the attached ZIMs' own links use a name,
# p(article | name) is (links to the article + LINK_PSEUDO * alias prior) / (links +
# LINK_PSEUDO): a name linked a few times keeps most of its alias prior, one linked
# hundreds of times is ruled by its links.
LINK_PSEUDO = 3.0
# An article that only the links give a name ("Big Apple" written as a link to New York
# City with no redirect) joins that name's candidates from this many links and share, at
# most ANCHOR_MAX of them (as a redirect: a name Wikipedia's editors use for it).
ANCHOR_MIN_LINKS = 3
ANCHOR_MIN_SHARE = 0.02
ANCHOR_MAX = 5

# The evidence of a name matched as it is stored (read only: candidates copy it).
_EXACT = {"edit_distance": 0.0, "similarity": 1.0, "jaro_winkler": 1.0, "phonetic": 0.0}

_log = logging.getLogger("glossator.kb")


def _falls_back(method: Callable[..., Any]) -> Callable[..., Any]:
    """Retry a read without a layer that failed it, as long as another layer is left."""

    @functools.wraps(method)
    def wrapper(self: KnowledgeBase, *args: Any, **kwargs: Any) -> Any:
        while True:
            try:
                return method(self, *args, **kwargs)
            except KBCorruptError as exc:
                if exc.layer in self.zim_layers:
                    self._set_aside_zim(exc.layer, str(exc))
                    continue
                if exc.layer not in self.layers or len(self.layers) < 2:
                    raise
                self._set_aside(exc.layer, str(exc))

    return wrapper


class KnowledgeBase:
    """Read both layers, write the user layer."""

    def __init__(self, layers: Iterable[KBLayer], *,
                 on_notice: Callable[[str], None] | None = None,
                 notices: Iterable[str] = (), zim_layers: Iterable[Any] = (),
                 zim_dir: Path | None = None) -> None:
        """``on_notice`` is told when a layer is set aside (default: a logged warning).

        ``zim_layers`` are the attached ZIMs, read under ``layers``; ``zim_dir`` is the
        folder their indexes are in (``refresh_attached`` looks there again).
        """
        self.layers = list(layers)
        self.zim_layers = list(zim_layers)
        self.zim_dir = zim_dir
        self.on_notice = on_notice or _log.warning
        self.notices: list[str] = []
        if not self.layers:
            raise KBError("No knowledge base is available.")
        for message in notices:
            self._notice(message)

    def _notice(self, message: str) -> None:
        self.notices.append(message)
        self.on_notice(message)

    @property
    def readers(self) -> list[Any]:
        """Every layer a look-up reads: the knowledge base files, then attached ZIMs."""
        return [*self.layers, *self.zim_layers]

    def _set_aside_zim(self, layer: Any, why: str) -> None:
        self.zim_layers.remove(layer)
        with contextlib.suppress(sqlite3.Error):
            layer.close()
        self._notice(f"{why} Its names are left out for now.")

    def refresh_attached(self) -> None:
        """Open the ZIMs attached since, close those detached (by their index files).

        Also makes the open ones look for link priors again (a pass may have just ended).
        """
        if self.zim_dir is None:
            return
        from glossator.core.kb.zim_layer import ZimLayer

        present = {p.resolve() for p in self.zim_dir.glob("*.sqlite")} \
            if self.zim_dir.is_dir() else set()
        for layer in list(self.zim_layers):
            if layer.path.resolve() not in present:
                self.zim_layers.remove(layer)
                with contextlib.suppress(sqlite3.Error):
                    layer.close()
        for layer in self.zim_layers:  # priors a pass wrote since are read at once
            layer.recheck_link_priors()
        held = {layer.path.resolve() for layer in self.zim_layers}
        for path in sorted(present - held):
            try:
                self.zim_layers.append(ZimLayer(path))
            except KBError as exc:
                self._notice(str(exc))

    def _set_aside(self, layer: KBLayer, why: str) -> None:
        self.layers.remove(layer)
        with contextlib.suppress(sqlite3.Error):
            layer.close()
        others = " and ".join(f"the {other.name} knowledge base" for other in self.layers)
        self._notice(f"{why} Using {others} alone for now.")

    @classmethod
    def open(
        cls,
        user_path: str | os.PathLike[str] | None = None,
        starter_path: str | os.PathLike[str] | None = None,
        *,
        readonly: bool = False,
        on_notice: Callable[[str], None] | None = None,
        attached: bool = True,
    ) -> KnowledgeBase:
        """Open the user layer (created if missing) and the starter layer if present.

        With ``attached``, the ZIMs attached beside the user file are read too.

        Read-only and given ``on_notice``, a user file that cannot be read is left out
        with a notice when the starter is there to read instead; otherwise it is refused
        (``KBError``), as callers without a way to show a notice expect.
        """
        layers: list[KBLayer] = []
        notices: list[str] = []
        if starter_path is not None and Path(starter_path).is_file():
            layers.append(KBLayer(starter_path, readonly=True, name="starter"))
        if user_path is not None:
            user = Path(user_path)
            try:
                if readonly:
                    if user.exists():
                        _bring_up_to_date(user)
                        layers.insert(0, KBLayer(user, readonly=True, name="user"))
                else:
                    layers.insert(0, KBLayer(user, name="user"))
            except KBError as exc:
                if not readonly or not layers or on_notice is None:
                    for layer in layers:
                        layer.close()
                    raise
                notices.append(f"{exc} Using the starter knowledge base alone for now.")
        zim_layers: list[Any] = []
        zim_dir = None
        if attached and user_path is not None:
            from glossator.core.kb.zim_attach import index_dir_for
            from glossator.core.kb.zim_layer import open_attached

            zim_dir = index_dir_for(user_path)
            zim_layers, zim_notices = open_attached(zim_dir)
            notices += zim_notices
        try:
            return cls(layers, on_notice=on_notice, notices=notices, zim_layers=zim_layers,
                       zim_dir=zim_dir)
        except KBError:
            for layer in zim_layers:
                layer.close()
            raise

    @classmethod
    def single(cls, path: str | os.PathLike[str], *, readonly: bool = True,
               on_notice: Callable[[str], None] | None = None) -> KnowledgeBase:
        """One file as the only knowledge base (``annotate --kb PATH``)."""
        return cls([KBLayer(path, readonly=readonly, name="user")], on_notice=on_notice)

    def close(self) -> None:
        """Close every layer."""
        for layer in self.readers:
            layer.close()

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def writable(self) -> KBLayer:
        """The layer writes go to."""
        for layer in self.layers:
            if not layer.readonly:
                return layer
        raise KBError("The knowledge base is open read-only.")

    # ------------------------------------------------------------------ writes

    def upsert(self, records: Iterable[SummaryRecord], **kwargs: Any) -> ImportStats:
        """Store records in the user layer (see ``KBLayer.upsert``)."""
        return self.writable.upsert(records, **kwargs)

    def remember_choice(self, name: str, title: str) -> bool:
        """Make ``name`` point at ``title`` for this user from now on."""
        layer = self.writable
        if layer.article(title) is None:
            article = self.article(title)
            if article is None:
                return False
            layer.upsert([_record_from_article(article)])
        return layer.add_alias(name, title, kind="user")

    def forget_choice(self, name: str, title: str) -> bool:
        """Undo ``remember_choice(name, title)``: the name means what the KB says again."""
        return self.writable.forget_alias(name, title, kind="user")

    # ------------------------------------------------------------------- reads

    @_falls_back
    def article(self, title: str) -> Article | None:
        """The article with this exact title (the user layer's copy first)."""
        for layer in self.readers:
            found = layer.article(title)
            if found is not None:
                return found
        return None

    @_falls_back
    def names_of(self, title: str) -> list[tuple[str, str]]:
        """Every (name, kind) pointing at ``title`` in any layer, sorted."""
        return sorted({pair for layer in self.readers for pair in layer.names_of(title)})

    def contains(self, title: str) -> bool:
        """Whether any layer holds this title."""
        return self.article(title) is not None

    def link_prior(self, name: str) -> dict[str, float]:
        """p(article | name) from the links of the attached ZIMs ({} without link priors)."""
        from glossator.core.kb.link_priors import link_prior

        return link_prior(self, name)

    def link_prior_count(self, name: str) -> int:
        """How many pages of the attached ZIMs use ``name`` as a link."""
        from glossator.core.kb.link_priors import link_prior_count

        return link_prior_count(self, name)

    @_falls_back
    def exact(self, name: str) -> list[Candidate]:
        """Articles with an alias spelled exactly ``name``."""
        return self._candidates([layer.aliases_exact(name) for layer in self.readers], {})

    @_falls_back
    def lookup(self, name: str) -> list[Candidate]:
        """Articles with an alias whose normalised form equals ``name``'s."""
        norm = normalise(name)
        if not norm:
            return []
        # An attached ZIM reads the name's rows and links together (``ZimLayer.lookup_rows``).
        layer_rows = []
        links: dict[str, tuple[int, dict[str, int]]] = {}
        for layer in self.readers:
            both = getattr(layer, "lookup_rows", None)
            if both is None:
                layer_rows.append(layer.aliases_for_norms([norm]))
            else:
                rows, found = both(norm)
                layer_rows.append(rows)
                add_link_counts(links, found)
        return self._candidates(layer_rows, {}, query=(norm, name),
                                links={k: v for k, v in links.items() if v[0]})

    @_falls_back
    def candidates(self, name: str, limit: int = 20, *, max_distance: int | None = None
                   ) -> list[Candidate]:
        """Articles a possibly misspelled or transliterated ``name`` may refer to.

        Exact normalised matches, names within ``max_distance`` edits (default by
        length: 1 up to 5 characters, else 2) and names with the same phonetic
        key; best string match first, then prior.
        """
        norm = normalise(name[:MAX_NAME_CHARS + 1])
        if not norm or len(norm) > MAX_NAME_CHARS or norm.count(" ") >= MAX_NAME_WORDS:
            return self.lookup(name) if len(name) <= MAX_NAME_CHARS else []
        tau = max_edits(len(norm)) if max_distance is None else max_distance
        phonetic = phonetic_keys(norm)
        phonetic_hits: set[str] = set()
        for layer in self.readers:
            phonetic_hits |= layer.norms_for_keys(phonetic)
        # Verify in rapidfuzz's C loop: pools can hold thousands of names.
        near = {other: int(d) for other, d, _ in process.extract(
            norm, {norm} | self._edit_neighbours(norm, tau), scorer=OSA.distance,
            score_cutoff=tau, limit=None)}
        for other in phonetic_hits - near.keys():
            if OSA.normalized_similarity(norm, other) >= MIN_PHONETIC_SIMILARITY:
                near[other] = OSA.distance(norm, other)
        if len(near) > MAX_NAMES:
            # A short name has hundreds of neighbours; keep the closest few.
            ranked = sorted(near, key=lambda o: (near[o], -JaroWinkler.similarity(norm, o)))
            near = {o: near[o] for o in ranked[:MAX_NAMES]}
        evidence = {
            other: {
                "edit_distance": float(distance),
                "similarity": OSA.normalized_similarity(norm, other),
                "jaro_winkler": JaroWinkler.similarity(norm, other),
                "phonetic": float(other in phonetic_hits),
            }
            for other, distance in near.items()
        }
        # Within one name only prior orders articles: its top ``limit`` suffice. A name
        # cut there gets no articles from its links (they may be its cut aliases).
        layer_rows = [layer.aliases_for_norms(list(evidence), per_name=limit)
                      for layer in self.readers]
        cut = any(sum(row[2] == norm for row in rows) >= limit for rows in layer_rows)
        found = self._candidates(layer_rows, evidence, query=None if cut else (norm, name))
        return found[:limit]

    def _edit_neighbours(self, norm: str, tau: int) -> set[str]:
        """Stored names that may lie within ``tau`` edits of ``norm`` (to be verified).

        Each word is matched against the vocabulary of words; a one-word name's
        matches are names themselves, a longer name is completed from the
        postings of its most selective words.
        """
        if tau == 0:
            return set()
        words = norm.split()
        lengths = (len(norm) - tau, len(norm) + tau)
        if len(words) == 1:
            matches = self._similar_words(norm, tau)
            out = set(matches)
            # Names that add a word ("C. Cucugralo" for "Cucugralo"), when few.
            if self._count_postings(matches, lengths, FEW_POSTINGS + 1) <= FEW_POSTINGS:
                out.update(self._postings(matches, lengths))
            return out
        # With at most two edits over two or more words, one of any two words has at
        # most one edit, so the one-edit matches of the two most selective words
        # reach every name within budget. Cheaper when one word settles it: a word
        # none of whose one-edit matches occurs carries the edits, so the others
        # are near-exact; and a long word can take every edit itself (a two-edit
        # search, used when the second word is too common to scan).
        one_edit = [self._similar_words(word, min(tau, 1)) for word in words]
        counts = [self._count_postings(m, lengths, RANK_CAP) for m in one_edit]
        ranked = sorted((i for i in range(len(words)) if counts[i]), key=counts.__getitem__)
        if not ranked:
            return set()
        first = ranked[0]
        if len(ranked) < len(words):
            driving = [one_edit[first]]
        elif len(ranked) > 1 and counts[ranked[1]] < RANK_CAP:
            driving = [one_edit[i] for i in ranked[:2]]  # both selective: cheapest
        elif word_edits(len(words[first])) >= tau:
            driving = [self._similar_words(words[first], tau)]
        else:
            driving = [one_edit[i] for i in ranked[:2]]
        out: set[str] = set()
        for matches in driving:
            out.update(self._postings(matches, lengths))
        return out

    def _similar_words(self, word: str, tau: int) -> set[str]:
        """Words of the vocabulary within ``tau`` (at most 2) edits of ``word``."""
        found = {word}
        if tau <= 0:
            return found
        vocab = {t for layer in self.readers for t in layer.tokens_for_keys(
            segment_probes(word, 1))}
        if tau >= 2:
            # Bounded in case a vocabulary is huge and uniform; never reached in practice.
            for layer in self.readers:
                vocab |= layer.tokens_for_keys(segment_probes(word, 2), limit=TWO_EDIT_CAP)
        found.update(t for t, _, _ in process.extract(
            word, vocab, scorer=OSA.distance, score_cutoff=min(tau, 2), limit=None))
        return found

    def _count_postings(self, words: set[str], lengths: tuple[int, int], cap: int) -> int:
        return sum(layer.count_norms_with_tokens(words, lengths, cap) for layer in self.readers)

    def _postings(self, words: set[str], lengths: tuple[int, int]) -> set[str]:
        return {n for layer in self.readers
                for n in layer.norms_with_tokens(words, lengths, POSTINGS_CAP)}

    def _link_counts(self, norms: Iterable[str]) -> dict[str, tuple[int, dict[str, int]]]:
        """{norm: (links, {title: count})} for the names the attached ZIMs' links use."""
        if not self.zim_layers:
            return {}
        from glossator.core.kb.link_priors import link_counts_many

        return {norm: found for norm, found in link_counts_many(self.zim_layers, norms).items()
                if found[0]}

    def _title_row(self, title: str) -> tuple[Any, ...] | None:
        """The alias row of an article's own title (its type and description), any layer."""
        norm = normalise(title)
        for layer in self.readers:
            try:
                rows = layer.aliases_for_norms([norm])
            except (KBError, sqlite3.Error):
                continue
            for row in rows:
                if row[0] == title:
                    return row
        return None

    def _anchor_rows(self, norm: str, name: str, links: tuple[int, dict[str, int]],
                     have: set[str]) -> list[tuple[Any, ...]]:
        """Rows for the articles only the links give this name (see ANCHOR_MIN_LINKS)."""
        total, counts = links
        rows = []
        for title, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            if len(rows) >= ANCHOR_MAX or n < ANCHOR_MIN_LINKS or n / total < ANCHOR_MIN_SHARE:
                break
            if title in have:
                continue
            row = self._title_row(title)
            if row is not None:
                # (title, alias, norm, kind, prior, etype, description, total)
                rows.append((title, name, norm, "redirect", 0.0, row[5], row[6], 0.0))
        return rows

    def _candidates(self, layer_rows: list[list[tuple[Any, ...]]],
                    evidence: dict[str, dict[str, float]],
                    query: tuple[str, str] | None = None,
                    links: dict[str, tuple[int, dict[str, int]]] | None = None
                    ) -> list[Candidate]:
        """Candidates from alias rows, best string match first.

        ``query`` is the (norm, text) of the name looked up, whose links may add articles
        no alias gives it (``_anchor_rows``). ``links`` are the links of every name of the
        rows and the query (``_link_counts``), when read already.
        """
        # Prior P(article | name): alias weight over all articles sharing the name,
        # summed by SQL over every article of the name, not only the rows returned.
        # An attached ZIM mostly repeats the articles of the other layers under a name:
        # its total stands for the whole name, not an addition to theirs.
        totals: dict[str, float] = {}
        best: dict[tuple[str, str], tuple[Any, ...]] = {}
        n_files = len(self.layers)
        for i, rows in enumerate(layer_rows):
            if i < n_files:
                for norm, total in {(row[2], row[7]) for row in rows}:
                    totals[norm] = totals.get(norm, 0.0) + total
            else:
                for norm, total in {(row[2], row[7]) for row in rows}:
                    totals[norm] = max(totals.get(norm, 0.0), total)
            for row in rows:
                key = (row[2], row[0])
                if key not in best or row[4] > best[key][4]:
                    best[key] = row
        q_norm, q_text = query or ("", "")
        if links is None:
            links = self._link_counts({norm for norm, _ in best} | ({q_norm} if q_norm else set()))
        if q_norm in links:  # only the name itself, never a spelling neighbour's links
            have = {title for norm, title in best if norm == q_norm}
            for row in self._anchor_rows(q_norm, q_text, links[q_norm], have):
                best[(q_norm, row[0])] = row
                totals.setdefault(q_norm, 0.0)
        per_title: dict[str, Candidate] = {}
        for (norm, title), row in best.items():
            _, alias, _, kind, prior, etype, description, _total = row
            ev = evidence.get(norm, _EXACT)
            p = prior / totals[norm] if totals[norm] else 0.0
            if norm in links:
                n_links, counts = links[norm]
                p = (counts.get(title, 0) + LINK_PSEUDO * p) / (n_links + LINK_PSEUDO)
            match = max(ev["similarity"], ev["jaro_winkler"] * (0.97 if ev["phonetic"] else 0.9))
            cand = Candidate(
                title=title, alias=alias, kind=kind, prior=p,
                similarity=ev["similarity"], edit_distance=int(ev["edit_distance"]),
                jaro_winkler=ev["jaro_winkler"], phonetic=bool(ev["phonetic"]),
                etype=etype, description=description,
                scores={**ev, "prior": p, "match": match},
            )
            held = per_title.get(title)
            if held is None or (cand.scores["match"], cand.prior) > (
                held.scores["match"], held.prior
            ):
                per_title[title] = cand
        return sorted(per_title.values(), key=lambda c: (-c.scores["match"], -c.prior, c.title))

    @_falls_back
    def search(self, query: str, limit: int = 20) -> list[tuple[str, str, str]]:
        """Full-text search over titles, descriptions and extracts.

        Returns (title, description, snippet), best first, each title once.
        """
        merged: dict[str, tuple[str, str, str, float]] = {}
        for layer in self.readers:
            for title, description, snippet, rank in layer.search(query, limit):
                if title not in merged:
                    merged[title] = (title, description, snippet, rank)
        ranked = sorted(merged.values(), key=lambda r: r[3])
        return [(t, d, s) for t, d, s, _ in ranked[:limit]]

    @_falls_back
    def stats(self) -> dict[str, Any]:
        """Counts per layer (attached ZIMs under ``zim:<id>``)."""
        return {layer.name: layer.counts() for layer in self.readers}


def _record_from_article(article: Article) -> SummaryRecord:
    return SummaryRecord(
        title=article.title, description=article.description, extract=article.extract,
        language=article.language, source=article.source, license=article.license,
        fetched_at=article.fetched_at, wikidata_id=article.wikidata_id,
        thumbnail=article.thumbnail, url=article.url, topic=article.topic,
    )


def _bring_up_to_date(path: Path) -> None:
    """Apply pending migrations to a user file before it is opened read-only.

    A file made by an earlier release would otherwise be refused; if it cannot be
    written (a read-only folder), the read-only open reports why.
    """
    try:
        conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
        try:
            current = schema.is_current(sqlite_utils.Database(conn))
        finally:
            conn.close()
    except sqlite3.Error:
        return  # damaged: the read-only open says so
    if not current:
        with contextlib.suppress(KBError):  # the read-only open then says why
            KBLayer(path).close()

