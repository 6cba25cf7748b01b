"""Plain data that crosses module and thread boundaries: articles and candidates.

Frozen dataclasses only, so a worker thread can hand them to the GUI safely.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CC_BY_SA = "CC BY-SA 4.0"


@dataclass(frozen=True, slots=True)
class Article:
    """One Wikipedia page summary held in a knowledge base."""

    title: str
    description: str = ""
    extract: str = ""
    language: str = "en"
    source: str = ""
    license: str = CC_BY_SA
    fetched_at: str = ""
    wikidata_id: str | None = None
    thumbnail: str | None = None
    url: str | None = None
    topic: str | None = None
    etype: str = "OTHER"  # coarse type derived from the description: PERSON, GPE, ORG...
    gender: str | None = None  # "male"/"female" for people, from the extract's pronouns
    layer: str = "user"  # which knowledge base layer it came from: "user" or "starter"

    @property
    def page_url(self) -> str:
        """The article's address on Wikipedia (built from the title when unknown)."""
        if self.url:
            return self.url
        return f"https://{self.language}.wikipedia.org/wiki/{self.title.replace(' ', '_')}"

    @property
    def attribution(self) -> str:
        """The credit line that must accompany any text shown from this article."""
        return (
            f"Text from the Wikipedia article \u201c{self.title}\u201d "
            f"({self.page_url}), {self.license}."
        )


@dataclass(frozen=True, slots=True)
class Candidate:
    """An article that a name may refer to, with the evidence for it."""

    title: str
    alias: str  # the stored name that matched
    kind: str  # alias kind: title, redirect, derived, acronym, surname, user
    prior: float  # P(article | name) among the articles sharing this name
    similarity: float = 1.0  # 0..1 string similarity of query and alias (1 for exact)
    edit_distance: int = 0
    jaro_winkler: float = 1.0
    phonetic: bool = False  # matched through a phonetic key
    etype: str = "OTHER"
    description: str = ""
    scores: dict[str, float] = field(default_factory=dict, compare=False)


@dataclass(slots=True)
class ImportStats:
    """What an import did: counts reported to the user at the end."""

    added: int = 0
    updated: int = 0
    skipped: int = 0
    aliases: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def processed(self) -> int:
        """Records looked at so far."""
        return self.added + self.updated + self.skipped

    def summary(self) -> str:
        """One line for the terminal or a dialog."""
        return (
            f"{self.added} added, {self.updated} updated, {self.skipped} skipped, "
            f"{self.aliases} aliases"
        )
