"""The :class:`Sweep`: a system built per parameter point, driven, and measured."""

import builtins
import contextlib
import inspect
import os
import pathlib
import shutil
import threading
import time
import traceback
import uuid
from collections import Counter
from collections.abc import Mapping

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no locks between processes
    fcntl = None

import discretisedfield as df
import micromagneticmodel as mm

from . import cluster
from .points import as_points, plain, point_key
from .store import RUN_COLUMNS, ResultStore, table

#: A point runs inside its own working directory, and the working directory
#: belongs to the whole process: points in one process take turns.
_DIRECTORY_LOCK = threading.Lock()


class Sweep:
    r"""A parameter sweep: build a system for each point, drive it, keep numbers.

    Parameters
    ----------
    build : callable
        ``build(point) -> micromagneticmodel.System``, ``point`` a dict of
        parameter values.
    run : callable or list
        How to drive the system: ``run(system)`` or ``run(system, point)``,
        or a list of ``(driver, kwargs)`` pairs (a driver alone means no
        keywords), e.g. ``[(wm.MinDriver(), {}), (wm.TimeDriver(),
        {"t": 1e-9, "n": 100})]``; drivers of a list print nothing unless
        given ``verbose``.
    keep : str, list, dict or callable
        The numbers to keep for each point. A string or a list of strings
        names columns of ``system.table``, kept at their last value; a dict
        maps each name to a column or to a callable ``f(system)`` or
        ``f(system, point)`` returning a number (or a string or bool); a
        callable ``keep(system)`` or ``keep(system, point)`` returns a dict
        of them.
    points : list of dict or dict of lists
        The parameter points, or ``{name: values}`` for the grid of all
        combinations (:func:`weylmag.sweep.grid`). Values are numbers,
        strings, bools or lists of them; they are stored as JSON.
    fields : list or dict, optional
        Fields to save for each point: names of system attributes (``"m"``)
        or a dict of names to callables ``f(system)`` / ``f(system, point)``
        returning a ``discretisedfield.Field``. Each is written as
        ``<name>.ovf`` in the point's directory and named in the table's
        ``<name>_file`` column.

    Notes
    -----
    A point runs in its own working directory, ``DIR/points/<key>/``, so its
    drives write ``DIR/points/<key>/<system.name>/drive-N/``; ``<key>`` is
    a hash of the parameters (:func:`weylmag.sweep.point_key`). Results are
    keyed by the parameters alone: after a change to ``build``, ``run`` or
    ``keep``, use a new sweep directory (or delete ``DIR/results``).

    The functions travel to the workers with ``cloudpickle``: those defined
    in a script or a sweep file go by value, those of an importable module by
    reference, and that module must then be importable on the workers.
    A script that starts the local cluster must do its work under
    ``if __name__ == "__main__":``, because worker processes import the
    script that started them.

    Examples
    --------
    >>> import discretisedfield as df
    >>> import micromagneticmodel as mm
    >>> import weylmag as wm
    >>> def build(point):
    ...     mesh = df.Mesh(p1=(0, 0, 0), p2=(10e-9, 2e-9, 2e-9), n=(5, 1, 1))
    ...     system = mm.System(name="macrospin")
    ...     system.energy = mm.Zeeman(H=(0, 0, point["H"]))
    ...     system.dynamics = (mm.Precession(gamma0=2.211e5)
    ...                        + mm.Damping(alpha=point["alpha"]))
    ...     system.m = df.Field(mesh, nvdim=3, value=(1, 0, 0.1), norm=8e5)
    ...     return system
    >>> sweep = wm.sweep.Sweep(
    ...     build, run=[(wm.TimeDriver(), {"t": 5e-12, "n": 5})], keep=["mx", "mz"],
    ...     points={"H": [1e5, 2e5], "alpha": [0.1, 0.5]})
    >>> sweep  # doctest: +NORMALIZE_WHITESPACE
    Sweep(build=build, run=[(TimeDriver(), {'t': 5e-12, 'n': 5})],
          keep=['mx', 'mz'], points=4)
    >>> sweep.points[1]
    {'H': 100000.0, 'alpha': 0.5}

    ``sweep.compute("sweep-dir")`` then returns a ``pandas.DataFrame`` with
    the columns ``H, alpha, mx, mz, status, error_type, error, directory,
    elapsed, threads, computed``.
    """

    def __init__(self, build, run, keep, points, *, fields=None):
        if not callable(build):
            raise TypeError(f"build must be a callable build(point) -> mm.System; got "
                            f"{type(build).__name__}.")
        if _positional_arguments(build, (1,)) is None:
            raise TypeError(f"build must be a callable build(point); {_name(build)} "
                            "takes other arguments.")
        self.build = build
        self.run = run
        self._run = _run_steps(run)
        self.keep = keep
        self._keep = _keep_spec(keep)
        self.fields = fields
        self._fields = _field_spec(fields)
        self.points = as_points(points)
        names = {name for point in self.points for name in point}
        known = [*(self._keep if isinstance(self._keep, dict) else {}),
                 *(f"{name}_file" for name in self._fields)]
        clashes = sorted(set(known) & (names | set(RUN_COLUMNS)))
        if clashes:
            raise ValueError(
                f"Kept quantities and fields {clashes} take names of parameters or of "
                f"the table's columns {list(RUN_COLUMNS)}; rename them."
            )

    def __repr__(self):
        parts = [f"build={_name(self.build)}", f"run={_describe(self.run)}",
                 f"keep={_describe(self.keep)}", f"points={len(self.points)}"]
        if self.fields is not None:
            parts.append(f"fields={_describe(self.fields)}")
        return f"Sweep({', '.join(parts)})"

    # -- one point ------------------------------------------------------------
    def evaluate(self, point, directory="."):
        """Compute one point in this process, inside ``directory``.

        An exception from ``build``, ``run``, ``keep`` or the fields does not
        propagate: it is recorded.

        Returns
        -------
        dict
            The record: ``status`` (``"done"`` or ``"failed"``),
            ``values`` (the kept quantities), ``fields`` (file names),
            ``directory`` (the system's drive directory), ``error_type``,
            ``error``, ``traceback`` and ``elapsed`` (s); paths are relative
            to ``directory``.
        """
        point = dict(point)
        record = {"status": "done", "values": {}, "fields": {}, "directory": None,
                  "error_type": None, "error": None, "traceback": None}
        start = time.perf_counter()
        directory = pathlib.Path(directory).absolute()
        directory.mkdir(parents=True, exist_ok=True)
        with _inside(directory):
            try:
                system = self.build(point)
                if not isinstance(system, mm.System):
                    raise TypeError(f"build(point) returned a {type(system).__name__}; "
                                    "it must return a micromagneticmodel.System.")
                record["directory"] = system.name
                self._drive(system, point)
                record["values"] = self._kept(system, point)
                record["fields"] = self._save_fields(system, point)
            except Exception as exc:  # noqa: BLE001 - recorded; the sweep goes on
                record.update(_error(exc), values={}, fields={})
        record["elapsed"] = time.perf_counter() - start
        return record

    def _drive(self, system, point):
        if callable(self._run):
            self._run(system, point)
            return
        for driver, kwargs in self._run:
            driver.drive(system, **{"verbose": 0, **kwargs})

    def _kept(self, system, point):
        if callable(self._keep):
            values = self._keep(system, point)
            if not isinstance(values, Mapping):
                raise TypeError(f"keep(system) returned a {type(values).__name__}; it "
                                "must return a dict of names to numbers.")
        else:
            values = {name: (_column(system, spec) if isinstance(spec, str)
                             else spec(system, point))
                      for name, spec in self._keep.items()}
        return {str(name): _scalar(value, name) for name, value in values.items()}

    def _save_fields(self, system, point):
        saved = {}
        for name, spec in self._fields.items():
            field = (getattr(system, spec) if isinstance(spec, str)
                     else spec(system, point))
            if not isinstance(field, df.Field):
                raise TypeError(f"fields[{name!r}] gave a {type(field).__name__}; it "
                                "must be a discretisedfield.Field.")
            filename = f"{name}.ovf"
            field.to_file(filename)
            saved[name] = filename
        return saved

    # -- the whole sweep ------------------------------------------------------
    def compute(self, directory, *, client=None, scheduler=None, workers=None,
                threads=None, retry_failed=False, progress=True):
        """Compute every point without a result in ``directory``; return the table.

        Parameters
        ----------
        directory : str or pathlib.Path
            The sweep directory (created if missing): ``results/<key>.json``
            per finished point, ``points/<key>/`` the working directory of
            each (:mod:`weylmag.sweep.store`). Give the workers a path they
            can reach: a scheduler elsewhere needs a shared file system.
        client : distributed.Client, optional
            Run on this client's cluster.
        scheduler : str, optional
            Or connect to this scheduler (``"tcp://host:port"``, or a
            scheduler file ending in ``.json``).
        workers : int, optional
            Otherwise a ``LocalCluster`` with this many worker processes, one
            point at a time each (default: one per core, or the cores
            divided by ``threads``).
        threads : int, optional
            numba and BLAS threads of each point (default: the worker's share
            of its host's cores, at least 1); never more than the cores.
        retry_failed : bool, optional
            Compute points whose recorded result is a failure again
            (default: keep the failure).
        progress : bool, optional
            Show a progress bar (done, failed, remaining) on stderr.

        Returns
        -------
        pandas.DataFrame
            One row per point, in the order of ``points``: the parameters,
            the kept quantities, ``<name>_file`` per saved field, ``status``
            (``"done"``/``"failed"``), ``error_type`` and ``error``, the
            system's drive ``directory``, ``elapsed`` (s), ``threads``, and
            ``computed`` (True where this call computed the point, False
            where its result was already in ``directory``).
        """
        store = ResultStore(directory)
        keys = [point_key(point) for point in self.points]
        records = [store.read(key) for key in keys]
        todo = [i for i, record in enumerate(records)
                if record is None or (retry_failed and record["status"] != "done")]
        computed = [False] * len(self.points)
        if todo:
            with cluster.connect(client, scheduler, workers, threads) as (dask_client,
                                                                          share):
                self._compute_points(dask_client, share, store, keys, records, todo,
                                     computed, progress)
        return table(store, self.points, records, computed)

    def _compute_points(self, client, share, store, keys, records, todo, computed,
                        progress):
        from distributed import as_completed
        from tqdm.auto import tqdm

        # The definition travels once; each task gets a reference to it.
        definition = client.scatter(self, hash=False)
        tag = uuid.uuid4().hex[:8]
        futures = {
            client.submit(_compute_point, definition, self.points[i],
                          str(store.work_directory(keys[i])), share,
                          key=f"weylmag-sweep-{keys[i]}-{tag}", pure=False): i
            for i in todo
        }
        pending = set(todo)
        counts = Counter(records[i]["status"] for i in range(len(records))
                         if i not in pending)
        with tqdm(total=len(records), initial=len(records) - len(todo), desc="sweep",
                  unit="point", disable=not progress) as bar:
            bar.set_postfix(done=counts["done"], failed=counts["failed"],
                            remaining=len(pending))
            for future in as_completed(futures):
                i = futures[future]
                if future.status == "finished":
                    record = future.result()
                elif future.status == "error":  # the task itself failed: a worker
                    # that died running it, a result that could not be sent back
                    record = dict(_error(future.exception()), values={}, fields={},
                                  directory=None, threads=None, elapsed=None)
                else:  # cancelled: the cluster went away, not the point
                    raise RuntimeError(
                        f"The task of point {self.points[i]} was {future.status}; "
                        "the points finished so far are kept in "
                        f"{store.directory}, run the sweep again to go on.")
                record = _stored(record, keys[i], self.points[i])
                store.write(keys[i], record)
                records[i], computed[i] = record, True
                pending.discard(i)
                counts[record["status"]] += 1
                bar.set_postfix(done=counts["done"], failed=counts["failed"],
                                remaining=len(pending), refresh=False)
                bar.update(1)


def _compute_point(sweep, point, directory, share):
    """The task of one point on a worker: a fresh directory, the worker's threads."""
    with _exclusive(directory):
        if os.path.isdir(directory):  # left by a run that was stopped
            shutil.rmtree(directory)
        threads = share.threads_here()
        with cluster.thread_limits(threads):
            record = sweep.evaluate(point, directory)
    record["threads"] = threads
    return record


@contextlib.contextmanager
def _exclusive(directory):
    """Hold a lock on a point's directory while the point runs.

    A client that is stopped leaves its running points to finish on the
    workers of a cluster that outlives it; the next run of such a point waits
    for them instead of writing into the same directory.
    """
    path = pathlib.Path(directory)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.parent / f".{path.name}.lock", "w") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _stored(record, key, point):
    """The record as written to the sweep directory: paths relative to it."""
    base = f"points/{key}"
    stored = {"key": key, "point": point, **record}
    stored["directory"] = base if record["directory"] is None else (
        f"{base}/{record['directory']}")
    stored["fields"] = {name: f"{base}/{path}"
                        for name, path in record["fields"].items()}
    return stored


def _error(exc):
    kind = type(exc)
    name = kind.__qualname__
    if kind.__module__ != "builtins" or getattr(builtins, name, None) is not kind:
        name = f"{kind.__module__}.{name}"
    return {"status": "failed", "error_type": name, "error": str(exc),
            "traceback": "".join(traceback.format_exception(exc))}


@contextlib.contextmanager
def _inside(directory):
    with _DIRECTORY_LOCK:
        previous = os.getcwd()
        os.chdir(directory)
        try:
            yield
        finally:
            os.chdir(previous)


def _column(system, name):
    data = getattr(system.table, "data", None) if system.table is not None else None
    if data is None or len(data) == 0:
        raise ValueError(f"keep: column {name!r} needs a table, but the system has not "
                         "been driven; drive it in run.")
    if name not in data.columns:
        raise KeyError(f"keep: the table has no column {name!r}; it has "
                       f"{list(data.columns)}.")
    return data[name].iloc[-1]


def _scalar(value, name):
    value = plain(value, f"keep[{name!r}]")
    if isinstance(value, list):
        raise TypeError(f"keep[{name!r}] gave a sequence; keep numbers, bools or "
                        "strings, and save arrays as fields (fields=).")
    return value


def _positional_arguments(func, allowed):
    """How many positional arguments of ``allowed`` ``func`` takes, or None."""
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError):  # some builtins have none: assume the first form
        return allowed[0]
    parameters = list(signature.parameters.values())
    if any(p.kind is p.VAR_POSITIONAL for p in parameters):
        return max(allowed)
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY,
                                                      p.POSITIONAL_OR_KEYWORD)]
    required = sum(p.default is p.empty for p in positional)
    return next((n for n in allowed if required <= n <= len(positional)), None)


class _WithPoint:
    """A callable of (system) or (system, point), called the same way."""

    def __init__(self, func, what):
        count = _positional_arguments(func, (1, 2))
        if count is None:
            raise TypeError(f"{what} must be a callable of (system) or (system, "
                            f"point); {_name(func)} is not.")
        self.func = func
        self.takes_point = count == 2

    def __call__(self, system, point):
        return self.func(system, point) if self.takes_point else self.func(system)


def _run_steps(run):
    if callable(run):
        return _WithPoint(run, "run")
    if isinstance(run, (str, bytes, Mapping)) or not hasattr(run, "__iter__"):
        raise TypeError("run must be a callable run(system) or run(system, point), "
                        "or a list of (driver, kwargs) pairs; got "
                        f"{type(run).__name__}.")
    steps = []
    for step in run:
        driver, kwargs = (step, {}) if hasattr(step, "drive") else (
            step if isinstance(step, tuple) and len(step) == 2 else (None, None))
        if not hasattr(driver, "drive") or not isinstance(kwargs, Mapping):
            raise TypeError(f"run: {step!r} is not a driver or a (driver, kwargs) "
                            "pair.")
        steps.append((driver, dict(kwargs)))
    if not steps:
        raise ValueError("run is an empty list; give at least one (driver, kwargs) "
                         "pair.")
    return steps


def _keep_spec(keep):
    if isinstance(keep, str):
        keep = [keep]
    if callable(keep):
        return _WithPoint(keep, "keep")
    if isinstance(keep, Mapping):
        spec = {}
        for name, value in keep.items():
            if not isinstance(name, str):
                raise TypeError(f"keep: names are strings; got {name!r}.")
            if isinstance(value, str):
                spec[name] = value
            elif callable(value):
                spec[name] = _WithPoint(value, f"keep[{name!r}]")
            else:
                raise TypeError(f"keep[{name!r}] must be a table column or a callable "
                                f"f(system); got {type(value).__name__}.")
        return spec
    if hasattr(keep, "__iter__") and all(isinstance(name, str) for name in keep):
        return {name: name for name in keep}
    raise TypeError("keep must be a column name, a list of them, a dict of names to "
                    "columns or callables, or a callable returning a dict; got "
                    f"{type(keep).__name__}.")


def _field_spec(fields):
    if fields is None:
        return {}
    if isinstance(fields, str):
        fields = [fields]
    if isinstance(fields, Mapping):
        spec = {}
        for name, value in fields.items():
            if not callable(value):
                raise TypeError(f"fields[{name!r}] must be a callable f(system); got "
                                f"{type(value).__name__}.")
            spec[str(name)] = _WithPoint(value, f"fields[{name!r}]")
        return spec
    if hasattr(fields, "__iter__") and all(isinstance(name, str) for name in fields):
        return {name: name for name in fields}
    raise TypeError("fields must be a list of system attributes (such as 'm') or a "
                    "dict of names to callables f(system) returning fields.")


def _name(func):
    return getattr(func, "__qualname__", None) or repr(func)


def _describe(value):
    if callable(value) and not hasattr(value, "drive"):
        return _name(value)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k!r}: {_describe(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_describe(v) for v in value) + "]"
    if isinstance(value, tuple):
        return "(" + ", ".join(_describe(v) for v in value) + ")"
    return repr(value)
