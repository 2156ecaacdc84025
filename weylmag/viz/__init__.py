"""Pictures of magnetisation textures, densities and drives.

pyvista scenes (imported on first use; render off-screen with
``PYVISTA_OFF_SCREEN=true`` or ``filename=``):

- :func:`arrows`, :func:`isosurface`, :func:`slices`: a vector field on a
  mesh, coloured by a unit-vector component or the in-plane angle;
- :func:`scalar`: a scalar field (valley or spin density) as cuts or a
  volume, optionally under the magnetisation's arrows;
- :func:`lattice`: spins on the sites of a tight-binding lattice;
- :func:`animate`: a drive's snapshots as a GIF or movie.

They take keyword-only options, draw into ``plotter=`` (overlays) or a new
plotter, save a PNG to ``filename=``, pass the other keywords to pyvista's
``add_mesh`` and return the plotter.

matplotlib plots in :mod:`weylmag.viz.plots` (tables, wall and skyrmion
trajectories, transmission, instability maps), the trajectories themselves
in :mod:`weylmag.viz.trajectory`.
"""

from . import plots as plots
from . import trajectory as trajectory
from .animation import animate as animate
from .field import arrows as arrows
from .field import isosurface as isosurface
from .field import scalar as scalar
from .field import slices as slices
from .lattice import lattice as lattice
from .trajectory import skyrmion_centres as skyrmion_centres
from .trajectory import wall_positions as wall_positions
