r"""Density of states, local density of states and the resonances of the open device.

.. math::

    \rho_{\mathbf r}(E) = -\frac1\pi\,\mathrm{Im}\,\mathrm{Tr}_s\,G_{\mathbf r\mathbf r}(E),
    \qquad \rho(E) = \sum_{\mathbf r}\rho_{\mathbf r}(E),

per site (both spins; units 1/t). At real energies bound states (real
poles of G outside the lead continua) are delta functions that a grid of
energies misses; a complex energy :math:`E + i\eta` broadens them.
"""

import numpy as np
import scipy.linalg
import scipy.sparse

from .solver import default_solver, energy_batches, energy_chunk

__all__ = ["dos", "local_dos", "resonances"]


def local_dos(device, energy, *, solver=None):
    """Local density of states per site, shape (nx, ny) (or (nE, nx, ny)).

    Parameters
    ----------
    device : Device
    energy : float, complex or 1D array
        Energies (units of t), :math:`\\mathrm{Im}\\,E \\ge 0`.
    solver : Solver, optional

    Examples
    --------
    The middle of a clean 1D chain has the bulk LDOS
    :math:`2/(\\pi\\sqrt{4t^2 - (E - 4t)^2})` (two spins):

    >>> import numpy as np
    >>> from weylmag.negf import SquareLattice, local_dos
    >>> dev = SquareLattice(3, 1).attach_lead(side="left").attach_lead(
    ...     side="right").finalized()
    >>> round(float(local_dos(dev, 4.0)[1, 0] * np.pi), 12)
    1.0
    """
    e = np.asarray(energy)
    energies = np.atleast_1d(e)
    solver = default_solver(device) if solver is None else solver
    out = []
    for batch in energy_batches(energies, energy_chunk(device)):
        fac = solver.factorize(device, batch, device.self_energies(batch))
        blocks = fac.site_blocks()
        out.append(-np.trace(blocks, axis1=-2, axis2=-1).imag / np.pi)
    out = np.concatenate(out, axis=0)
    return out[0] if e.ndim == 0 else out


def dos(device, energy, *, solver=None):
    """Total density of states of the device (both spins), per energy.

    Examples
    --------
    >>> from weylmag.negf import SquareLattice, dos, local_dos
    >>> dev = SquareLattice(4, 2).attach_lead(side="left").attach_lead(
    ...     side="right").finalized()
    >>> bool(abs(dos(dev, 3.0) - local_dos(dev, 3.0).sum()) < 1e-12)
    True
    """
    return np.sum(local_dos(device, energy, solver=solver), axis=(-1, -2))


def resonances(device, energy):
    r"""Poles of the retarded Green's function near ``energy``, sorted by real part.

    The eigenvalues :math:`E_r - i\Gamma_r/2` of the non-Hermitian
    :math:`H + \Sigma(E)` with the leads' self-energy taken at ``energy``:
    the resonances of the open device, of width (FWHM) :math:`\Gamma_r` and
    lifetime :math:`\hbar/\Gamma_r`. Σ depends on energy, so the poles are
    those of :math:`G` only where Σ varies little between ``energy`` and
    :math:`E_r` (away from channel thresholds); the widths of the poles near
    ``energy`` are what sets the frequency below which gate pumping is
    adiabatic there. A bound state outside the leads' band is a real pole
    when ``energy`` is taken at it (Σ is Hermitian there).

    A dense eigenvalue problem of size ``device.n_orbitals``: about 20 s for
    a 40 x 40 layer (3200 orbitals).

    Parameters
    ----------
    device : Device
    energy : float
        Real energy (units of t) at which Σ is taken.

    Returns
    -------
    (n_orbitals,) complex ndarray
        Widths are ``-2 * resonances(...).imag``.

    Examples
    --------
    One site between two chains: the pole is :math:`4t + \Sigma_L + \Sigma_R`,
    and at the band centre each chain gives :math:`\Sigma = -it`, so the
    level has width 4t (once for each spin):

    >>> from weylmag.negf import SquareLattice, resonances
    >>> dev = SquareLattice(1, 1).attach_lead(side="left").attach_lead(
    ...     side="right").finalized()
    >>> np.round(resonances(dev, 4.0), 12)
    array([4.-2.j, 4.-2.j])
    """
    h = open_hamiltonian(device, energy).toarray()
    poles = scipy.linalg.eigvals(h, overwrite_a=True, check_finite=False)
    return poles[np.argsort(poles.real, kind="stable")]


def open_hamiltonian(device, energy):
    """:math:`H + \\Sigma(E)`, the device with its leads' self-energies at the real
    ``energy``, as a complex scipy.sparse CSC matrix (n_orbitals square)."""
    energy = float(energy)
    h = device.hamiltonian().tocoo()
    rows, cols, values = [h.row], [h.col], [h.data.astype(complex)]
    for lead, sigma in zip(device.leads, device.self_energies(np.array([energy]))):
        r, c = np.meshgrid(lead.orbitals, lead.orbitals, indexing="ij")
        rows.append(r.ravel())
        cols.append(c.ravel())
        values.append(sigma[0].ravel())
    return scipy.sparse.csc_matrix(
        (np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))), shape=h.shape
    )
