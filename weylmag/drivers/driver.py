"""The driver base class: the drive directory, threads, and state safety.

Drivers subclass ``micromagneticmodel.ExternalDriver`` so that the drive
directory, ``info.json`` (with ``success``) and ``system.drive_number``
behave exactly as with oommfc and mumax3c. The integration runs in memory;
``system.m`` and ``system.table`` change only after it succeeds, so a failed
drive leaves the system as it was and its directory marked unsuccessful.
Snapshots and table rows are written by the drive writer's thread; the drive
waits for it to finish, and an error in writing fails the drive.
"""

import contextlib
import time

import micromagneticmodel as mm
import numba
import threadpoolctl
import ubermagtable as ut

from ..problem import Problem
from .output import DriveWriter, check_ovf_format, describe

#: Keywords oommfc accepts and ignores; weylmag accepts them for the same scripts.
_IGNORED_KEYWORDS = {"save", "overwrite", "compute"}


@contextlib.contextmanager
def numba_threads(n_threads):
    """Run with ``n_threads`` numba threads (at most the configured maximum).

    BLAS runs single-threaded meanwhile: the hot loops are numba kernels and
    FFTs that use the numba thread count, and a multi-threaded BLAS spinning
    beside them on a two-core machine costs milliseconds per small call.
    """
    if n_threads is not None and (not isinstance(n_threads, int) or n_threads < 1):
        raise ValueError(f"n_threads must be a positive integer; got {n_threads!r}.")
    previous = numba.get_num_threads()
    if n_threads is not None:
        numba.set_num_threads(min(n_threads, numba.config.NUMBA_NUM_THREADS))
    try:
        with threadpoolctl.threadpool_limits(limits=1, user_api="blas"):
            yield
    finally:
        numba.set_num_threads(previous)


class Driver(mm.ExternalDriver):
    """Base class of weylmag drivers."""

    _keywords = {"fixed_subregions", "output_step", "n_threads"}

    def drive(self, system, /, dirname=".", append=True, runner=None,
              ovf_format="bin8", verbose=1, **kwargs):
        """Drive the system; see the subclass for its keywords.

        Common keywords: ``dirname``, ``append``, ``ovf_format`` (``'bin8'``,
        ``'bin4'``, ``'txt'``), ``verbose`` (0 quiet, 1 summary, 2 progress bar),
        ``fixed_subregions`` (list of subregion names), ``output_step`` (write
        every step), ``n_threads`` (numba threads).
        """
        check_ovf_format(ovf_format)
        unknown = set(kwargs) - self._keywords - _IGNORED_KEYWORDS
        if unknown:
            raise TypeError(
                f"{type(self).__name__}.drive() got unknown keywords {sorted(unknown)};"
                f" it accepts {sorted(self._keywords)}."
            )
        for key in _IGNORED_KEYWORDS & set(kwargs):
            kwargs.pop(key)
        super().drive(system, dirname=dirname, append=append, runner=runner,
                      ovf_format=ovf_format, verbose=verbose, **kwargs)

    # -- mm.ExternalDriver hooks -------------------------------------------
    def drive_kwargs_setup(self, drive_kwargs):
        self._checkargs(drive_kwargs)
        drive_kwargs.setdefault("fixed_subregions", None)
        drive_kwargs.setdefault("output_step", False)
        drive_kwargs.setdefault("n_threads", None)

    def schedule_kwargs_setup(self, schedule_kwargs):
        raise NotImplementedError(
            "weylmag runs in-process; call drive() instead of schedule()."
        )

    def _schedule_commands(self, system, runner):
        raise NotImplementedError("weylmag runs in-process; use drive().")

    def _checkargs(self, kwargs):
        pass

    def _check_system(self, system):
        if len(system.energy) == 0:
            raise RuntimeError("System's energy is not defined")

    def _write_input_files(self, system, ovf_format="bin8", **kwargs):
        self._ovf_format = ovf_format
        system.m.to_file("m0.omf", representation=ovf_format)
        with open(f"{system.name}.mif", "w", encoding="utf-8") as f:
            f.write(describe(system))

    def _call(self, system, runner=None, verbose=1, n_threads=None,
              fixed_subregions=None, output_step=False, **kwargs):
        self._result = None
        start = time.perf_counter()
        writer = DriveWriter(system, self._ovf_format)
        try:
            with numba_threads(n_threads):
                problem = Problem(
                    system,
                    fixed_subregions=fixed_subregions,
                    extra_energy=self._extra_energy(kwargs),
                )
                m = problem.m0.copy()
                self._run(problem, m, writer, verbose=verbose,
                          output_step=output_step, **kwargs)
        finally:
            # Waits for the queued files and ends the writer's thread, also
            # when the drive failed; raises the writer's error if any.
            writer.close()
        self._result = problem.magnetisation(m)
        if verbose >= 1:
            print(
                f"Running weylmag ({type(self).__name__}) [{time.perf_counter() - start:.1f} s]"
            )

    def _extra_energy(self, kwargs):
        return ()

    def _read_data(self, system):
        # Assign the array, not a new Field: keeps subregions and labels.
        system.m.array = self._result
        self._result = None
        system.table = ut.Table.fromfile(f"{system.name}.odt", x=self._x)

    def _run(self, problem, m, writer, **kwargs):
        raise NotImplementedError
