"""Runs in a temporary directory, rendering off-screen with no display."""

import sys

import numpy as np
import pytest
from PIL import Image


@pytest.fixture(autouse=True)
def _in_tmp_off_screen(monkeypatch, tmp_path):
    import pyvista

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.setenv("PYVISTA_OFF_SCREEN", "true")
    if sys.platform.startswith("linux"):
        monkeypatch.setenv("VTK_DEFAULT_OPENGL_WINDOW", "vtkEGLRenderWindow")
    monkeypatch.setattr(pyvista, "OFF_SCREEN", True)


def has_content(path):
    """The PNG has many colours and is not mostly one."""
    with Image.open(path) as image:
        pixels = np.asarray(image.convert("RGB")).reshape(-1, 3)
    distinct, counts = np.unique(pixels, axis=0, return_counts=True)
    return len(distinct) > 4 and counts.max() < 0.99 * len(pixels)
