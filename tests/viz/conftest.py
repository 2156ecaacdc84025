"""Off-screen rendering without a display, and image checks for the
pictures of weylmag.viz."""

import sys
import types

import matplotlib
import numpy as np
import pytest
from PIL import Image

#: The ends of the default component colormap (m = -1 and m = +1), RGB 0-255.
COOLWARM = matplotlib.colormaps["coolwarm"]
BLUE_END = np.array(COOLWARM(0.0)[:3]) * 255
RED_END = np.array(COOLWARM(1.0)[:3]) * 255


@pytest.fixture(autouse=True)
def _off_screen(monkeypatch):
    """Render off-screen, with no X display to fall back on."""
    import pyvista

    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.setenv("PYVISTA_OFF_SCREEN", "true")
    if sys.platform.startswith("linux"):
        # Without a display VTK tries an X window first, logs that it failed
        # and falls back to EGL; ask for EGL at once.
        monkeypatch.setenv("VTK_DEFAULT_OPENGL_WINDOW", "vtkEGLRenderWindow")
    monkeypatch.setattr(pyvista, "OFF_SCREEN", True)


@pytest.fixture
def plotter():
    """A small off-screen plotter, closed after the test."""
    import pyvista

    p = pyvista.Plotter(off_screen=True, window_size=(300, 300))
    yield p
    p.close()


def load(path):
    """An image file as an (rows, columns, 3) uint8 array."""
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"))


def colour(image, columns, rows):
    """Median colour of the non-white pixels in a window given as fractions
    of the width and height, e.g. ``columns=(0.1, 0.4)``; None if the
    window is all background."""
    h, w, _ = image.shape
    window = image[
        int(rows[0] * h) : int(rows[1] * h), int(columns[0] * w) : int(columns[1] * w)
    ]
    pixels = window.reshape(-1, 3).astype(float)
    pixels = pixels[np.any(pixels < 245, axis=1)]
    if len(pixels) == 0:
        return None
    return np.median(pixels, axis=0)


def has_content(image):
    """More than a handful of distinct colours, and not mostly one."""
    pixels = image.reshape(-1, 3)
    distinct, counts = np.unique(pixels, axis=0, return_counts=True)
    return len(distinct) > 4 and counts.max() < 0.99 * len(pixels)


def close(rgb, expected, tol=6):
    return rgb is not None and np.all(np.abs(np.asarray(rgb) - expected) <= tol)


@pytest.fixture
def pictures():
    """Image helpers: ``load``, ``colour``, ``has_content``, ``close`` and
    the colormap ends ``BLUE_END``, ``RED_END``."""
    return types.SimpleNamespace(
        load=load,
        colour=colour,
        has_content=has_content,
        close=close,
        BLUE_END=BLUE_END,
        RED_END=RED_END,
    )
