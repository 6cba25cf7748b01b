"""Start-up's objects built with few collections, then frozen (``core/lifetime``)."""

from __future__ import annotations

import gc

import pytest

from glossator.core.lifetime import START_THRESHOLD, long_lived


@pytest.fixture()
def collector():
    before = gc.get_threshold()
    gc.unfreeze()
    yield
    gc.unfreeze()
    gc.set_threshold(*before)


def test_start_up_runs_with_few_collections_then_its_objects_are_frozen(collector):
    before = gc.get_threshold()
    with long_lived():
        assert gc.get_threshold() == (START_THRESHOLD, *before[1:])
        kept = [[i] for i in range(1000)]
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() >= len(kept)
    # Frozen: in no generation the collector walks (by identity, not equality).
    assert not any(o is kept[0] for o in gc.get_objects())


def test_a_failed_start_restores_the_collector_and_freezes_nothing(collector):
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), long_lived():
        raise RuntimeError("the model did not load")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_a_collector_switched_off_stays_off(collector):
    gc.set_threshold(0)
    with long_lived():
        assert gc.get_threshold()[0] == 0
    assert gc.get_threshold()[0] == 0
