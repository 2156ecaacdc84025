"""A local dask cluster shared by the sweep tests, and the sweep file they run."""

import pathlib

import pytest

#: The sweep file of the tests: eight points of a five-cell chain.
CHAIN = pathlib.Path(__file__).with_name("chain_sweep.py")


@pytest.fixture(scope="package")
def local_client(tmp_path_factory):
    """A LocalCluster of two worker processes with one thread each, and its client.

    Package scope: the cluster and its threads end with the sweep tests and do
    not run beside the rest of the suite.
    """
    from distributed import Client, LocalCluster

    from weylmag.sweep.cluster import QUIET_SCHEDULER

    scratch = tmp_path_factory.mktemp("dask")
    with (LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                       local_directory=str(scratch), **QUIET_SCHEDULER) as cluster,
          Client(cluster) as client):
        yield client


@pytest.fixture
def chain_file():
    """The path of ``chain_sweep.py``."""
    return CHAIN


@pytest.fixture
def chain():
    """The sweep of ``chain_sweep.py``, loaded as ``weylmag sweep`` loads it."""
    import weylmag.sweep

    return weylmag.sweep.load(CHAIN)
