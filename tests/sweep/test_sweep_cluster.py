"""Sweeps on a local dask cluster: the same numbers as a serial run, failures
recorded, and a killed sweep finished by computing only its missing points."""

import json
import os
import signal
import subprocess
import sys
import time

import discretisedfield as df
import numba
import numpy as np
import pytest

import weylmag.sweep
from weylmag.sweep import Sweep, point_key
from weylmag.sweep.cluster import usable_cores

#: Two workers share the cores; numba cannot exceed its configured maximum.
WORKER_THREADS = max(1, min(usable_cores() // 2, numba.config.NUMBA_NUM_THREADS))


def serial_values(chain, point, directory, monkeypatch):
    """The kept numbers and final m of one point, computed here without the sweep."""
    directory.mkdir(parents=True)
    monkeypatch.chdir(directory)
    system = chain.build(point)
    chain.run(system)
    data = system.table.data
    values = {name: data[name].iloc[-1] for name in ("mx", "my", "mz", "E")}
    values["mean_mz"] = data["mz"].mean()
    return values, system.m.array


def test_cluster_gives_the_numbers_of_a_serial_run(chain, local_client, tmp_path,
                                                   monkeypatch):
    table = chain.compute(tmp_path / "sweep", client=local_client, progress=False)
    assert len(table) == 8
    assert (table["status"] == "done").all(), table["error"].tolist()
    assert table["computed"].all()
    assert (table["threads"] == WORKER_THREADS).all()
    for point, (_, row) in zip(chain.points, table.iterrows()):
        assert {name: row[name] for name in point} == point
        values, m = serial_values(chain, point, tmp_path / "serial" / point_key(point),
                                  monkeypatch)
        for name, value in values.items():
            assert row[name] == value, (point, name)
        assert np.array_equal(df.Field.from_file(row["m_file"]).array, m)
        assert os.path.isfile(os.path.join(row["directory"], "drive-0", "info.json"))
    # The directories of different points are distinct.
    assert table["directory"].nunique() == 8


def test_a_failing_point_is_recorded_and_the_others_complete(chain, local_client,
                                                             tmp_path):
    points = [{"H": 1e5, "alpha": 0.1}, {"H": 1e5, "alpha": -0.1},
              {"H": 4e5, "alpha": 0.1}]
    sweep = Sweep(chain.build, chain.run, chain.keep, points)
    table = sweep.compute(tmp_path / "sweep", client=local_client, progress=False)
    assert table["status"].tolist() == ["done", "failed", "done"]
    failed = table.iloc[1]
    assert failed["error_type"] == "ValueError"
    assert "-0.1" in failed["error"]
    assert np.isnan(failed["mx"]) and np.isfinite(table["mx"][[0, 2]]).all()
    path = tmp_path / "sweep" / "results" / f"{point_key(points[1])}.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["status"] == "failed"
    assert "mm.Damping(alpha=point[\"alpha\"])" in record["traceback"]
    # A rerun keeps the failure; retry_failed computes that point alone again.
    again = sweep.compute(tmp_path / "sweep", client=local_client, progress=False)
    assert not again["computed"].any()
    retried = sweep.compute(tmp_path / "sweep", client=local_client, progress=False,
                            retry_failed=True)
    assert retried["computed"].tolist() == [False, True, False]
    assert retried["status"].tolist() == ["done", "failed", "done"]


SLOW_SWEEP = """
import time

import weylmag.sweep

chain = weylmag.sweep.load({chain!r})
build, keep, points = chain.build, chain.keep, chain.points


def run(system, point):
    time.sleep(0.5)  # long enough to stop the sweep between points
    chain.run(system)
"""


def test_a_killed_sweep_computes_only_its_missing_points(chain_file, local_client,
                                                        tmp_path):
    path = tmp_path / "slow_sweep.py"
    path.write_text(SLOW_SWEEP.format(chain=str(chain_file)), encoding="utf-8")
    results = tmp_path / "sweep" / "results"
    # The sweep runs in a process of its own on the shared cluster; the process
    # (and anything it started) is killed once three points are written.
    process = subprocess.Popen(
        [sys.executable, "-m", "weylmag.cli", "sweep", str(path), "--scheduler",
         local_client.scheduler.address, "--out", "sweep", "--quiet"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while len(list(results.glob("*.json"))) < 3:
            assert process.poll() is None, process.stdout.read().decode()
            assert time.monotonic() < deadline, "the sweep wrote no results"
            time.sleep(0.02)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        process.stdout.close()
    _wait_until_gone(process.pid)
    written = {p.name: p.read_bytes() for p in results.glob("*.json")}
    assert 3 <= len(written) < 8

    table = weylmag.sweep.load(path).compute(tmp_path / "sweep", client=local_client,
                                             progress=False)
    assert (table["status"] == "done").all()
    assert int(table["computed"].sum()) == 8 - len(written)
    keys = [point_key(point) for point in table[["H", "alpha"]].to_dict("records")]
    assert [f"{key}.json" not in written for key in keys] == table["computed"].tolist()
    for name, content in written.items():  # finished results are left as they were
        assert (results / name).read_bytes() == content


def _wait_until_gone(group, timeout=10):
    """Wait until no process of the killed process group is left."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        if time.monotonic() > deadline:
            pytest.fail(f"processes of group {group} survived SIGKILL")
        time.sleep(0.05)
