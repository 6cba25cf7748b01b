"""The online fill against a real HTTP server on 127.0.0.1 that answers like Wikipedia."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time

import httpx
import pytest

from glossator.cli import main
from glossator.core.kb import KBLayer, KnowledgeBase, SummaryRecord
from glossator.core.kb.online import (
    ENV_API,
    EXIT_OFFLINE,
    FetchCancelled,
    OfflineError,
    RateLimitedError,
    WikipediaFetcher,
    api_url,
    document_names,
    fill,
    lead,
    missing_names,
    run_fetch_command,
)
from glossator.core.kb.online_http import check_reachable, parse_retry_after, user_agent

from .fakewiki import FakeWiki


class FakeClock:
    """A clock that only moves when slept on: waits are recorded, not spent."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake():
    with FakeWiki(slow_seconds=2.0) as server:
        yield server


@pytest.fixture
def clock():
    return FakeClock()


def fetcher_for(fake: FakeWiki, clock: FakeClock | None = None, **kwargs) -> WikipediaFetcher:
    options = {"min_interval": 0.0, "backoff": 0.5, "max_retries": 2}
    if clock is not None:
        options |= {"sleep": clock.sleep, "clock": clock}
    return WikipediaFetcher(api=fake.url, **(options | kwargs))


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/w/api.php"


def test_fetch_builds_a_full_record(fake, clock):
    with fetcher_for(fake, clock) as f:
        result = f.fetch("Ada Lovelace")
    assert result.status == "fetched"
    rec = result.record
    assert rec.title == "Ada Lovelace"
    assert rec.description == "English mathematician (1815–1852)"
    assert rec.extract.startswith("Augusta Ada King") and "Lord Byron" not in rec.extract
    assert rec.wikidata_id == "Q7259"
    assert rec.thumbnail == "https://upload.example/320px-Ada_Lovelace.jpg"
    assert rec.url == "https://en.wikipedia.org/wiki/Ada_Lovelace"
    assert rec.redirects == ["Ada Byron", "Lady Lovelace", "Augusta Ada King",
                             "Countess of Lovelace"]
    assert rec.source == "wikipedia-api" and rec.language == "en"
    assert rec.fetched_at[:4].isdigit()
    # One request, identifying us, asking for everything at once.
    (request,) = fake.requests
    agent = request["headers"]["User-Agent"]
    assert agent.startswith("Glossator/") and "desktop reading assistant" in agent
    assert "Wikipedia-API/" in agent  # the library adds its own name
    props = set(request["params"]["prop"].split("|"))
    assert {"extracts", "description", "pageprops", "redirects", "info"} <= props
    assert request["params"]["redirects"] == "1" and request["params"]["exintro"] == "1"


def test_a_redirect_name_lands_on_the_page_and_becomes_an_alias(fake, clock):
    with fetcher_for(fake, clock) as f:
        result = f.fetch("babbage")
    assert result.status == "fetched" and result.title == "Charles Babbage"
    assert "Babbage" in result.record.redirects
    assert result.record.thumbnail is None and result.record.wikidata_id == "Q46633"


def test_missing_and_disambiguation_pages(fake, clock):
    with fetcher_for(fake, clock) as f:
        missing = f.fetch("No Such Page Anywhere")
        ambiguous = f.fetch("Mercury")
        empty = f.fetch("   ")
        invalid = f.fetch("a <b> c")
    assert missing.status == "not found" and missing.record is None
    assert missing.message == "no such page"
    assert invalid.status == "not found" and "not a valid title" in invalid.message
    assert "invalid characters" in invalid.message
    assert ambiguous.status == "ambiguous" and "disambiguation" in ambiguous.message
    assert empty.status == "not found"
    assert len(fake.requests) == 3  # an empty title is not asked for


def test_server_error_is_retried_with_backoff(fake, clock):
    fake.script("Ada Lovelace", "500", "503")
    with fetcher_for(fake, clock) as f:
        result = f.fetch("Ada Lovelace")
    assert result.status == "fetched"
    assert fake.titles_requested() == ["Ada Lovelace"] * 3
    assert clock.sleeps == [0.5, 1.0]  # exponential backoff


def test_persistent_server_error_fails_after_bounded_retries(fake, clock):
    fake.script("Ada Lovelace", *["500"] * 10)
    with fetcher_for(fake, clock) as f:
        result = f.fetch("Ada Lovelace")
        after = f.fetch("London")  # the next title is unaffected
    assert result.status == "failed" and "HTTP 500" in result.message
    assert "3 tries" in result.message
    assert fake.titles_requested().count("Ada Lovelace") == 3
    assert after.status == "fetched"


def test_429_honours_retry_after_seconds(fake, clock):
    fake.script("Ada Lovelace", "429")
    with fetcher_for(fake, clock, backoff=5.0) as f:
        result = f.fetch("Ada Lovelace")
    assert result.status == "fetched"
    assert clock.sleeps == [1.0]  # Retry-After: 1, not the 5 s backoff
    assert fake.titles_requested() == ["Ada Lovelace"] * 2


def test_429_honours_retry_after_date(fake, clock):
    fake.script("Ada Lovelace", "429-date")
    with fetcher_for(fake, clock, backoff=10.0) as f:
        result = f.fetch("Ada Lovelace")
    assert result.status == "fetched"
    (waited,) = clock.sleeps
    assert 0.0 <= waited <= 3.0  # the date is two seconds ahead (to the second)


def test_429_with_a_long_retry_after_stops_the_run(fake, clock, tmp_path):
    fake.script("Charles Babbage", "429-long")
    with KnowledgeBase.single(tmp_path / "kb.sqlite", readonly=False) as kb, \
            fetcher_for(fake, clock) as f:
        summary = fill(kb, ["Ada Lovelace", "Charles Babbage", "London"], f)
        assert kb.article("Ada Lovelace") is not None  # stored before the stop
        assert kb.article("London") is None
    assert "wait 60 minutes" in summary.stopped and "try again later" in summary.stopped
    assert summary.fetched == 1
    assert clock.sleeps == []  # we did not block for an hour
    assert "London" not in fake.titles_requested()


def test_persistent_429_is_reported_as_rate_limiting(fake, clock):
    fake.script("Ada Lovelace", *["429"] * 5)
    with fetcher_for(fake, clock) as f, pytest.raises(RateLimitedError, match="busy"):
        f.fetch("Ada Lovelace")
    assert clock.sleeps == [1.0, 1.0]


def test_maxlag_error_is_retried(fake, clock):
    fake.script("Ada Lovelace", "maxlag")
    with fetcher_for(fake, clock) as f:
        assert f.fetch("Ada Lovelace").status == "fetched"
    assert clock.sleeps == [1.0]


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ("garbage", "not JSON"),
        ("html", "a web page"),
        ("not-object", "not Wikipedia data"),
        ("no-pages", "not a page query result"),
        ("api-error", "Too many values supplied"),
    ],
)
def test_bad_answers_fail_one_title_and_the_others_continue(fake, clock, fault, message):
    fake.script("Garbage Page", fault)
    with fetcher_for(fake, clock) as f:
        results = list(f.fetch_many(["Garbage Page", "London"]))
    assert [r.status for r in results] == ["failed", "fetched"]
    assert message in results[0].message
    assert fake.titles_requested() == ["Garbage Page", "London"]  # bad answers are not retried


def test_a_dropped_connection_is_retried(fake, clock):
    fake.script("London", "close")
    with fetcher_for(fake, clock) as f:
        assert f.fetch("London").status == "fetched"
    assert fake.titles_requested() == ["London", "London"]


def test_slow_reply_times_out_and_the_next_title_works(fake):
    fake.script("Ada Lovelace", "slow", "slow")
    with fetcher_for(fake, read_timeout=0.3, max_retries=1, backoff=0.05) as f:
        slow = f.fetch("Ada Lovelace")
        fine = f.fetch("London")
    assert slow.status == "failed" and "timed out" in slow.message
    assert fine.status == "fetched"


def test_rate_limit_spaces_requests(fake, clock):
    with fetcher_for(fake, clock, min_interval=0.5) as f:
        list(f.fetch_many(["Ada Lovelace", "London", "Mercury"]))
    assert clock.sleeps == [0.5, 0.5]


def test_cancel_between_titles(fake, clock, tmp_path):
    done: list[str] = []
    with KnowledgeBase.single(tmp_path / "kb.sqlite", readonly=False) as kb, \
            fetcher_for(fake, clock, should_stop=lambda: len(done) >= 1) as f:
        summary = fill(kb, ["Ada Lovelace", "London"], f, on_result=lambda r: done.append(r.title))
        assert kb.article("Ada Lovelace") is not None
    assert summary.stopped == "Stopped." and summary.fetched == 1
    assert fake.titles_requested() == ["Ada Lovelace"]


def test_cancel_during_a_retry_wait(fake, clock):
    fake.script("Ada Lovelace", "429")
    stop = {"now": False}
    f = fetcher_for(fake, clock, should_stop=lambda: stop["now"])
    original = clock.sleep

    def sleep_then_cancel(seconds: float) -> None:
        original(seconds)
        stop["now"] = True

    f.polite._sleep = sleep_then_cancel
    with f, pytest.raises(FetchCancelled):
        f.fetch("Ada Lovelace")
    assert clock.sleeps == [0.1]  # waits are sliced so Cancel is seen quickly
    assert fake.titles_requested() == ["Ada Lovelace"]


def test_closed_port_is_offline_at_once():
    url = closed_port_url()
    started = time.monotonic()
    with pytest.raises(OfflineError, match="refused"):
        check_reachable(url)
    with WikipediaFetcher(api=url) as f, pytest.raises(OfflineError):
        f.fetch("Ada Lovelace")
    assert time.monotonic() - started < 10  # "at once": no retry loop on a dead network


def test_unknown_host_is_offline():
    with pytest.raises(OfflineError, match="cannot reach"):
        check_reachable("http://glossator-test.invalid/w/api.php", timeout=2.0)


def test_a_hanging_name_lookup_is_offline_within_the_limit(monkeypatch):
    release = threading.Event()

    def hang(*args, **kwargs):  # an unreachable DNS server: getaddrinfo never returns
        release.wait(30)
        raise OSError("released")

    monkeypatch.setattr(socket, "create_connection", hang)
    try:
        with pytest.raises(OfflineError, match=r"no answer within 0\.3 s"):
            check_reachable("https://en.wikipedia.org/w/api.php", timeout=0.3)
    finally:
        release.set()


def test_connection_lost_mid_run_is_offline(fake, clock, tmp_path):
    # A transport whose connect fails: what httpx raises when the network goes away.
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 101] Network is unreachable", request=request)

    f = WikipediaFetcher(api=fake.url, transport=httpx.MockTransport(refuse),
                         sleep=clock.sleep, clock=clock)
    with KnowledgeBase.single(tmp_path / "kb.sqlite", readonly=False) as kb, f:
        summary = fill(kb, ["Ada Lovelace", "London"], f)
    assert summary.stopped.startswith("You are offline")
    assert f.polite.requests == 1  # no retries on a dead network
    assert clock.sleeps == []


def test_retry_after_parsing():
    now = dt.datetime(2026, 1, 1, 12, 0, 0, tzinfo=dt.UTC)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Thu, 01 Jan 2026 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("Thu, 01 Jan 2026 11:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after("") is None and parse_retry_after(None) is None


def test_settings(monkeypatch):
    monkeypatch.delenv(ENV_API, raising=False)
    assert api_url("de") == "https://de.wikipedia.org/w/api.php"
    monkeypatch.setenv(ENV_API, "http://127.0.0.1:1/{lang}/api.php")
    assert api_url("fr") == "http://127.0.0.1:1/fr/api.php"
    monkeypatch.setenv("GLOSSATOR_CONTACT", "someone@example.org")
    assert user_agent().endswith("(desktop reading assistant; someone@example.org)")


def test_lead_takes_the_first_paragraph():
    first = "The first paragraph is long enough to stand on its own, surely it is, yes indeed."
    assert lead(f"{first}\nSecond.") == first
    assert lead("Stub.\nThe rest of it.") == "Stub. The rest of it."
    assert lead("") == ""
    # TextExtracts leaves parentheses emptied of their pronunciation behind.
    assert lead("Albert Einstein ( EYEN-styne; 14 March 1879 – 18 April 1955) was a "
                "physicist. Paris () is a city.") == (
        "Albert Einstein (EYEN-styne; 14 March 1879 – 18 April 1955) was a physicist. "
        "Paris is a city.")
    assert lead("Ada ( ; 1815 – 1852) was a mathematician and a writer, born in London.") \
        == "Ada (1815 – 1852) was a mathematician and a writer, born in London."
    assert len(lead("word. " * 1000)) <= 2001


# -------------------------------------------------------------- the command line


def test_cli_fetch_titles(fake, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(ENV_API, fake.url)
    fake.script("Garbage Page", "garbage")
    fake.script("Charles Babbage", "429")  # a real one-second wait
    kb_path = tmp_path / "kb.sqlite"
    code = main(["kb", "--kb", str(kb_path), "fetch", "Ada Lovelace", "Charles Babbage",
                 "Nope Page", "Garbage Page", "Mercury"])
    out = capsys.readouterr().out
    assert code == 1  # one title failed
    assert "fetched    Ada Lovelace — English mathematician (1815–1852)" in out
    assert "fetched    Charles Babbage" in out
    assert "not found  Nope Page" in out
    assert "failed     Garbage Page" in out
    assert "ambiguous  Mercury" in out
    assert "2 fetched, 1 not found, 1 failed, 1 ambiguous" in out
    with KnowledgeBase.single(kb_path) as kb:
        assert [c.title for c in kb.lookup("Lady Lovelace")] == ["Ada Lovelace"]
        assert kb.lookup("Lady Lovelace")[0].kind == "redirect"
        assert kb.article("Mercury") is None
        assert kb.article("Ada Lovelace").wikidata_id == "Q7259"


def test_cli_all_good_exits_zero(fake, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(ENV_API, fake.url)
    assert main(["kb", "--kb", str(tmp_path / "kb.sqlite"), "fetch", "London"]) == 0
    assert main(["kb", "--kb", str(tmp_path / "kb.sqlite"), "fetch", "Nope"]) == 1
    assert main(["kb", "--kb", str(tmp_path / "kb.sqlite"), "fetch"]) == 2
    assert "give page titles" in capsys.readouterr().err


def test_cli_offline_says_so_at_once(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(ENV_API, closed_port_url())
    kb_path = tmp_path / "kb.sqlite"
    started = time.monotonic()
    code = main(["kb", "--kb", str(kb_path), "fetch", "Ada Lovelace", "London"])
    assert time.monotonic() - started < 10
    assert code == EXIT_OFFLINE
    err = capsys.readouterr().err
    assert err.startswith("You are offline") and "Traceback" not in err
    with KnowledgeBase.single(kb_path) as kb:
        assert kb.stats()["user"]["articles"] == 0


# --------------------------------------------------------------- a document's names


TEXT = """Ada Lovelace's notes on the Analytical Engine were published in 1843.

She corresponded with Charles Babbage, who lived in London, about the engine on
3 March 1843 and paid £300. The Royal Society ignored 42 of them.

Later Ada wrote to Babbage again from Paris."""


def test_document_names():
    names = document_names(TEXT)
    assert "Ada Lovelace" in names  # the possessive is dropped
    assert "Charles Babbage" in names and "London" in names
    assert not any(n[0].isdigit() or "1843" in n or "£" in n for n in names)  # no dates, money
    assert "Royal Society" in names  # "The" is dropped
    assert "Paris" in names
    assert "Ada" not in names and "Babbage" not in names  # short mentions of longer names
    assert len(names) == len({n.lower() for n in names})


def test_missing_names(tmp_path):
    layer = KBLayer(tmp_path / "kb.sqlite")
    layer.upsert([SummaryRecord(title="London", extract="London is a city.")])
    layer.close()
    with KnowledgeBase.single(tmp_path / "kb.sqlite") as kb:
        assert missing_names(kb, ["London", "Ada Lovelace", "london"]) == ["Ada Lovelace"]


def test_cli_fetch_for_a_document(fake, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(ENV_API, fake.url)
    kb_path = tmp_path / "kb.sqlite"
    layer = KBLayer(kb_path)
    layer.upsert([SummaryRecord(title="London", extract="London is a city.")])
    layer.close()
    doc = tmp_path / "notes.txt"
    doc.write_text(TEXT, encoding="utf-8")
    main(["kb", "--kb", str(kb_path), "fetch", "--for", str(doc)])
    out = capsys.readouterr().out
    assert "notes.txt:" in out and "already in the knowledge base" in out
    asked = fake.titles_requested()
    assert "London" not in asked  # known already
    assert "Ada Lovelace" in asked and "Charles Babbage" in asked
    assert len(asked) == len(set(asked))
    assert not any(any(c.isdigit() for c in t) for t in asked)
    with KnowledgeBase.single(kb_path) as kb:
        assert kb.article("Charles Babbage") is not None
        assert kb.article("Ada Lovelace").description.startswith("English mathematician")


def test_fetch_for_skips_names_an_earlier_page_made_known(fake, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(ENV_API, fake.url)
    doc = tmp_path / "ada.txt"
    doc.write_text("Ada Lovelace, born Ada Byron in London, worked with Charles Babbage. "
                   "Lady Lovelace wrote the first program.", encoding="utf-8")
    kb_path = tmp_path / "kb.sqlite"
    assert main(["kb", "--kb", str(kb_path), "fetch", "--for", str(doc)]) == 0
    out = capsys.readouterr().out
    asked = fake.titles_requested()
    assert "Ada Lovelace" in asked and "Charles Babbage" in asked
    # Redirects of Ada Lovelace, stored with her page, are not asked for again.
    assert "Ada Byron" not in asked and "Lady Lovelace" not in asked
    assert "known from an earlier page's redirects" in out


def test_run_fetch_command_offline_before_reading_the_document(tmp_path, capsys):
    doc = tmp_path / "unreadable.bin"
    doc.write_bytes(b"\x00\x01 not a document")  # never opened: offline is said first
    with KnowledgeBase.single(tmp_path / "kb.sqlite", readonly=False) as kb, \
            WikipediaFetcher(api=closed_port_url()) as f:
        code = run_fetch_command(kb, [], str(doc), fetcher=f)
        assert code == EXIT_OFFLINE
        assert "You are offline" in capsys.readouterr().err
        # A file that does not exist is reported before the network is tried.
        assert run_fetch_command(kb, [], str(tmp_path / "typo.txt"), fetcher=f) == 1
        assert "No such file" in capsys.readouterr().err


# ------------------------------------------------- hostile answers (issue 12)


def small(fake: FakeWiki) -> FakeWiki:
    """The hostile answers at test sizes: milliseconds, not the issue's minutes and GBs."""
    fake.drip_seconds = 0.05
    fake.bomb_bytes = 64 * 2**20
    fake.big_bytes = 4 * 2**20
    fake.depth = 100_000
    fake.title_spaces = 50_000
    return fake


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ("gzip-bomb", "larger than 1 MB"),  # inflated 3.3 MB -> 3.2 GB in the issue
        ("big", "larger than 1 MB"),  # refused from its Content-Length
        ("endless", "larger than 1 MB"),  # chunked, no length: counted while streaming
        ("deep", "nested too deeply"),  # RecursionError before
        ("bad-gzip", "damaged"),  # httpx.DecodingError before
        ("redirect-away", "another host (localhost); not followed"),
    ],
)
def test_hostile_answers_fail_one_title_and_keep_the_rest(fake, clock, tmp_path, fault, message):
    small(fake).script("Ada Lovelace", fault)
    started = time.monotonic()
    with KnowledgeBase.single(tmp_path / "kb.sqlite", readonly=False) as kb, \
            fetcher_for(fake, clock, max_bytes=2**20) as f:
        summary = fill(kb, ["London", "Ada Lovelace", "Analytical Engine"], f)
        assert kb.article("London") is not None and kb.article("Analytical Engine") is not None
        assert kb.stats()["user"]["articles"] == 2
    assert time.monotonic() - started < 10
    assert [r.status for r in summary.results] == ["fetched", "failed", "fetched"]
    assert message in summary.results[1].message
    assert not summary.stopped
    # Bad answers are not asked again, and nothing went to another host.
    assert fake.titles_requested() == ["London", "Ada Lovelace", "Analytical Engine"]
    assert {r["headers"]["Host"].split(":")[0] for r in fake.requests} == {"127.0.0.1"}


def test_a_gzip_bomb_is_never_inflated_whole(fake, clock):
    import tracemalloc

    small(fake).script("Ada Lovelace", "gzip-bomb")
    tracemalloc.start()
    try:
        with fetcher_for(fake, clock, max_bytes=2**20) as f:
            result = f.fetch("Ada Lovelace")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.status == "failed" and "larger than" in result.message
    assert peak < 8 * 2**20  # the 64 MB it inflates to never exist


def test_a_gzip_answer_under_the_cap_is_read(fake, clock):
    fake.script("Ada Lovelace", "gzip")
    with fetcher_for(fake, clock) as f:
        result = f.fetch("Ada Lovelace")
    assert result.status == "fetched" and result.record.wikidata_id == "Q7259"
    assert fake.requests[0]["headers"]["Accept-Encoding"] == "gzip"


@pytest.mark.parametrize("fault", ["drip-headers", "drip-body"])
def test_an_answer_dripping_a_byte_at_a_time_ends_at_the_deadline(fake, fault):
    # A byte every 0.05 s never trips the 15 s read time-out; the deadline stops it.
    small(fake).always("Ada Lovelace", fault)
    started = time.monotonic()
    with fetcher_for(fake, deadline=0.4, budget=1.0, backoff=0.05, max_retries=5) as f:
        result = f.fetch("Ada Lovelace")
        took = time.monotonic() - started
        after = f.fetch("London")
    assert result.status == "failed"
    assert "no complete answer in time" in result.message and "3 tries" in result.message
    assert took < 1.5  # the budget of the title: every try and the waits between them
    assert after.status == "fetched"


def test_the_budget_of_one_title_bounds_its_retries(fake, clock):
    fake.script("Ada Lovelace", *["500"] * 10)
    with fetcher_for(fake, clock, budget=1.0, max_retries=5) as f:
        result = f.fetch("Ada Lovelace")
    assert result.status == "failed" and "2 tries" in result.message
    assert clock.sleeps == [0.5]  # the next wait (1 s) would overrun the 1 s budget


def test_a_retry_after_beyond_the_budget_stops_the_run(fake, clock):
    fake.script("Ada Lovelace", "429")  # Retry-After: 1
    with fetcher_for(fake, clock, budget=0.8) as f, \
            pytest.raises(RateLimitedError, match="wait 1 s before more requests"):
        f.fetch("Ada Lovelace")
    assert clock.sleeps == []


def test_a_redirect_loop_stops_after_five_paced_redirects(fake, clock):
    fake.always("Ada Lovelace", "redirect-loop")
    with fetcher_for(fake, clock, min_interval=0.2) as f:
        result = f.fetch("Ada Lovelace")
        assert f.polite.requests == 6
    assert result.status == "failed"
    assert "redirected more than 5 times" in result.message
    assert len(fake.requests) == 6  # the first request and 5 redirects, no retry
    assert clock.sleeps == pytest.approx([0.2] * 5)  # every redirect waits its turn


def test_a_redirect_on_the_same_host_is_followed(fake, clock):
    fake.script("Ada Lovelace", "redirect")
    with fetcher_for(fake, clock) as f:
        assert f.fetch("Ada Lovelace").status == "fetched"
    assert len(fake.requests) == 2


def test_redirects_go_only_to_the_same_host_over_https():
    from glossator.core.kb.online_http import redirect_refusal

    def refusal(origin: str, target: str) -> str | None:
        return redirect_refusal(httpx.URL(origin), httpx.URL(target))

    api = "https://en.wikipedia.org/w/api.php"
    assert refusal(api, "https://en.wikipedia.org/w/api.php?x=1") is None
    assert "another host" in refusal(api, "https://evil.example/w/api.php")
    assert "another host" in refusal(api, "https://en.wikipedia.org:8443/w/api.php")
    assert "insecure" in refusal(api, "http://en.wikipedia.org/w/api.php")
    local = "http://127.0.0.1:8080/w/api.php"
    assert refusal(local, "http://127.0.0.1:8080/other") is None  # the tests' server only
    assert "another host" in refusal(local, "http://localhost:8080/w/api.php")


def test_the_api_must_be_https_unless_it_is_this_computer(monkeypatch):
    from glossator.core.kb.online import OnlineError

    with pytest.raises(OnlineError, match="https"):
        WikipediaFetcher(api="http://en.wikipedia.org/w/api.php")
    monkeypatch.setenv(ENV_API, "ftp://example.org/api.php")
    with pytest.raises(OnlineError, match="https"):
        WikipediaFetcher()
    WikipediaFetcher(api="http://localhost:1/w/api.php").close()
    WikipediaFetcher(api="https://en.wikipedia.org/w/api.php").close()


def test_lone_surrogates_are_stored_as_replacement_characters(fake, clock, tmp_path):
    fake.script("Ada Lovelace", "surrogate")
    with KnowledgeBase.single(tmp_path / "kb.sqlite", readonly=False) as kb, \
            fetcher_for(fake, clock) as f:
        summary = fill(kb, ["Ada Lovelace", "Charles\udcff Babbage"], f)
        (stored,) = [r.record for r in summary.results if r.status == "fetched"]
        assert stored.title == "Ada Lovelace \ufffd"
        assert stored.description == "broken \ufffd text"
        assert stored.redirects == ["Lone \ufffd name"]
        assert kb.article("Ada Lovelace \ufffd") is not None
    # A title from the command line with an undecodable byte is sent as U+FFFD.
    assert summary.results[1].status == "not found"
    assert fake.titles_requested()[1] == "Charles\ufffd Babbage"


def test_two_hundred_thousand_redirects_are_linear_and_capped(fake, clock, tmp_path):
    from glossator.core.kb.online import MAX_ALIASES

    fake.redirect_count = 200_000  # 100,000 names, each twice
    fake.script("Ada Lovelace", "many-redirects")
    started = time.monotonic()
    with KnowledgeBase.single(tmp_path / "kb.sqlite", readonly=False) as kb, \
            fetcher_for(fake, clock) as f:
        summary = fill(kb, ["Ada Lovelace"], f)
        took = time.monotonic() - started
        assert [c.title for c in kb.lookup("R 7")] == ["Ada Lovelace"]
    (result,) = summary.results
    assert result.status == "fetched"
    names = result.record.redirects
    assert len(names) == MAX_ALIASES == len(set(names))
    assert names[:3] == ["R 0", "R 1", "R 2"]
    assert took < 10  # 4 min 56 s before (a quadratic duplicate check)


def test_a_title_of_50000_spaces_is_collapsed_and_an_overlong_one_refused(fake, clock, tmp_path):
    from glossator.core.kb.online import MAX_TITLE_BYTES, _title

    small(fake).script("Ada Lovelace", "long-title")
    started = time.monotonic()
    with KnowledgeBase.single(tmp_path / "kb.sqlite", readonly=False) as kb, \
            fetcher_for(fake, clock) as f:
        summary = fill(kb, ["Ada Lovelace"], f)
        assert kb.article("Ada Lovelace") is not None
    assert time.monotonic() - started < 5  # 50 s before
    (result,) = summary.results
    assert result.record.title == "Ada Lovelace"
    assert result.record.redirects == ["Lady Lovelace"]
    assert MAX_TITLE_BYTES == 255 and _title("é" * 128) == "" and _title("é" * 127)
    with fetcher_for(fake, clock) as f:
        refused = f.fetch("x" * 256)
    assert refused.status == "not found" and "over 255 bytes" in refused.message
    assert len(fake.requests) == 1  # never asked for


def test_a_retry_after_of_ten_to_the_400_is_capped(fake, clock, tmp_path):
    from glossator.core.kb.online_http import MAX_RETRY_AFTER

    assert parse_retry_after("1" + "0" * 400) == MAX_RETRY_AFTER
    assert parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT") == MAX_RETRY_AFTER
    fake.script("Ada Lovelace", "429-huge")
    with KnowledgeBase.single(tmp_path / "kb.sqlite", readonly=False) as kb, \
            fetcher_for(fake, clock) as f:
        summary = fill(kb, ["Ada Lovelace"], f)
    assert "wait more than two days" in summary.stopped and "inf" not in summary.stopped
    assert clock.sleeps == []


def test_safe_text():
    from glossator.core.kb.online import safe_text

    assert safe_text("Ada Lovelace — Zoë, 東京, 🙂") == "Ada Lovelace — Zoë, 東京, 🙂"
    assert safe_text("a\x1b]0;pwned\x07b\x9bc\x7f") == "a\\x1b]0;pwned\\x07b\\x9bc\\x7f"
    assert safe_text("x\u202eevil\u2066") == "x\\u202eevil\\u2066"
    assert safe_text("lone \ud800") == "lone \ufffd"
    assert safe_text("two\nlines") == "two\\x0alines"


def test_cli_prints_fetched_escape_sequences_safely(fake, tmp_path, monkeypatch, capsys):
    from .fakewiki import ESCAPES

    monkeypatch.setenv(ENV_API, fake.url)
    fake.script("Ada Lovelace", "escapes")
    kb_path = tmp_path / "kb.sqlite"
    code = main(["kb", "--kb", str(kb_path), "fetch", "Ada Lovelace", "Evil\x1b[2J name"])
    captured = capsys.readouterr()
    printed = captured.out + captured.err
    assert code == 0
    assert "\x1b" not in printed and "\x07" not in printed
    assert "fetched    Ada Lovelace]0;pwned" in printed  # what remains once controls are gone
    assert "not found  Evil\\x1b[2J name" in printed  # the user's own title, escaped
    with KnowledgeBase.single(kb_path) as kb:
        (article,) = kb.lookup("Ada Lovelace]0;pwned[2J[31m")
        assert ESCAPES.startswith("\x1b")
        assert not any(c in article.title for c in "\x1b\x07")  # stored without controls
