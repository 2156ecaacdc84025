"""A six-band spin-orbit chain and exact calculations on commensurate spin spirals.

Shared by the spin-dipole and field-induced-DMI tests. The chain has three
orbitals per cell (orbital-dependent on-site energies and mixing, on-site
spin-orbit coupling, spin-dependent hoppings along all three spin axes) and
an orbital-dependent exchange J_a m.sigma; with the lowest three bands
filled it is an insulator for every direction of m (gap > 0.29 eV).

A spiral m(x) = cos(qx) m0 + sin(qx) n x m0 with q = 2 pi w / (N a) is
periodic on a supercell of N cells. Its Bloch Hamiltonian is written with
the positions of the sites (H(K + G) = L H(K) L^dagger, L = exp(-iGx)), so
the Berry phase of the filled bands includes the intracell positions and
gives the polarisation along the chain, P = (e / 2 pi) * sum_s arg det
<u(K_s)|u(K_s+1)> (electron charge -e), modulo e.
"""

import numpy as np

from weylmag.bands import models
from weylmag.bands.models import PAULI
from weylmag.constants import e

EV = 1.602176634e-19
A = 4e-10  # m
N_ORB = 3
FILLED = 3  # bands per cell


def chain_matrices():
    """On-site, hopping and exchange matrices (J) of the chain, spin-minor order."""
    rng = np.random.default_rng(4)
    eps = np.linspace(-1.0, 1.0, N_ORB) * EV
    onsite = np.kron(np.diag(eps), np.eye(2)).astype(complex)
    mix = rng.normal(size=(N_ORB, N_ORB)) * 0.2 * EV
    onsite += np.kron(mix + mix.T, np.eye(2))
    soc = rng.normal(size=(N_ORB, N_ORB)) * 0.05 * EV
    onsite += np.kron(1j * (soc - soc.T), PAULI[2])
    hopping = np.kron(rng.normal(size=(N_ORB, N_ORB)) * 0.4 * EV, np.eye(2)).astype(
        complex
    )
    for s in PAULI:
        hopping += 1j * np.kron(rng.normal(size=(N_ORB, N_ORB)) * 0.15 * EV, s)
    j_orb = np.diag(np.linspace(0.6, 0.9, N_ORB)) * EV
    exchange = np.array([np.kron(j_orb, s) for s in PAULI])
    return onsite, hopping, exchange


def chain_model():
    onsite, hopping, exchange = chain_matrices()
    return models.tight_binding_chain(onsite, hopping, A, exchange)


def gap_center(model, m=(0.0, 0.0, 1.0)):
    """Chemical potential in the middle of the gap above the filled bands (J)."""
    k = (np.arange(512)[:, None] + 0.5) / 512 * 2 * np.pi / A
    energy = np.linalg.eigvalsh(model.hamiltonian(k, np.asarray(m, float)))
    return 0.5 * (energy[:, FILLED - 1].max() + energy[:, FILLED].min())


def spiral(m0, n, phases):
    """Unit vectors m at the rotation angles ``phases`` about n, starting from m0 (perpendicular)."""
    m0, n = np.asarray(m0, float), np.asarray(n, float)
    return np.cos(phases)[:, None] * m0 + np.sin(phases)[:, None] * np.cross(n, m0)


def spiral_supercell(n_cells, winding, m0, n, heights=None, n_kpoints=8):
    """Energy density (J), polarisation along the chain (C) and the mean height
    polarisation -e<z>/L (C m) of the filled bands of a commensurate spiral.
    """
    onsite, hopping, exchange = chain_matrices()
    size = onsite.shape[0]
    length = n_cells * A
    q = 2 * np.pi * winding / length
    x = np.arange(n_cells) * A
    ms = spiral(m0, n, q * x)
    diagonal = np.zeros((n_cells * size, n_cells * size), complex)
    for i, m in enumerate(ms):
        block = slice(i * size, (i + 1) * size)
        diagonal[block, block] = onsite + np.tensordot(m, exchange, axes=1)
    positions = np.repeat(x, size)
    height = None if heights is None else np.tile(np.repeat(heights, 2), n_cells)
    filled = FILLED * n_cells
    kpoints = ((np.arange(n_kpoints) + 0.5) / n_kpoints - 0.5) * 2 * np.pi / length
    energy, z_sum, states = 0.0, 0.0, []
    for K in kpoints:
        h = diagonal.copy()
        phase = np.exp(-1j * K * A)
        for i in range(n_cells):
            j = (i + 1) % n_cells
            h[j * size : (j + 1) * size, i * size : (i + 1) * size] += hopping * phase
            h[i * size : (i + 1) * size, j * size : (j + 1) * size] += (
                hopping.conj().T * np.conj(phase)
            )
        values, vectors = np.linalg.eigh(h)
        energy += values[:filled].sum()
        occupied = vectors[:, :filled]
        if height is not None:
            z_sum += np.einsum("ia,i,ia->", occupied.conj(), height, occupied).real
        states.append(occupied)
    closing = np.exp(-2j * np.pi / length * positions)[:, None] * states[0]
    phase = 0.0
    for s in range(n_kpoints):
        nxt = states[s + 1] if s + 1 < n_kpoints else closing
        phase += np.angle(np.linalg.det(states[s].conj().T @ nxt))
    return (
        energy / (n_kpoints * length),
        e * phase / (2 * np.pi),
        -e * z_sum / (n_kpoints * length),
    )


def odd_parts(n_cells, m0, n, heights=None):
    """(X(q) - X(-q)) / 2q of the energy density, the chain polarisation (modulo e)
    and the height polarisation, q = 2 pi / (N a)."""
    plus = spiral_supercell(n_cells, 1, m0, n, heights)
    minus = spiral_supercell(n_cells, -1, m0, n, heights)
    q = 2 * np.pi / (n_cells * A)
    energy = (plus[0] - minus[0]) / (2 * q)
    chain = ((plus[1] - minus[1] + e / 2) % e - e / 2) / (2 * q)
    height = (plus[2] - minus[2]) / (2 * q) if heights is not None else None
    return energy, chain, height


def spiral_average(values, m0, n):
    """<X(m) . (n x m)> over the spiral, X(m) sampled at the phases 2 pi j / len(values)."""
    phases = 2 * np.pi * np.arange(len(values)) / len(values)
    tangents = np.cross(np.asarray(n, float), spiral(m0, n, phases))
    return float(np.mean(np.einsum("jk,jk->j", np.asarray(values), tangents)))
