"""The surnames the gazetteer indexes people by (a lone "Curie" finds Marie Curie)."""

from __future__ import annotations

from glossator.core.kb import KnowledgeBase, SummaryRecord
from glossator.core.kb.gazetteer import build_gazetteer

_PEOPLE = {
    "Marie Curie": ("Polish-French physicist and chemist (1867–1934)",
                    "Marie Curie was a Polish and naturalised-French physicist and chemist."),
    "Ferdinand II of Aragon": ("King of Aragon from 1479 to 1516",
                               "Ferdinand II was King of Aragon from 1479 until his death."),
    "Alfred the Great": ("King of the Anglo-Saxons from 886 to 899",
                         "Alfred the Great was King of the West Saxons from 871 to 886."),
    "Charles V, Holy Roman Emperor": ("Holy Roman Emperor from 1519 to 1556",
                                      "Charles V was Holy Roman Emperor and King of Spain."),
    "Leonardo da Vinci": ("Italian Renaissance polymath (1452–1519)",
                          "Leonardo da Vinci was an Italian polymath of the High Renaissance."),
}


def test_a_style_is_no_surname(tmp_path):
    """"Aragon" alone is a kingdom, not Ferdinand II of Aragon (GAP dev: "Katherine (of
    Aragon)" was linked to him at 0.91); nor is "Great" Alfred's or "Emperor" Charles's."""
    path = tmp_path / "kb.sqlite"
    kb = KnowledgeBase.single(path, readonly=False)
    kb.upsert([SummaryRecord(title=t, description=d, extract=x)
               for t, (d, x) in _PEOPLE.items()])
    kb.close()
    kb = KnowledgeBase.single(path)
    people = {t for (t,) in kb.layers[0].db.execute(
        "SELECT title FROM articles WHERE etype = 'PERSON'")}
    assert people == set(_PEOPLE)
    surnames = build_gazetteer(kb).surnames
    assert surnames["curie"] == ["Marie Curie"]
    assert surnames["vinci"] == ["Leonardo da Vinci"]  # a name's particle is no style
    assert not {"aragon", "great", "emperor"} & set(surnames)
    kb.close()
