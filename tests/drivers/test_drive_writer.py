"""Snapshots and rows written in the background: same files, same errors.

The drive writer writes OVF files itself and in a thread; the files must be
those that ``discretisedfield.Field.to_file`` writes, a failed write must
fail the drive as before (``system.m`` unchanged, ``info.json`` marked
``"success": false``), and the thread must end with the drive.
"""

import json
import pathlib
import threading
import time

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np
import pytest

import weylmag as wm
from weylmag.drivers.output import OVF_FORMATS, DriveWriter, OVFSnapshotFile

FORMATS = OVF_FORMATS  # every format the drivers accept


def legacy_write(self, filename, M):
    """How snapshots were written before: a Field and its ``to_file``."""
    field = df.Field(self.mesh, nvdim=3, value=M)
    field.to_file(filename, representation=self.ovf_format)


def writer_threads():
    return [t for t in threading.enumerate() if t.name == "weylmag-drive-writer"]


def film(name="film"):
    left = df.Region(p1=(-3e-9, 1e-9, 0), p2=(0, 4e-9, 2e-9))
    mesh = df.Mesh(p1=(-3e-9, 1e-9, 0), p2=(4.5e-9, 4e-9, 2e-9),
                   cell=(1.5e-9, 1e-9, 1e-9), subregions={"left": left})
    system = mm.System(name=name)
    system.energy = mm.Exchange(A=1e-11) + mm.Zeeman(H=(0, 0, 2e5))
    system.dynamics = mm.Precession(gamma0=2.211e5) + mm.Damping(alpha=0.3)
    system.m = df.Field(mesh, nvdim=3, value=(1, 0.3, 0.2), norm=8e5)
    return system


def files(directory):
    """Every file of a drive directory but info.json (it holds the times)."""
    return {p.name: p.read_bytes() for p in sorted(pathlib.Path(directory).iterdir())
            if p.name != "info.json"}


@pytest.mark.parametrize("ovf_format", FORMATS)
def test_snapshot_file_is_that_of_discretisedfield(ovf_format, tmp_path):
    """Byte for byte the file of Field.to_file, read back with the same values."""
    mesh = film().m.mesh
    M = np.random.default_rng(1).normal(scale=8e5, size=(*mesh.n, 3))
    M[0, 0, 0] = (0.0, -0.0, 1e-300)
    M[-1, -1, -1] = (1 / 3, -123456.789e10, np.pi)
    field = df.Field(mesh, nvdim=3, value=M)
    field.to_file(tmp_path / "a.omf", representation=ovf_format)
    OVFSnapshotFile(mesh, ovf_format).write(tmp_path / "b.omf", M)
    assert (tmp_path / "b.omf").read_bytes() == (tmp_path / "a.omf").read_bytes()
    assert ((tmp_path / "b.omf.subregions.json").read_bytes()
            == (tmp_path / "a.omf.subregions.json").read_bytes())
    read = df.Field.from_file(tmp_path / "b.omf")
    expected = M.astype(np.float32) if ovf_format == "bin4" else M
    np.testing.assert_array_equal(read.array, expected)
    assert read.mesh == mesh and read.mesh.subregions == mesh.subregions


@pytest.mark.parametrize("ovf_format", FORMATS)
@pytest.mark.parametrize("background", [True, False])
def test_drive_files_are_those_written_before(ovf_format, background, monkeypatch):
    """A time drive, a minimisation with output_step and a hysteresis sweep
    write the same files in the background, inline, and as Field.to_file did."""

    def drives(dirname):
        system = film()
        wm.TimeDriver().drive(system, t=20e-12, n=5, dirname=dirname,
                              ovf_format=ovf_format, verbose=0)
        wm.MinDriver().drive(system, dirname=dirname, ovf_format=ovf_format,
                             output_step=True, verbose=0)
        wm.HysteresisDriver().drive(system, Hmin=(0, 0, -1e5), Hmax=(0, 0, 1e5), n=3,
                                    dirname=dirname, ovf_format=ovf_format, verbose=0)
        return system

    monkeypatch.setattr(DriveWriter, "background", background)
    new = drives("new")
    with monkeypatch.context() as patch:
        patch.setattr(DriveWriter, "background", False)
        patch.setattr(OVFSnapshotFile, "write", legacy_write)
        old = drives("old")
    np.testing.assert_array_equal(new.m.array, old.m.array)
    for k in range(3):
        new_files = files(f"new/film/drive-{k}")
        assert len(new_files) > 4
        assert new_files == files(f"old/film/drive-{k}")
    assert not writer_threads()


def stall_writes(monkeypatch):
    """Make every snapshot write wait until the returned event is set."""
    release = threading.Event()
    write = OVFSnapshotFile.write

    def stalled_write(self, filename, M):
        release.wait(10)
        write(self, filename, M)

    monkeypatch.setattr(OVFSnapshotFile, "write", stalled_write)
    return release


def test_snapshot_keeps_a_copy(monkeypatch):
    """Changing the array after snapshot() does not change the file."""
    release = stall_writes(monkeypatch)
    system = film()
    writer = DriveWriter(system, "bin8")
    M = system.m.array.copy()
    writer.snapshot(M, 1)
    M[:] = 0
    release.set()
    writer.close()
    np.testing.assert_array_equal(df.Field.from_file("film-0000001.omf").array,
                                  system.m.array)


@pytest.mark.parametrize("fail_at", [2, 5])
@pytest.mark.parametrize("background", [True, False])
def test_failed_write_fails_the_drive(fail_at, background, monkeypatch):
    """A snapshot that cannot be written fails the drive as it did inline:
    the error raised, system.m unchanged, the directory marked failed, and
    nothing written after the failed file (the last snapshot fails in close)."""
    monkeypatch.setattr(DriveWriter, "background", background)
    write = OVFSnapshotFile.write

    def failing_write(self, filename, M):
        if str(filename).endswith(f"-{fail_at:07d}.omf"):
            time.sleep(0.2)  # the drive queues more meanwhile: none may be written
            raise OSError(28, "No space left on device")
        write(self, filename, M)

    monkeypatch.setattr(OVFSnapshotFile, "write", failing_write)
    system = film()
    before = system.m.array.copy()
    with pytest.raises(OSError, match="No space left"):
        wm.TimeDriver().drive(system, t=20e-12, n=5, verbose=0)
    np.testing.assert_array_equal(system.m.array, before)
    assert system.drive_number == 0
    with open("film/drive-0/info.json") as f:
        assert json.load(f)["success"] is False
    written = files("film/drive-0")
    snapshots = sorted(n for n in written if n.endswith(".omf") and n != "m0.omf")
    assert snapshots == [f"film-{k:07d}.omf" for k in range(1, fail_at)]
    rows = written["film.odt"].decode().splitlines()[1:]
    assert len(rows) == fail_at
    assert not writer_threads()
    # The system is still usable and the next drive is numbered after it.
    monkeypatch.setattr(OVFSnapshotFile, "write", write)
    wm.TimeDriver().drive(system, t=20e-12, n=5, verbose=0)
    with open("film/drive-1/info.json") as f:
        assert json.load(f)["success"] is True
    assert not writer_threads()


@pytest.mark.parametrize("background", [True, False])
def test_rows_without_snapshot_are_written(background):
    """Rows wait for the next snapshot; close() writes those left."""
    writer = DriveWriter(film(), "bin8", background=background)
    writer.row({"t": (1e-12, "s"), "mx": (0.5, "")})
    writer.snapshot(film().m.array, 1)
    writer.row({"t": (2e-12, "s"), "mx": (float("inf"), "")})
    writer.close()
    with open("film.odt", encoding="utf-8") as f:
        assert f.read() == "# t (s)\tmx ()\n1e-12\t0.5\n2e-12\tnan\n"
    assert not writer_threads()


def test_many_rows_without_snapshot():
    """Rows alone do not pile up in memory; all reach the table in order."""
    writer = DriveWriter(film(), "bin8")
    for k in range(3000):
        writer.row({"k": (k, "")})
        assert len(writer._rows) < 1024
    writer.close()
    with open("film.odt", encoding="utf-8") as f:
        assert f.read().splitlines()[1:] == [repr(float(k)) for k in range(3000)]


def test_row_lacking_a_column_raises_at_once():
    writer = DriveWriter(film(), "bin8")
    writer.row({"t": (1e-12, "s"), "mx": (0.5, "")})
    with pytest.raises(KeyError, match="mx"):
        writer.row({"t": (2e-12, "s")})
    writer.close()
    assert not writer_threads()


def test_failed_table_write_fails_the_drive(monkeypatch):
    def full(self, text):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(DriveWriter, "_write_table", full)
    system = film()
    before = system.m.array.copy()
    with pytest.raises(OSError, match="No space left"):
        wm.MinDriver().drive(system, verbose=0)
    np.testing.assert_array_equal(system.m.array, before)
    with open("film/drive-0/info.json") as f:
        assert json.load(f)["success"] is False
    assert not writer_threads()


def test_integration_error_ends_the_writer():
    """A drive that fails in the integrator still writes what it queued and
    leaves no thread behind."""
    system = film()
    system.energy = mm.Exchange(A=1e-11) + mm.Zeeman(
        H=(0, 0, 1e5), func=lambda t: np.nan if t > 6e-12 else 1.0, dt=1e-12,
        name="pulse")
    with pytest.raises(wm.IntegrationError):
        wm.TimeDriver().drive(system, t=20e-12, n=5, verbose=0)
    written = files("film/drive-0")
    assert "film-0000001.omf" in written and "film-0000002.omf" not in written
    assert len(written["film.odt"].decode().splitlines()) == 2
    assert not writer_threads()


def test_queue_is_bounded(monkeypatch):
    """With the disk stalled, snapshot() blocks once the queue is full."""
    release = stall_writes(monkeypatch)
    monkeypatch.setattr(DriveWriter, "queue_items", 4)
    system = film()
    writer = DriveWriter(system, "bin8")
    assert writer._queue.maxsize == 4
    queued = []

    def produce():
        for k in range(20):
            writer.snapshot(system.m.array, k)
            queued.append(k)

    producer = threading.Thread(target=produce)
    producer.start()
    time.sleep(0.3)
    # One item being written, four in the queue, the sixth call waiting.
    assert len(queued) == 5 and producer.is_alive()
    assert writer._queue.qsize() == 4
    release.set()
    producer.join(10)
    writer.close()
    assert len(queued) == 20
    assert len(list(pathlib.Path().glob("film-*.omf"))) == 20


def test_queue_bound_in_bytes(monkeypatch):
    """Large snapshots: the queue holds at most queue_bytes of them, but two."""
    system = film()
    bytes_per_snapshot = 8 * 3 * system.m.mesh.n.prod()
    monkeypatch.setattr(DriveWriter, "queue_bytes", 3 * bytes_per_snapshot)
    writer = DriveWriter(system, "bin8")
    assert writer._queue.maxsize == 3
    writer.close()
    monkeypatch.setattr(DriveWriter, "queue_bytes", 1)
    writer = DriveWriter(system, "bin8")
    assert writer._queue.maxsize == 2
    writer.close()
    assert not writer_threads()
