"""``guard``: hostile runs made safe to tokenise, every offset kept (issue 12)."""

from __future__ import annotations

import random
import re

import pytest

from glossator.core.nlp.textguard import BREAK_EVERY, KEEP_AT_EDGES, MAX_RUN, guard

NAME = "Ada Lovelace"
BRACKETS = "[" * 10_000 + NAME + "]" * 10_000
EMOJI = "\U0001F600\U0001F389\U0001F44D\u2764\ufe0f" * 15_000  # 300 KB in UTF-8


@pytest.fixture(scope="module")
def nlp():
    from glossator.core.nlp.model import ModelNotFoundError, load_model

    try:
        model = load_model()
    except ModelNotFoundError as exc:  # pragma: no cover - the project installs it
        pytest.skip(str(exc))
    model.max_length = 10**6
    return model


def test_prose_comes_back_unchanged():
    text = ("Ada Lovelace met Charles Babbage in London (1833) -- see p. 12.\n\n"
            "| a | b |\n|---|---|\n\u2014 \u201cHello,\u201d she said. \U0001F600\n")
    assert guard(text) is text


def test_a_name_inside_20000_brackets_keeps_its_offsets_and_tokenises_in_few_tokens(nlp):
    guarded = guard(BRACKETS)
    assert len(guarded) == len(BRACKETS)
    start = BRACKETS.index(NAME)
    assert guarded[start:start + len(NAME)] == NAME
    assert guarded[start - KEEP_AT_EDGES:start] == "[" * KEEP_AT_EDGES
    # Unguarded, spaCy makes 20,002 tokens here, a minute's work; a handful now.
    doc = nlp(guarded)
    assert len(doc) < 20
    assert (start, start + len(NAME)) in {(e.start_char, e.end_char) for e in doc.ents}


def test_300_kb_of_emoji_become_blank(nlp):
    guarded = guard(EMOJI)
    assert len(guarded) == len(EMOJI)
    assert len(guarded.replace(" ", "")) <= 2 * KEEP_AT_EDGES
    doc = nlp(guarded)
    assert len(doc) < 10 and not doc.ents  # unguarded: 75,000 tokens, some "PERSON"s


def test_symbol_runs_keep_lines_digits_and_edges():
    text = "The end.)" + " *" * 40 + "\n\n" + "=" * 70 + "\n12 34 56 78 " * 8 + "Next"
    guarded = guard(text)
    assert len(guarded) == len(text)
    assert guarded.startswith("The end.)")  # the run's first characters stay
    assert guarded.count("\n") == text.count("\n")
    assert re.findall(r"\d+", guarded) == re.findall(r"\d+", text)
    assert "*" not in guarded[12:] and "=" * 10 not in guarded
    assert guarded.endswith("Next")


def test_long_runs_without_spaces_are_broken_at_symbols_first():
    blob = ("abcdefghij" * 15 + "/") * 40  # 6,040 characters, a slash every 151
    guarded = guard(blob)
    assert len(guarded) == len(blob)
    assert max(len(piece) for piece in guarded.split()) <= BREAK_EVERY
    assert guarded.replace(" ", "/") == blob  # only slashes were replaced
    letters = "x" * 5000
    guarded = guard(letters)
    assert len(guarded) == 5000 and max(len(p) for p in guarded.split()) <= BREAK_EVERY
    assert guard("y" * MAX_RUN) == "y" * MAX_RUN  # at the limit: untouched


def test_only_spaces_are_written_and_only_where_no_name_can_be():
    rng = random.Random(3)
    alphabet = "aAbZ  \n..[]()\U0001F600-_09\u00e9\u4e2d"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) * rng.choice([1, 1, 2, 70, 1200])
                       for _ in range(rng.randrange(1, 40)))
        guarded = guard(text)
        assert len(guarded) == len(text)
        run_of = {}
        for run in re.finditer(r"\S+", text):
            run_of.update(dict.fromkeys(range(run.start(), run.end()), run.end() - run.start()))
        for i, (a, b) in enumerate(zip(text, guarded, strict=True)):
            if a != b:
                assert b == " " and not a.isspace()
                # A letter goes only to break a run of more than MAX_RUN characters.
                assert not a.isalpha() or run_of[i] > MAX_RUN
