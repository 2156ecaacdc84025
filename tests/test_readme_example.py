"""The README's picture example is ``docs/readme_example.py`` word for word;
the script relaxes a Néel skyrmion in a disk and draws the picture the README
shows (``docs/images/neel_skyrmion.png``)."""

import pathlib
import re
import runpy
import sys

import numpy as np
from PIL import Image

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "docs" / "readme_example.py"
PICTURE = "docs/images/neel_skyrmion.png"


def readme():
    return (ROOT / "README.md").read_text(encoding="utf-8")


def pixels(path):
    with Image.open(path) as image:
        assert image.format == "PNG"
        return np.asarray(image.convert("RGB"), dtype=int)


def test_the_readme_shows_the_script_and_its_picture():
    blocks = re.findall(r"^```python\n(.*?)^```$", readme(), flags=re.M | re.S)
    assert blocks.count(SCRIPT.read_text(encoding="utf-8")) == 1
    assert f"]({PICTURE})" in readme()
    assert (ROOT / PICTURE).stat().st_size < 200_000


def test_the_script_relaxes_a_skyrmion_and_draws_the_picture(tmp_path, monkeypatch):
    import pyvista

    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.setenv("PYVISTA_OFF_SCREEN", "true")
    if sys.platform.startswith("linux"):
        monkeypatch.setenv("VTK_DEFAULT_OPENGL_WINDOW", "vtkEGLRenderWindow")
    monkeypatch.setattr(pyvista, "OFF_SCREEN", True)

    namespace = runpy.run_path(str(SCRIPT), run_name="__main__")  # in tmp_path
    namespace["plotter"].close()
    m = namespace["system"].m
    assert m.orientation((0, 0, 0.5e-9))[2] < -0.9  # the core points down
    assert m.orientation((0, 40e-9, 0.5e-9))[2] > 0.9  # the rim up
    assert np.all(m.norm((48e-9, 48e-9, 0.5e-9)) == 0)  # outside the disk
    assert (tmp_path / "disk" / "drive-0" / "info.json").is_file()

    drawn = pixels(tmp_path / "neel_skyrmion.png")
    shown = pixels(ROOT / PICTURE)
    assert drawn.shape == shown.shape
    assert len(np.unique(drawn.reshape(-1, 3), axis=0)) > 20
    # the same picture up to rendering noise (the skyrmion of D = 3e-3 J/m^2
    # instead of 3.5e-3 differs from it in 4% of the pixels)
    assert (np.abs(drawn - shown).max(axis=-1) > 64).mean() < 0.01
