"""Sweep definitions, point keys and the result store, without a cluster."""

import pathlib

import numpy as np
import pytest

import weylmag as wm
from weylmag.sweep import ResultStore, Sweep, grid, point_key


def test_grid_is_the_product_with_the_last_name_fastest():
    points = grid(H=[1.0, 2.0], alpha=[0.1, 0.2, 0.3])
    assert len(points) == 6
    assert points[0] == {"H": 1.0, "alpha": 0.1}
    assert points[2] == {"H": 1.0, "alpha": 0.3}
    assert points[3] == {"H": 2.0, "alpha": 0.1}


def test_grid_rejects_a_bare_value():
    with pytest.raises(TypeError, match=r"H=\[1.0\]"):
        grid(H=1.0)


def test_points_are_plain_json_and_distinct(chain):
    sweep = Sweep(chain.build, chain.run, chain.keep,
                  [{"H": np.float64(1e5), "alpha": np.float32(0.5), "n": np.int64(3)}])
    assert sweep.points == [{"H": 1e5, "alpha": 0.5, "n": 3}]
    assert type(sweep.points[0]["n"]) is int
    with pytest.raises(ValueError, match="the same"):
        Sweep(chain.build, chain.run, chain.keep, [{"H": 1.0}, {"H": 1.0}])
    with pytest.raises(TypeError, match="cannot be stored as JSON"):
        Sweep(chain.build, chain.run, chain.keep, [{"H": object()}])


def test_point_key_depends_on_the_values_only():
    assert point_key({"a": 1.0, "b": "x"}) == point_key({"b": "x", "a": 1.0})
    assert point_key({"a": 1.0}) != point_key({"a": 1.0 + 1e-15})


@pytest.mark.parametrize("keep, message", [
    ({"H": "mx"}, "take names of parameters"),
    ({"status": "mx"}, "take names of parameters"),
    (3, "keep must be"),
    ({"mx": 3}, "must be a table column or a callable"),
    ({"mx": lambda system, point, other: 1.0}, r"keep\['mx'\] must be a callable"),
])
def test_bad_keep_is_refused_when_the_sweep_is_made(chain, keep, message):
    with pytest.raises((TypeError, ValueError), match=message):
        Sweep(chain.build, chain.run, keep, chain.points)


@pytest.mark.parametrize("run, message", [
    ([], "empty"),
    ("TimeDriver", "run must be"),
    ([(wm.TimeDriver(), 5e-12)], "not a driver"),
    (lambda: None, "run must be a callable of"),
])
def test_bad_run_is_refused_when_the_sweep_is_made(chain, run, message):
    with pytest.raises((TypeError, ValueError), match=message):
        Sweep(chain.build, run, chain.keep, chain.points)


def test_evaluate_runs_one_point_in_a_directory(chain, tmp_path):
    sweep = Sweep(chain.build, [(wm.TimeDriver(), {"t": 5e-12, "n": 5})],
                  {"mz": "mz", "twice_H": lambda system, point: point["H"] * 2},
                  [{"H": 1e5, "alpha": 0.1}],
                  fields={"m_final": lambda system: system.m})
    record = sweep.evaluate(sweep.points[0], tmp_path / "point")
    assert record["status"] == "done", record["traceback"]
    assert record["values"]["twice_H"] == 2e5
    assert 0.0 < record["values"]["mz"] < 1.0
    assert record["directory"] == "chain"
    assert (tmp_path / "point" / "chain" / "drive-0" / "info.json").is_file()
    assert (tmp_path / "point" / "m_final.ovf").is_file()
    assert pathlib.Path.cwd() == tmp_path  # the working directory is restored


@pytest.mark.parametrize("keep, error", [
    ({"q": "no_such_column"}, "KeyError"),
    ({"q": lambda system: np.zeros(3)}, "TypeError"),
    (lambda system: 1.0, "TypeError"),
])
def test_errors_in_keep_are_recorded(chain, tmp_path, keep, error):
    sweep = Sweep(chain.build, chain.run, keep, chain.points)
    record = sweep.evaluate(chain.points[0], tmp_path)
    assert record["status"] == "failed"
    assert record["error_type"] == error
    assert record["values"] == {}
    assert "Traceback" in record["traceback"]


def test_records_are_replaced_whole_and_leave_no_temporary_files(tmp_path):
    store = ResultStore(tmp_path / "sweep")
    store.write("abc", {"status": "done", "values": {"x": 1.0}})
    store.write("abc", {"status": "done", "values": {"x": 2.0}})
    assert store.read("abc")["values"] == {"x": 2.0}
    assert [p.name for p in store.results.iterdir()] == ["abc.json"]
    assert store.read("missing") is None


def test_an_unreadable_record_is_computed_again(tmp_path):
    store = ResultStore(tmp_path / "sweep")
    store.result_path("abc").write_text('{"status": "do', encoding="utf-8")
    with pytest.warns(UserWarning, match="not a sweep record"):
        assert store.read("abc") is None
