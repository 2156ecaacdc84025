"""Parameter sweeps on ``dask.distributed``.

A :class:`Sweep` builds an ``mm.System`` from each parameter point, drives
it and keeps numbers (and optionally fields); :meth:`Sweep.compute` runs the
points on an embedded ``LocalCluster`` or on any dask scheduler and returns
a ``pandas.DataFrame`` with one row per point. Each point's result is
written to the sweep directory as soon as it is known, so a sweep that is
stopped and started again computes only the points that have none; a point
that raises records its error and the others go on.

``weylmag sweep FILE`` runs a sweep defined in a Python file
(:mod:`weylmag.sweep.files`). dask is imported only when a sweep runs.
"""

from .files import SweepFileError as SweepFileError
from .files import load as load
from .points import grid as grid
from .points import point_key as point_key
from .store import ResultStore as ResultStore
from .sweep import Sweep as Sweep
