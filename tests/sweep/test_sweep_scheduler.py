"""A sweep through a separate dask scheduler and worker on 127.0.0.1."""

import json
import os
import signal
import subprocess
import sys
import time

import numba

from weylmag.sweep.cluster import usable_cores


def start(command, log):
    """A process in its own process group, so that its children go with it."""
    with open(log, "wb") as out:
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def scheduler_address(path, process, timeout=60):
    """The address the scheduler wrote to its scheduler file once it listens."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the scheduler exited"
        try:
            return json.loads(path.read_text(encoding="utf-8"))["address"]
        except (FileNotFoundError, json.JSONDecodeError, KeyError):
            time.sleep(0.05)
    raise TimeoutError("the scheduler wrote no address")


def test_sweep_through_a_scheduler_address(chain, tmp_path):
    from distributed import Client

    scheduler_file = tmp_path / "scheduler.json"
    processes = []
    try:
        # Port 0: the scheduler takes a free port and reports it in its file.
        processes.append(start(
            [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host",
             "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file",
             str(scheduler_file)], tmp_path / "scheduler.log"))
        address = scheduler_address(scheduler_file, processes[0])
        assert address.startswith("tcp://127.0.0.1:")
        processes.append(start(
            [sys.executable, "-m", "distributed.cli.dask_worker", address, "--host",
             "127.0.0.1", "--nthreads", "1", "--no-nanny", "--no-dashboard",
             "--local-directory",
             str(tmp_path / "worker")], tmp_path / "worker.log"))
        with Client(address, timeout=30) as client:
            client.wait_for_workers(1, timeout=60)

        table = chain.compute(tmp_path / "sweep", scheduler=address, progress=False)

        assert (table["status"] == "done").all(), table["error"].tolist()
        assert table["computed"].all()
        # One worker on the host: its share is all the cores numba may use.
        threads = max(1, min(usable_cores(), numba.config.NUMBA_NUM_THREADS))
        assert (table["threads"] == threads).all()
        # The numbers are those of the same point computed here.
        record = chain.evaluate(chain.points[5], tmp_path / "here")
        for name, value in record["values"].items():
            assert table[name][5] == value
    finally:
        for process in reversed(processes):
            stop(process)
    assert all(process.returncode is not None for process in processes)
