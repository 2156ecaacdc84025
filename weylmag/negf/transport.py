r"""Transmission and scattering matrix of a device between its leads.

Caroli formula, with the channels :math:`\Gamma_\alpha = W_\alpha W_\alpha^\dagger`,

.. math::

    T_{\alpha\beta}(E) = \mathrm{Tr}\bigl[\Gamma_\alpha G\,\Gamma_\beta G^\dagger\bigr]
    = \bigl\|W_\alpha^\dagger G_{\alpha\beta} W_\beta\bigr\|_F^2,

(electrons from lead :math:`\beta` into lead :math:`\alpha`), and the
Fisher-Lee relation for the scattering matrix between open channels,

.. math::

    S_{\alpha\beta} = -\delta_{\alpha\beta} + i\,W_\alpha^\dagger G_{\alpha\beta} W_\beta,

unitary because :math:`G - G^\dagger = -iG^\dagger\Gamma G`. The channel
basis of a lead is the columns of its :meth:`~weylmag.negf.Lead.channels`
(for :class:`~weylmag.negf.SquareLead`: transverse mode times spin; the
physical S in flux-normalised modes differs by channel phases only).
Spin-resolved transmissions project :math:`\Gamma` on spin states along an
axis, :math:`\Gamma^\sigma = P_\sigma\Gamma P_\sigma`: exact for leads that
conserve that spin component (spin-degenerate or collinear leads).
"""

import dataclasses

import numpy as np

from .device import PAULI
from .solver import default_solver, energy_batches, energy_chunk

__all__ = ["ScatteringMatrix", "scattering_matrix", "transmission"]


def _energies(energy):
    e = np.asarray(energy)
    return e.ndim == 0, np.atleast_1d(e)


def _spin_projectors(axis):
    axis = np.asarray(axis, dtype=float)
    if axis.shape != (3,) or not np.all(np.isfinite(axis)) or not np.linalg.norm(axis) > 0:
        raise ValueError(f"spin_axis must be a non-zero 3-vector, e.g. (0, 0, 1); got {axis!r}.")
    axis = axis / np.linalg.norm(axis)
    s = np.einsum("i,iab->ab", axis, PAULI)
    return np.array([0.5 * (np.eye(2) + s), 0.5 * (np.eye(2) - s)])


def _project(block, projector):
    """Apply a 2x2 spin projector on every site of interface vectors (..., 2W, c)."""
    shape = block.shape
    b = block.reshape(*shape[:-2], shape[-2] // 2, 2, shape[-1])
    return np.einsum("ab,...sbc->...sac", projector, b).reshape(shape)


def transmission(
    device,
    energy,
    *,
    lead_out="right",
    lead_in="left",
    spin=False,
    spin_axis=(0.0, 0.0, 1.0),
    solver=None,
):
    r"""Transmission :math:`T(E) = \mathrm{Tr}[\Gamma_{\rm out}G\Gamma_{\rm in}G^\dagger]`.

    Parameters
    ----------
    device : Device
    energy : float or 1D array
        Real energies (units of t).
    lead_out, lead_in : str
        Names of the receiving and the injecting lead (different leads).
    spin : bool
        Return the spin-resolved transmissions
        :math:`T^{\sigma\sigma'} = \mathrm{Tr}[\Gamma^\sigma_{\rm out}G
        \Gamma^{\sigma'}_{\rm in}G^\dagger]`, ``[..., s_out, s_in]`` with
        s = 0 (spin along ``spin_axis``), 1 (against).
    spin_axis : (3,) array_like
        Spin quantisation axis (default z).
    solver : Solver, optional
        Default: :class:`~weylmag.negf.RGFSolver` for left/right leads.

    Returns
    -------
    float or ndarray
        T (shape of ``energy``), or (..., 2, 2) with ``spin``.

    Examples
    --------
    A clean 1D chain transmits one channel per spin inside its band:

    >>> from weylmag.negf import SquareLattice, transmission
    >>> dev = SquareLattice(3, 1).attach_lead(side="left").attach_lead(
    ...     side="right").finalized()
    >>> [round(float(transmission(dev, e)), 12) for e in (3.0, 7.0)]
    [2.0, 0.0]
    """
    scalar, energies = _energies(energy)
    if np.iscomplexobj(energies):
        raise ValueError("transmission needs real energies.")
    out, inn = device.lead(lead_out), device.lead(lead_in)
    if out is inn:
        raise ValueError(
            "lead_out and lead_in are the same lead; the reflection is in "
            "scattering_matrix(...).block(name, name)."
        )
    solver = default_solver(device) if solver is None else solver
    projectors = _spin_projectors(spin_axis) if spin else None
    result = []
    for batch in energy_batches(energies, energy_chunk(device)):
        fac = solver.factorize(device, batch, device.self_energies(batch))
        w_in, w_out = inn.lead.channels(batch), out.lead.channels(batch)
        ins = [w_in] if not spin else [_project(w_in, p) for p in projectors]
        rhs = np.zeros(
            (len(batch), device.n_orbitals, sum(w.shape[-1] for w in ins)),
            dtype=complex,
        )
        rhs[:, inn.orbitals, :] = np.concatenate(ins, axis=-1)
        g = fac.solve(rhs, orbitals=out.orbitals)
        if not spin:
            t = np.conj(np.swapaxes(w_out, -1, -2)) @ g
            result.append(np.sum(np.abs(t) ** 2, axis=(-1, -2)))
        else:
            c = w_in.shape[-1]
            tt = np.empty((len(batch), 2, 2))
            for a, p in enumerate(projectors):
                t = np.conj(np.swapaxes(_project(w_out, p), -1, -2)) @ g
                for b in range(2):
                    tt[:, a, b] = np.sum(
                        np.abs(t[..., b * c : (b + 1) * c]) ** 2, axis=(-1, -2)
                    )
            result.append(tt)
    result = np.concatenate(result, axis=0)
    return result[0] if scalar else result


@dataclasses.dataclass(frozen=True, eq=False)
class ScatteringMatrix:
    """Scattering matrix between the open channels of all leads at one energy.

    Attributes
    ----------
    energy : float
    matrix : (C, C) ndarray
        S; rows are outgoing and columns incoming channels, grouped by lead.
    lead_names : tuple of str
    slices : dict
        Lead name -> slice of its channels in ``matrix``.
    labels : list
        (lead name, channel label) per channel.
    """

    energy: float
    matrix: np.ndarray
    lead_names: tuple
    slices: dict
    labels: list

    def block(self, lead_out, lead_in):
        """Sub-matrix S_{out, in}."""
        return self.matrix[self.slices[lead_out], self.slices[lead_in]]

    def transmission(self, lead_out, lead_in):
        """sum |S_{out, in}|^2 (the reflection probability when out == in)."""
        return float(np.sum(np.abs(self.block(lead_out, lead_in)) ** 2))

    def unitarity_error(self):
        """max |S^dagger S - 1|."""
        s = self.matrix
        return float(np.abs(s.conj().T @ s - np.eye(len(s))).max()) if len(s) else 0.0

    def __repr__(self):
        counts = {k: v.stop - v.start for k, v in self.slices.items()}
        return f"ScatteringMatrix(energy={self.energy!r}, channels={counts})"


def scattering_matrix(device, energy, *, solver=None):
    r"""Scattering matrix :math:`S = -1 + iW^\dagger G W` at one real energy.

    Parameters
    ----------
    device : Device
    energy : float
    solver : Solver, optional

    Returns
    -------
    ScatteringMatrix

    Examples
    --------
    >>> from weylmag.negf import SquareLattice, scattering_matrix
    >>> dev = SquareLattice(5, 3, J=1.0, m=(1, 0, 0)).attach_lead(
    ...     side="left").attach_lead(side="right").finalized()
    >>> s = scattering_matrix(dev, 2.5)
    >>> s
    ScatteringMatrix(energy=2.5, channels={'left': 4, 'right': 4})
    >>> s.unitarity_error() < 1e-12
    True
    """
    e = float(energy)
    solver = default_solver(device) if solver is None else solver
    batch = np.array([e])
    fac = solver.factorize(device, batch, device.self_energies(batch))
    blocks, slices, labels, start = [], {}, [], 0
    for lead in device.leads:
        w = lead.lead.channels(batch)[0]
        open_ = np.linalg.norm(w, axis=0) > 0
        blocks.append((lead, w[:, open_]))
        n_open = int(open_.sum())
        slices[lead.name] = slice(start, start + n_open)
        names = lead.lead.channel_labels()
        labels += [(lead.name, names[k]) for k in np.flatnonzero(open_)]
        start += n_open
    rhs = np.zeros((1, device.n_orbitals, start), dtype=complex)
    for (lead, w), name in zip(blocks, slices):
        rhs[0, lead.orbitals, slices[name]] = w
    orbitals = np.concatenate([lead.orbitals for lead in device.leads])
    g = fac.solve(rhs, orbitals=orbitals)[0]
    w_all = np.zeros((len(orbitals), start), dtype=complex)
    row = 0
    for (lead, w), name in zip(blocks, slices):
        w_all[row : row + len(lead.orbitals), slices[name]] = w
        row += len(lead.orbitals)
    s = -np.eye(start) + 1j * w_all.conj().T @ g
    return ScatteringMatrix(e, s, device.lead_names, slices, labels)
