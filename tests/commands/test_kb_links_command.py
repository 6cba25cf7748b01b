"""`glossator kb attach FILE.zim --links`: name priors counted, in stats, detached."""

import json

from glossator.cli import main
from tests.core.kb.test_link_priors import LINK_PAGES, LINK_REDIRECTS
from tests.core.kb.zimfixtures import write_zim


def test_attach_with_links_counts_reports_and_detaches(tmp_path, capsys):
    zim = write_zim(tmp_path / "links.zim", pages=LINK_PAGES, redirects=LINK_REDIRECTS,
                    name="wikipedia_en_links")
    data = tmp_path / "data"
    base = ["--data-dir", str(data), "kb"]
    assert main([*base, "attach", str(zim)]) == 0
    capsys.readouterr()
    assert main([*base, "stats"]) == 0
    assert "link priors: none (`glossator kb attach FILE --links`" in capsys.readouterr().out

    assert main([*base, "attach", str(zim), "--links"]) == 0  # indexed: counts the links
    out = capsys.readouterr().out
    assert "Already indexed" in out
    assert f"10 links in {len(LINK_PAGES)} articles, 5 names, 7 name-article pairs" in out
    assert main([*base, "attach", str(zim), "--links"]) == 0
    assert "Link priors already counted" in capsys.readouterr().out

    assert main([*base, "stats"]) == 0
    out = capsys.readouterr().out
    assert f"link priors: 5 names, 7 pairs from 10 links in {len(LINK_PAGES)} articles" in out
    assert main([*base, "stats", "--json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)["attached"]
    assert listed["link_priors"]["state"] == "done"
    assert listed["link_priors"]["names"] == 5 and listed["link_priors"]["pairs"] == 7

    assert main([*base, "detach", listed["id"]]) == 0
    capsys.readouterr()
    assert zim.is_file() and not any((data / "zim-index").iterdir())


def test_attach_with_links_does_both_passes_at_once(tmp_path, capsys):
    zim = write_zim(tmp_path / "links.zim", pages=LINK_PAGES, redirects=LINK_REDIRECTS)
    base = ["--data-dir", str(tmp_path / "data"), "kb"]
    assert main([*base, "attach", str(zim), "--links"]) == 0
    out = capsys.readouterr().out
    assert "Indexed " in out and "Link priors of " in out and "5 names" in out


def test_recount_counts_again_and_keeps_the_old_priors_until_done(tmp_path, capsys,
                                                                  monkeypatch):
    from glossator.core.kb import link_priors as lp

    zim = write_zim(tmp_path / "links.zim", pages=LINK_PAGES, redirects=LINK_REDIRECTS,
                    name="wikipedia_en_links")
    base = ["--data-dir", str(tmp_path / "data"), "kb"]
    monkeypatch.setattr(lp, "PRUNE_TOTAL", 1)  # the first count keeps fewer pairs
    assert main([*base, "attach", str(zim), "--links"]) == 0
    assert "Link priors of Test Wikipedia: 10 links" in capsys.readouterr().out
    monkeypatch.setattr(lp, "PRUNE_TOTAL", 20)
    assert main([*base, "attach", str(zim), "--recount"]) == 2  # --links is needed
    assert "give it with --links" in capsys.readouterr().err
    assert main([*base, "attach", str(zim), "--links"]) == 0
    assert "`glossator kb attach " in capsys.readouterr().out  # done: says how to recount

    class Stop(lp.LinkJob):  # Ctrl+C after the first batch of the new count
        def __init__(self, path, batch_entries=0, recount=False):
            super().__init__(path, batch_entries=3, recount=recount)

        def step(self):
            if self.progress.position >= 3:
                raise KeyboardInterrupt
            return super().step()

    monkeypatch.setattr(lp, "LinkJob", Stop)
    assert main([*base, "attach", str(zim), "--links", "--recount"]) == 130
    captured = capsys.readouterr()
    assert "Counting the link priors again; the ones counted before are used" in captured.out
    assert "The link priors counted before are still used." in captured.err
    assert main([*base, "stats"]) == 0
    out = capsys.readouterr().out
    # 3 of 10 articles read: 95% of 30% (the last 5% is writing the priors).
    assert "link priors: counting again, 28% done; the ones counted before are used" in out
    assert main([*base, "stats", "--json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)["attached"]
    assert listed["link_priors"]["state"] == "counting" and listed["link_priors"]["recount"]

    monkeypatch.undo()
    monkeypatch.setattr(lp, "PRUNE_TOTAL", 20)
    assert main([*base, "attach", str(zim), "--links", "--recount"]) == 0  # goes on
    out = capsys.readouterr().out
    assert "Link priors (counted again): going on from entry 3" in out
    assert "5 names, 7 name-article pairs kept" in out
    assert main([*base, "stats"]) == 0
    assert "link priors: 5 names, 7 pairs from 10 links" in capsys.readouterr().out
