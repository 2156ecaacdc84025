"""Independent references for the NEGF tests: textures, explicit Hamiltonians, dense G."""

import numpy as np

SIGMA = np.array([[[0, 1], [1, 0]], [[0, -1j], [1j, 0]], [[1, 0], [0, -1]]])


def neel_skyrmion(nx, ny, radius, width=1.0):
    """Neel skyrmion centred in an nx x ny layer: m_z = -1 at the centre, +1 outside."""
    x = np.arange(nx) - (nx - 1) / 2
    y = np.arange(ny) - (ny - 1) / 2
    X, Y = np.meshgrid(x, y, indexing="ij")
    r, phi = np.hypot(X, Y), np.arctan2(Y, X)
    theta = 2 * np.arctan(np.exp((radius - r) / width))
    return np.stack(
        [np.sin(theta) * np.cos(phi), np.sin(theta) * np.sin(phi), np.cos(theta)],
        axis=-1,
    )


def explicit_hamiltonian(nx, ny, t, onsite, J, m, t_so, gates):
    """The layer Hamiltonian written bond by bond (orbital 2 (x ny + y) + s)."""
    n = 2 * nx * ny
    h = np.zeros((n, n), dtype=complex)

    def o(x, y):
        return slice(2 * (x * ny + y), 2 * (x * ny + y) + 2)

    for x in range(nx):
        for y in range(ny):
            v = onsite[x, y] + gates.get(x, 0.0)
            h[o(x, y), o(x, y)] = v * np.eye(2) + 0.5 * J[x, y] * np.einsum(
                "i,iab->ab", m[x, y], SIGMA
            )
            if x + 1 < nx:  # c+_{r+x} (-t - i tso sy) c_r + h.c.
                b = -t * np.eye(2) - 1j * t_so * SIGMA[1]
                h[o(x + 1, y), o(x, y)] = b
                h[o(x, y), o(x + 1, y)] = b.conj().T
            if y + 1 < ny:  # c+_{r+y} (-t + i tso sx) c_r + h.c.
                b = -t * np.eye(2) + 1j * t_so * SIGMA[0]
                h[o(x, y + 1), o(x, y)] = b
                h[o(x, y), o(x, y + 1)] = b.conj().T
    return h


def dense_green(device, energy, derivative=False, hamiltonian=None):
    """G(E) by dense inversion of E - H - sum Sigma, with Gamma (and dSigma/dE)."""
    e = np.array([energy])
    h = device.hamiltonian().toarray() if hamiltonian is None else hamiltonian
    n = len(h)
    sigma_full = np.zeros((n, n), dtype=complex)
    dsigma_full = np.zeros((n, n), dtype=complex)
    if derivative:
        sig, dsig = device.self_energies(e, derivative=True)
    else:
        sig, dsig = device.self_energies(e), [np.zeros_like(s) for s in device.leads]
    for lead, s, d in zip(device.leads, sig, dsig):
        idx = np.ix_(lead.orbitals, lead.orbitals)
        sigma_full[idx] += s[0]
        if derivative:
            dsigma_full[idx] += d[0]
    g = np.linalg.inv(energy * np.eye(n) - h - sigma_full)
    gamma = 1j * (sigma_full - sigma_full.conj().T)
    if derivative:
        return g, gamma, dsigma_full
    return g, gamma
