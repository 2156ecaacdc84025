"""Where the points run: a dask.distributed client and each worker's share of the cores.

dask is imported inside the functions, so that ``import weylmag`` stays fast.
"""

import collections
import contextlib
import os

import numba
import threadpoolctl

#: Seconds to wait for a scheduler given by its address.
CONNECT_TIMEOUT = 20

#: LocalCluster keywords for a scheduler without a dashboard. The scheduler
#: serves its other HTTP routes on 8787 even without one, and falls back to
#: another port with a warning when 8787 is taken (by another cluster): a free
#: port on the loopback interface avoids both the clash and the exposure.
QUIET_SCHEDULER = {"dashboard_address": None,
                   "scheduler_kwargs": {"dashboard_address": "127.0.0.1:0"}}


def usable_cores():
    """The cores this process may run on (its affinity mask where there is one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


class ThreadShare:
    """The numba and BLAS threads of one point, decided on the worker that runs it.

    Each worker computes one point at a time, so a worker's share of its
    host is the host's cores divided by the workers on that host.

    Parameters
    ----------
    threads : int, optional
        Threads per point; at most the worker's cores and numba's
        ``NUMBA_NUM_THREADS``.
    workers_per_host : dict, optional
        Used when ``threads`` is None: the number of workers on each host
        (by address); a point on a host not listed gets one thread.
    """

    def __init__(self, threads=None, workers_per_host=None):
        if threads is not None and (not isinstance(threads, int) or threads < 1):
            raise ValueError(f"threads must be a positive integer; got {threads!r}.")
        self.threads = threads
        self.workers_per_host = dict(workers_per_host or {})

    def __repr__(self):
        if self.threads is not None:
            return f"ThreadShare(threads={self.threads})"
        return f"ThreadShare(workers_per_host={self.workers_per_host})"

    def threads_here(self):
        """The threads a point gets in this process."""
        cores = usable_cores()
        if self.threads is not None:
            wanted = self.threads
        else:
            count = self.workers_per_host.get(_worker_host())
            wanted = cores // count if count else 1
        return max(1, min(wanted, cores, numba.config.NUMBA_NUM_THREADS))


def _worker_host():
    from distributed import get_worker
    from distributed.comm import get_address_host

    try:
        return get_address_host(get_worker().address)
    except ValueError:  # not inside a worker
        return None


@contextlib.contextmanager
def thread_limits(threads):
    """Run with ``threads`` numba threads and at most as many BLAS/OpenMP threads."""
    previous = numba.get_num_threads()
    numba.set_num_threads(threads)
    try:
        with threadpoolctl.threadpool_limits(limits=threads):
            yield
    finally:
        numba.set_num_threads(previous)


def workers_per_host(client):
    """The number of workers on each host of the client's cluster, by address."""
    from distributed.comm import get_address_host

    workers = client.scheduler_info(n_workers=-1)["workers"]
    return dict(collections.Counter(get_address_host(address) for address in workers))


@contextlib.contextmanager
def connect(client=None, scheduler=None, workers=None, threads=None):
    """A client to run points on, and the :class:`ThreadShare` of each point.

    Parameters
    ----------
    client : distributed.Client, optional
        Use this client (it stays open).
    scheduler : str, optional
        Connect to the scheduler at this address (``tcp://host:port``), or to
        the one described by this scheduler file (a ``.json`` path).
    workers : int, optional
        Without ``client`` or ``scheduler``: the worker processes of the local
        cluster (default: the cores divided by ``threads``).
    threads : int, optional
        numba and BLAS threads per point (default: the worker's share of its
        host's cores).

    Yields
    ------
    (distributed.Client, ThreadShare)
    """
    from distributed import Client, LocalCluster

    if client is not None and scheduler is not None:
        raise ValueError("Give a client or a scheduler address, not both.")
    if workers is not None and (client is not None or scheduler is not None):
        raise ValueError(
            "workers= sets the size of the local cluster; a client or scheduler "
            "brings its own workers."
        )
    if workers is not None and (not isinstance(workers, int) or workers < 1):
        raise ValueError(f"workers must be a positive integer; got {workers!r}.")
    share = ThreadShare(threads)  # checks threads
    if client is not None:
        yield client, _remote_share(client, threads)
        return
    if scheduler is not None:
        where = ({"scheduler_file": str(scheduler)} if str(scheduler).endswith(".json")
                 else {"address": scheduler})
        try:
            remote = Client(**where, timeout=CONNECT_TIMEOUT)
        except (OSError, ValueError) as exc:  # unreachable, or not an address
            raise ConnectionError(
                f"Cannot connect to the dask scheduler {scheduler!r}: {exc}") from exc
        with remote:
            yield remote, _remote_share(remote, threads)
        return
    cores = usable_cores()
    if workers is None:
        workers = max(1, cores // (threads or 1))
    if threads is None:
        share = ThreadShare(max(1, cores // workers))
    # One task at a time per worker process: a point changes the process's
    # working directory, and its numba threads are the worker's share.
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      **QUIET_SCHEDULER) as cluster, Client(cluster) as local:
        yield local, share


def _remote_share(client, threads):
    if threads is not None:
        return ThreadShare(threads)
    return ThreadShare(workers_per_host=workers_per_host(client))
