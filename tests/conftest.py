"""Shared fixtures: every test runs in its own temporary directory."""

import os

import pytest

import weylmag

#: Tests of the shared Ubermag suite that weylmag skips, with the reason.
SUITE_SKIPS = {
    "test_schedule": "schedule() submits an external job script; weylmag runs in-process.",
    # The suite switches to mumax3's restrictions (DMI needs exchange, only some
    # crystal classes) for any calculator with a RelaxDriver attribute. weylmag
    # has none of those restrictions, so it keeps oommfc's interface, where
    # relaxation is TimeDriver(stopping_dm_dt=...) or MinDriver.
    "test_relaxdriver": "no RelaxDriver (oommfc interface; see comment)",
    "test_relax_check_for_energy": "no RelaxDriver (oommfc interface; see comment)",
}

@pytest.fixture(autouse=True, scope="session")
def _demag_cache_in_tmp(tmp_path_factory):
    """Large demag tensors are cached on disk: keep the tests' out of the home."""
    previous = os.environ.get("WEYLMAG_CACHE_DIR")
    os.environ["WEYLMAG_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if previous is None:
        del os.environ["WEYLMAG_CACHE_DIR"]
    else:
        os.environ["WEYLMAG_CACHE_DIR"] = previous


@pytest.fixture(autouse=True)
def _in_tmp_dir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="module")
def calculator():
    return weylmag


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "test_micromagnetictests" not in item.nodeid:
            continue
        for name, reason in SUITE_SKIPS.items():
            if name in item.nodeid:
                item.add_marker(pytest.mark.skip(reason=reason))
