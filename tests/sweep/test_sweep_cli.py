"""``weylmag sweep FILE``: a sweep file runs; a broken one exits 2 with one line."""

import pandas as pd
import pytest

from weylmag.cli import main


def test_sweep_file_runs_and_a_second_run_computes_nothing(chain_file, local_client,
                                                          tmp_path, capsys):
    address = local_client.scheduler.address
    arguments = ["sweep", str(chain_file), "--scheduler", address]
    assert main(arguments) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0].split()[:7] == ["H", "alpha", "mx", "my", "mz", "E", "mean_mz"]
    assert len(lines) == 9
    assert captured.err.splitlines()[-1] == (
        "8 points: 8 done (8 computed now), 0 failed; table written to "
        "chain_sweep-sweep/table.csv")
    table = pd.read_csv(tmp_path / "chain_sweep-sweep" / "table.csv")
    assert len(table) == 8 and (table["status"] == "done").all()
    assert table["computed"].all()

    assert main([*arguments, "--quiet", "--csv", "again.csv"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "8 done (0 computed now)" in captured.err
    again = pd.read_csv(tmp_path / "again.csv")
    assert not again["computed"].any()
    assert again[["mx", "my", "mz"]].equals(table[["mx", "my", "mz"]])


BROKEN = {
    "syntax": ("def build(point)\n    return None\n", "broken.py:1: SyntaxError"),
    "raises": ("import no_such_module_here\n", "ModuleNotFoundError"),
    "missing": ("def build(point):\n    pass\n", "defines no run, keep, points"),
    "not a sweep": ("sweep = 3\n", "`sweep` is a int"),
    "bad keep": (("def build(point):\n    pass\nrun = lambda system: None\n"
                  "keep = 3\npoints = [{'H': 1.0}]\n"), "TypeError: keep must be"),
    "bad points": (("def build(point):\n    pass\nrun = lambda system: None\n"
                    "keep = ['mx']\npoints = [{'H': 1.0}, {'H': 1.0}]\n"),
                   "ValueError: points 0 and 1 are the same"),
}


@pytest.mark.parametrize("text, message", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_file_gives_one_line_and_exit_2(tmp_path, capsys, text, message):
    path = tmp_path / "broken.py"
    path.write_text(text, encoding="utf-8")
    assert main(["sweep", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("weylmag sweep: error: ")
    assert message in lines[0]
    assert not (tmp_path / "broken-sweep").exists()

