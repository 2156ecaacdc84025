r"""Builder of a square-lattice tight-binding layer with leads.

:class:`SquareLattice` collects the parameters of an :math:`N_x\times N_y`
layer (x is the transport direction) with spin 1/2, and the leads attached
to its edges; :meth:`SquareLattice.finalized` turns it into an immutable
:class:`~weylmag.negf.Device` for the solvers. Lattice units:
:math:`\hbar = a = 1`, energies in units of the hopping t.
"""

import numbers

import numpy as np

from .device import AttachedLead, Device
from .leads import Lead, SquareLead

__all__ = ["SquareLattice", "magnetisation_from_field"]

_SIDES = ("left", "right", "bottom", "top")


def magnetisation_from_field(field, layer=0):
    """Unit magnetisation (nx, ny, 3) of one z layer of a ``discretisedfield.Field``.

    Cell (i, j, layer) of the field's mesh becomes site (x, y) = (i, j);
    empty cells (zero norm) become m = 0 (no exchange there).

    Parameters
    ----------
    field : discretisedfield.Field
        A three-component field on a mesh of (nx, ny, nz) cells.
    layer : int
        Index of the z layer.

    Examples
    --------
    >>> import discretisedfield as df
    >>> from weylmag.negf import magnetisation_from_field
    >>> mesh = df.Mesh(p1=(0, 0, 0), p2=(4, 3, 1), n=(4, 3, 1))
    >>> m = magnetisation_from_field(df.Field(mesh, nvdim=3, value=(0, 0, 5)))
    >>> m.shape, m[0, 0].tolist()
    ((4, 3, 3), [0.0, 0.0, 1.0])
    """
    values = np.asarray(field.array, dtype=float)
    if values.ndim != 4 or values.shape[-1] != 3:
        raise ValueError(
            f"need a three-component field on a 3D mesh; got array shape {values.shape}."
        )
    m = values[:, :, layer, :]
    norm = np.linalg.norm(m, axis=-1, keepdims=True)
    return np.divide(m, norm, out=np.zeros_like(m), where=norm > 0)


class SquareLattice:
    r"""Builder of a spin-1/2 square-lattice layer, :math:`N_x\times N_y` sites.

    The finalized Hamiltonian (see :class:`~weylmag.negf.Device`) has the
    on-site energy :math:`\epsilon_{\mathbf r}` (default 4t, so that the
    clean band is [0, 8t]), hopping :math:`-t`, the s-d exchange
    :math:`(J/2)\,\boldsymbol\sigma\cdot\mathbf m_{\mathbf r}` (the seed's
    :math:`J\hat{\mathbf s}\cdot\hat{\mathbf M}` with :math:`J_{\rm here} =
    J_{\rm seed}M`), an optional spin-orbit hopping (seed Eq. 4 with
    :math:`t^{SO}_{nm} = -t^{SO}_{mn}`) of Rashba form

    .. math::

        H_{\mathbf r+\hat x,\mathbf r} = -t - i t_{SO}\sigma_y,\qquad
        H_{\mathbf r+\hat y,\mathbf r} = -t + i t_{SO}\sigma_x,

    i.e. :math:`2t_{SO}(\sigma_x\sin k_y - \sigma_y\sin k_x)` in the bulk,
    and gate potentials added to the on-site energy of chosen columns.

    Parameters
    ----------
    nx, ny : int
        Sites along x (transport) and y.
    t : float
        Hopping (the energy unit; default 1).
    onsite : float or (nx, ny) array_like, optional
        On-site energies; default 4t.
    J : float or (nx, ny) array_like
        Exchange splitting (default 0).
    m : (3,) or (nx, ny, 3) array_like, or callable
        Magnetisation: one vector, one per site, or ``m(x, y)`` returning a
        3-vector for site (x, y). Used as given (pass unit vectors); see
        :func:`magnetisation_from_field` for a ``discretisedfield.Field``.
    t_so : float
        Rashba spin-orbit hopping (default 0).
    gates : dict, optional
        ``{column: V}`` gate potentials (units of t); change them later
        without rebuilding by :meth:`Device.with_gates`.

    Examples
    --------
    A clean 6 x 4 layer between two square-lattice leads conducts one
    channel per open transverse mode and spin:

    >>> from weylmag.negf import SquareLattice, transmission
    >>> device = (SquareLattice(6, 4).attach_lead(side="left")
    ...           .attach_lead(side="right").finalized())
    >>> device
    Device(nx=6, ny=4, t=1.0, leads=['left', 'right'])
    >>> round(float(transmission(device, 2.0)), 10)
    4.0
    """

    def __init__(
        self,
        nx,
        ny,
        *,
        t=1.0,
        onsite=None,
        J=0.0,
        m=(0.0, 0.0, 1.0),
        t_so=0.0,
        gates=None,
    ):
        for label, value in (("nx", nx), ("ny", ny)):
            if not isinstance(value, numbers.Integral) or value < 1:
                raise ValueError(f"{label} must be a positive integer; got {value!r}.")
        if not t > 0:
            raise ValueError(f"t must be > 0; got {t!r}.")
        self.nx, self.ny = int(nx), int(ny)
        self.t = float(t)
        self.onsite = 4.0 * self.t if onsite is None else onsite
        self.J = J
        self.m = m
        self.t_so = float(t_so)
        self.gates = dict(gates or {})
        self._leads = []

    def __repr__(self):
        return (
            f"SquareLattice(nx={self.nx}, ny={self.ny}, t={self.t!r}, "
            f"leads={[name for name, *_ in self._leads]})"
        )

    def attach_lead(self, lead=None, *, side="left", span=None, name=None):
        """Attach a semi-infinite lead to one edge; returns the builder.

        Parameters
        ----------
        lead : Lead, optional
            Default: a clean :class:`~weylmag.negf.SquareLead` as wide as
            the span, with the device's hopping and on-site energy 4t.
        side : {"left", "right", "bottom", "top"}
            Edge: x = 0, x = nx - 1, y = 0 or y = ny - 1. Leads on the
            left and right edges keep the system block-tridiagonal (recursive
            Green's functions); bottom and top leads need the sparse solver.
        span : (int, int), optional
            Sites [start, stop) along the edge (default the whole edge).
        name : str, optional
            Default: the side, numbered if taken (``"left2"``).
        """
        if side not in _SIDES:
            raise ValueError(f"side must be one of {_SIDES}; got {side!r}.")
        length = self.ny if side in ("left", "right") else self.nx
        start, stop = (0, length) if span is None else (int(span[0]), int(span[1]))
        if not 0 <= start < stop <= length:
            raise ValueError(
                f"span must satisfy 0 <= start < stop <= {length}; got {span!r}."
            )
        if lead is None:
            lead = SquareLead(stop - start, t=self.t)
        if not isinstance(lead, Lead):
            raise TypeError(
                f"lead must be a weylmag.negf Lead; got {type(lead).__name__}."
            )
        if lead.width != stop - start:
            raise ValueError(
                f"the lead is {lead.width} sites wide but the span {start}..{stop} has "
                f"{stop - start} sites."
            )
        names = [n for n, *_ in self._leads]
        if name is None:
            name, k = side, 2
            while name in names:
                name, k = f"{side}{k}", k + 1
        elif name in names:
            raise ValueError(f"a lead called {name!r} is already attached.")
        for other, other_side, other_span, _ in self._leads:
            if other_side == side and start < other_span[1] and other_span[0] < stop:
                raise ValueError(f"the span {span!r} overlaps the lead {other!r}.")
        self._leads.append((name, side, (start, stop), lead))
        return self

    def _site_array(self, value, label, tail):
        if callable(value):
            out = np.array(
                [[value(x, y) for y in range(self.ny)] for x in range(self.nx)],
                dtype=float,
            )
        else:
            out = np.asarray(value, dtype=float)
        try:
            return np.broadcast_to(out, (self.nx, self.ny, *tail)).copy()
        except ValueError:
            raise ValueError(
                f"{label} must broadcast to shape {(self.nx, self.ny, *tail)}; got "
                f"{out.shape}."
            ) from None

    def finalized(self):
        """The immutable :class:`~weylmag.negf.Device`."""
        if not self._leads:
            raise ValueError("attach at least one lead first (attach_lead).")
        onsite = self._site_array(self.onsite, "onsite", ())
        J = self._site_array(self.J, "J", ())
        m = self._site_array(self.m, "m", (3,))
        attached = []
        for name, side, (start, stop), lead in self._leads:
            along = np.arange(start, stop)
            if side in ("left", "right"):
                x = np.full_like(along, 0 if side == "left" else self.nx - 1)
                sites = np.stack([x, along], axis=1)
            else:
                y = np.full_like(along, 0 if side == "bottom" else self.ny - 1)
                sites = np.stack([along, y], axis=1)
            first = 2 * (sites[:, 0] * self.ny + sites[:, 1])
            orbitals = np.stack([first, first + 1], axis=1).reshape(-1)
            sites.flags.writeable = False
            orbitals.flags.writeable = False
            attached.append(AttachedLead(name, lead, side, sites, orbitals))
        return Device(
            self.nx,
            self.ny,
            t=self.t,
            onsite=onsite,
            J=J,
            m=m,
            t_so=self.t_so,
            leads=attached,
            gates=self.gates,
        )
