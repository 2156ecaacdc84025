"""Shared fixtures: every test runs in its own temporary directory."""

import os
import types

import pytest

import weylmag

#: Tests of the shared Ubermag suite that weylmag skips, with the reason.
SUITE_SKIPS = {
    "test_schedule": "schedule() submits an external job script; weylmag runs in-process.",
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


#: Suite tests that call calculator.RelaxDriver. The suite treats a calculator
#: with a top-level RelaxDriver as mumax3 and then expects mumax3's
#: restrictions (no DMI without exchange, some crystal classes refused, two-
#: and three-axis periodic demag accepted), which weylmag does not have; so
#: weylmag keeps its RelaxDriver in weylmag.drivers and these tests get a
#: calculator that has it.
RELAX_TESTS = ("test_relaxdriver", "test_relax_check_for_energy")


@pytest.fixture
def calculator(request):
    if request.node.name in RELAX_TESTS:
        return types.SimpleNamespace(
            **{k: getattr(weylmag, k) for k in dir(weylmag) if not k.startswith("_")},
            RelaxDriver=weylmag.drivers.RelaxDriver,
        )
    return weylmag


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "test_micromagnetictests" not in item.nodeid:
            continue
        for name, reason in SUITE_SKIPS.items():
            if name in item.nodeid:
                item.add_marker(pytest.mark.skip(reason=reason))
