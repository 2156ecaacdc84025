"""The sweep directory: one JSON record per finished point, written atomically.

Layout::

    DIR/results/<key>.json    the record of a finished point (done or failed)
    DIR/points/<key>/         the point's working directory: the system's
                              drive directories and the saved fields

A record is written to a temporary name in ``results/`` and renamed with
``os.replace``, so a sweep killed at any moment leaves either a whole record
or none: a point without a record is computed again by the next run.
"""

import json
import os
import pathlib
import tempfile
import warnings

#: The status of a finished point.
STATUSES = ("done", "failed")

#: Columns of the table that describe the run of a point, after the parameters
#: and the kept quantities.
RUN_COLUMNS = ("status", "error_type", "error", "directory", "elapsed", "threads",
               "computed")


class ResultStore:
    """The records and working directories of one sweep directory.

    Parameters
    ----------
    directory : str or pathlib.Path
        The sweep directory; created with its subdirectories when missing.
    """

    def __init__(self, directory):
        self.directory = pathlib.Path(directory)
        self.results = self.directory / "results"
        self.points = self.directory / "points"
        self.results.mkdir(parents=True, exist_ok=True)
        self.points.mkdir(parents=True, exist_ok=True)

    def __repr__(self):
        return f"ResultStore({str(self.directory)!r})"

    def result_path(self, key):
        return self.results / f"{key}.json"

    def work_directory(self, key):
        """The absolute working directory of a point."""
        return (self.points / key).absolute()

    def read(self, key):
        """The record of a point, or None when it has none.

        A file that is not a record (not written by :meth:`write`) counts
        as missing, with a warning, so the point is computed again.
        """
        path = self.result_path(key)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        try:
            record = json.loads(text)
            problem = None if isinstance(record, dict) else "not an object"
        except json.JSONDecodeError as exc:
            record, problem = None, str(exc)
        if problem is None and record.get("status") not in STATUSES:
            problem = f"status {record.get('status')!r}"
        if problem is not None:
            warnings.warn(f"{path} is not a sweep record ({problem}); the point is "
                          "computed again.", stacklevel=3)
            return None
        return record

    def write(self, key, record):
        """Write a point's record atomically (temporary file, then os.replace)."""
        handle, temporary = tempfile.mkstemp(dir=self.results, prefix=f".{key}.",
                                             suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as f:
                json.dump(record, f, indent=1)
                f.flush()
                os.fsync(f.fileno())
            os.replace(temporary, self.result_path(key))
        except BaseException:
            pathlib.Path(temporary).unlink(missing_ok=True)
            raise

    def path(self, relative):
        """A path stored in a record (relative to the sweep directory) as seen here."""
        return None if relative is None else str(self.directory / relative)


def table(store, points, records, computed):
    """The tidy table: one row per point, in the order of ``points``.

    Columns: the parameters, the kept quantities, one ``<name>_file`` column
    per saved field, then :data:`RUN_COLUMNS`. Kept quantities of failed
    points are missing (NaN).
    """
    import pandas as pd

    parameters, kept, fields = {}, {}, {}
    for point, record in zip(points, records):
        parameters.update(dict.fromkeys(point))
        kept.update(dict.fromkeys(record.get("values", {})))
        fields.update(dict.fromkeys(f"{name}_file"
                                    for name in record.get("fields", {})))
    columns = [*parameters, *kept, *fields, *RUN_COLUMNS]
    clashes = sorted({c for c in columns if columns.count(c) > 1})
    if clashes:
        raise ValueError(
            f"The sweep's columns {clashes} appear twice: parameters, kept quantities "
            f"and fields need distinct names, none of them {list(RUN_COLUMNS)}."
        )
    rows = []
    for point, record, fresh in zip(points, records, computed):
        row = dict(point)
        row.update(record.get("values", {}))
        row.update({f"{name}_file": store.path(path)
                    for name, path in record.get("fields", {}).items()})
        row.update(
            status=record["status"],
            error_type=record.get("error_type"),
            error=record.get("error"),
            directory=store.path(record.get("directory")),
            elapsed=record.get("elapsed"),
            threads=record.get("threads"),
            computed=fresh,
        )
        rows.append(row)
    frame = pd.DataFrame(rows, columns=columns)
    # Text columns with missing entries (no error, no file) as strings with NA.
    for column in ("error_type", "error", "directory", *fields):
        frame[column] = frame[column].astype("string")
    return frame
