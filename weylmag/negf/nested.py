r"""Nested-dissection solver: dense fronts on a geometric bisection of the layer.

The sites of the layer are split recursively by straight cuts: a box of
sites is cut along its longer side by one column or row (the *separator*),
whose sites are eliminated after those of the two halves, down to boxes of
at most ``leaf`` x ``leaf`` sites, eliminated whole. The sites that carry a
lead's self-energy (dense among themselves) are eliminated together, right
after the smallest box of the dissection that holds them all: for leads on
the left and right edges, after each half of the layer and before the
first separator, which is then the root. (Kept for the root instead, the
two leads' sites would enlarge the first separator's front by their number
and make the root front twice as large, an eighth more work on 80 x 80
layers.) This is the ordering that sparse direct solvers find for a 2D
grid (nested dissection), here found once from the geometry, so that the
tree, the fronts and every index map are computed once per lattice and
lead geometry and reused at every energy and every magnetisation.

Each node of the tree holds a dense *front*: its own orbitals o and the
orbitals b of later nodes that they couple to (the neighbours of the
node's subtree). Assembled from A and the update matrices of its children
(extend-add), it is reduced by a partial-pivoting LU of :math:`F_{oo}`:

.. math::

    X = F_{oo}^{-1}F_{ob},\qquad U = F_{bb} - F_{bo}X,

and U goes to the parent. A solve runs a forward pass over the tree
(:math:`c_o = F_{oo}^{-1}w_o`, :math:`w_b \mathrel{-}= F_{bo}c_o`) and a back
pass from the root (:math:`x_o = c_o - Xx_b`); right-hand sides that vanish
below a node skip its forward step, and rows not asked for skip the back
steps of the nodes that hold none of them. The site-diagonal blocks of G
come from the same factors by selected inversion from the root down:
:math:`G_{ob} = -XG_{bb}`, :math:`G_{bo} = -G_{bb}F_{bo}F_{oo}^{-1}`,
:math:`G_{oo} = F_{oo}^{-1} - XG_{bo}`.

The factorization and the solves are numba kernels
(:mod:`weylmag._kernels.fronts`) that call LAPACK and BLAS on the blocks of
each front in place and hold the factors of all nodes in one flat buffer
per energy: no Python runs per front, and the GIL is released, so threads
that share the energies of a batch run at once. The LU is that of LAPACK
(partial pivoting within the own block, triangular solves for X); an
explicit :math:`F_{oo}^{-1}` would turn those solves into one faster
product, but it raised the backward error on the real axis from 1e-14 to
1e-11 on 80 x 80 layers and is not used.

On an N x N layer the fronts have O(N) orbitals and the factorization costs
O(N^3) per energy, against :math:`2N(2N)^3` for the recursive Green's
functions (:class:`~weylmag.negf.RGFSolver`), which remain faster on small
layers. The pivoting is local to a front: the own block of a closed box is
singular where the energy is an eigenvalue of that box alone, which on the
real axis loses accuracy near such energies; every factorization therefore
measures its backward error and falls back on a second dissection and on
iterative refinement (:class:`NestedDissectionFactorization`).
"""

import numpy as np
import scipy.linalg

from .._kernels.fronts import (
    add_row_spin_densities,
    factor_fronts,
    mark_ancestors,
    place_rows,
    scalars,
    solve_fronts,
)
from .solver import (
    Factorization,
    Solver,
    as_rhs,
    full_rhs,
    group_labels,
    probe_vector,
    site_blocks_by_solves,
)
from .sparselu import _Pattern

__all__ = ["NestedDissectionSolver"]

#: Largest element of an F_oo^-1 up to which the selected inversion is trusted.
GROWTH = 30.0
#: Buffers of each kind that a dissection keeps for reuse (see ``_Tree.take``).
KEEP = 2


def _orbitals(sites):
    sites = np.asarray(sites, dtype=np.int64)
    return np.stack([2 * sites, 2 * sites + 1], axis=1).ravel()


class NestedDissectionSolver(Solver):
    """Dense-front nested dissection of the layer (see the module notes).

    Parameters
    ----------
    leaf : int, optional
        Boxes of at most leaf x leaf sites are not cut further (default 5).
    tolerance : float, optional
        Largest backward error accepted from a factorization (default
        1e-11); see :class:`NestedDissectionFactorization`.

    The solver keeps, for each geometry it has seen, the dissections and up
    to ``KEEP`` buffers each of one energy's factors and solution columns
    for the next energies (on an 80 x 80 layer 31 MB and up to 45 MB each).

    Examples
    --------
    G from the solver equals the inverse of the full matrix, for leads on
    any edge:

    >>> import numpy as np
    >>> from weylmag.negf import SquareLattice, NestedDissectionSolver
    >>> dev = SquareLattice(6, 5, J=0.5, t_so=0.1).attach_lead(side="left").attach_lead(
    ...     side="top").finalized()
    >>> E = np.array([1.3 + 0.1j])
    >>> fac = NestedDissectionSolver(leaf=2).factorize(dev, E, dev.self_energies(E))
    >>> G = fac.solve(np.eye(dev.n_orbitals))[0]
    >>> A = E[0] * np.eye(60) - dev.hamiltonian().toarray()
    >>> for lead, s in zip(dev.leads, dev.self_energies(E)):
    ...     A[np.ix_(lead.orbitals, lead.orbitals)] -= s[0]
    >>> bool(np.allclose(G, np.linalg.inv(A), atol=1e-12))
    True
    """

    def __init__(self, leaf=5, tolerance=1e-11):
        if not (isinstance(leaf, (int, np.integer)) and leaf >= 1):
            raise ValueError(f"leaf must be an integer >= 1; got {leaf!r}.")
        if not (np.isfinite(tolerance) and 0 < tolerance < 1):
            raise ValueError(f"tolerance must be in (0, 1); got {tolerance!r}.")
        self.leaf = int(leaf)
        self.tolerance = float(tolerance)
        self._trees = {}

    def __repr__(self):
        return f"NestedDissectionSolver(leaf={self.leaf}, tolerance={self.tolerance:g})"

    def _dissections(self, device):
        """The two dissections (cuts in the middle, and one site further) of the geometry."""
        key = _Pattern.key(device)
        if key not in self._trees:
            pattern = _Pattern(device)
            self._trees[key] = [_Tree(device, pattern, self.leaf, shift) for shift in (0, 1)]
        return self._trees[key]

    def factorize(self, device, energies, sigmas):
        return NestedDissectionFactorization(
            device, energies, sigmas, self._dissections(device), self.tolerance
        )


class _Tree:
    """The dissection of one lattice and lead geometry, with its index maps.

    Nodes are in postorder (children before parents, the root last). For
    node i: ``own[i]`` and ``bnd[i]`` are orbital indices, ``children[i]``
    pairs each child with the positions of its ``bnd`` in node i's front,
    and ``slots[i]``, ``flat[i]`` say which stored entries of A go where in
    the flattened (column-major) front; the same, with the offsets of every
    node's factors and update, as flat arrays for the kernels. ``shift``
    moves every cut by that many sites from the middle (a second
    dissection, whose boxes have other spectra).
    """

    def __init__(self, device, pattern, leaf, shift):
        nx, ny = device.shape
        self.pattern = pattern
        leads = [np.unique(np.asarray(lead.orbitals) // 2) for lead in device.leads]
        lead_sites = np.zeros(nx * ny, dtype=bool)
        for sites in leads:
            lead_sites[sites] = True
        unplaced = list(range(len(leads)))
        placed = np.zeros(nx * ny, dtype=bool)
        grid = np.arange(nx * ny).reshape(nx, ny)
        own_sites, kids = [], []

        def node(own, parts):
            own_sites.append(own)
            kids.append(parts)
            return [len(own_sites) - 1]

        def with_leads(roots, x0, x1, y0, y1):
            """The roots of a box's subtree under the sites of the leads that lie in
            the box and in none of its parts (one node, eliminated after the box)."""
            inside = [k for k in unplaced if np.all(
                (leads[k] // ny >= x0) & (leads[k] // ny < x1)
                & (leads[k] % ny >= y0) & (leads[k] % ny < y1)
            )]
            if not inside:
                return roots
            sites = np.unique(np.concatenate([leads[k] for k in inside]))
            sites = sites[~placed[sites]]
            for k in inside:
                unplaced.remove(k)
            placed[sites] = True
            return node(sites, roots) if len(sites) else roots

        def cut(x0, x1, y0, y1):
            """The roots of the subtrees of the box (none, one, or two where the
            separator holds lead sites only)."""
            sites = grid[x0:x1, y0:y1].ravel()
            w, h = x1 - x0, y1 - y0
            if not np.any(~lead_sites[sites]):
                return with_leads([], x0, x1, y0, y1)
            if w * h <= leaf * leaf or max(w, h) < 3:
                own, parts = sites, []
            elif w >= h:
                m = (x0 + x1) // 2 + (shift if w > 3 else 0)
                own, parts = grid[m, y0:y1], cut(x0, m, y0, y1) + cut(m + 1, x1, y0, y1)
            else:
                m = (y0 + y1) // 2 + (shift if h > 3 else 0)
                own, parts = grid[x0:x1, m], cut(x0, x1, y0, m) + cut(x0, x1, m + 1, y1)
            own = own[~lead_sites[own]]
            return with_leads(node(own, parts) if len(own) else parts, x0, x1, y0, y1)

        cut(0, nx, 0, ny)
        n_nodes = len(own_sites)
        rank = np.empty(nx * ny, dtype=np.int64)  # the node that eliminates each site
        for i, own in enumerate(own_sites):
            rank[own] = i
        self.parent = np.full(n_nodes, -1)
        for i, ks in enumerate(kids):
            self.parent[ks] = i

        # site graph of A (the stored pattern, leads included)
        p = self.pattern
        cols = np.repeat(np.arange(p.size), np.diff(p.indptr))
        rows = p.indices.astype(np.int64)
        site_r, site_c = rows // 2, cols // 2
        # the neighbours outside a subtree are its boundary: collect per node
        # the later-eliminated neighbours of its own sites, then pass them up
        first = np.minimum(rank[site_r], rank[site_c])
        later = np.where(rank[site_r] > rank[site_c], site_r, site_c)
        bnd_sites = [set() for _ in range(n_nodes)]
        for i, s in zip(first, later):
            if rank[s] != i:
                bnd_sites[i].add(int(s))
        for i in range(n_nodes):
            for k in kids[i]:
                bnd_sites[i].update(s for s in bnd_sites[k] if rank[s] != i)
        ancestors = [set() for _ in range(n_nodes)]
        for i in range(n_nodes - 1, -1, -1):
            if self.parent[i] >= 0:
                ancestors[i] = ancestors[self.parent[i]] | {int(self.parent[i])}
            if any(int(rank[s]) not in ancestors[i] for s in bnd_sites[i]):
                raise ValueError(
                    "the straight cuts do not separate this device's couplings: use "
                    "solver=SparseLUSolver() or RGFSolver()."
                )
        self.own = [_orbitals(np.sort(o)) for o in own_sites]
        self.bnd = [_orbitals(sorted(b)) for b in bnd_sites]
        # the elimination order: every node's own orbitals form one range
        self.order = np.concatenate(self.own)
        self.place = np.empty(p.size, dtype=np.int64)  # of each orbital in that order
        self.place[self.order] = np.arange(p.size)
        ends = np.cumsum([len(o) for o in self.own])
        self.ranges = [slice(end - len(o), end) for o, end in zip(self.own, ends)]
        self.bnd_placed = [self.place[b] for b in self.bnd]
        self.size = [len(o) + len(b) for o, b in zip(self.own, self.bnd)]
        # every stored entry of A is assembled where its first orbital is eliminated
        order = np.argsort(first, kind="stable")
        bounds = np.searchsorted(first[order], np.arange(n_nodes + 1))
        position = np.empty(p.size, dtype=np.int64)  # in the front of node i
        self.children, self.slots, self.flat = [], [], []
        self.position_in_parent = [None] * n_nodes
        for i in range(n_nodes):
            position[self.own[i]] = np.arange(len(self.own[i]))
            position[self.bnd[i]] = len(self.own[i]) + np.arange(len(self.bnd[i]))
            self.children.append([(k, position[self.bnd[k]]) for k in kids[i]])
            for k, positions in self.children[i]:
                self.position_in_parent[k] = positions
            e = order[bounds[i] : bounds[i + 1]]
            self.slots.append(e)
            self.flat.append(position[rows[e]] + position[cols[e]] * self.size[i])
        self._arrays_for_the_kernel()

    def _arrays_for_the_kernel(self):
        """The tree as the flat arrays of :func:`~weylmag._kernels.fronts.factor_fronts`."""
        n_nodes = len(self.own)
        self.no = np.array([len(o) for o in self.own], dtype=np.int64)
        self.nb = np.array([len(b) for b in self.bnd], dtype=np.int64)

        def packed(parts):
            ptr = np.zeros(len(parts) + 1, dtype=np.int64)
            ptr[1:] = np.cumsum([len(q) for q in parts])
            flat = np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, np.int64)
            return ptr, flat

        self.slot_ptr, self.slot_index = packed(self.slots)
        self.flat_index = np.concatenate(self.flat).astype(np.int64)
        self.child_ptr, self.child_index = packed(
            [np.array([k for k, _ in c], dtype=np.int64) for c in self.children]
        )
        self.pos_ptr, self.pos_index = packed([p for c in self.children for _, p in c])
        # the updates on a stack: a node's children leave theirs on top (postorder)
        self.stack_at = np.zeros(n_nodes, dtype=np.int64)
        top = peak = 0
        for i in range(n_nodes):
            top -= sum(int(self.nb[k]) ** 2 for k, _ in self.children[i])
            self.stack_at[i] = top
            top += int(self.nb[i]) ** 2
            peak = max(peak, top)
        self.stack_size = peak
        per_node = self.no**2 + 2 * self.no * self.nb
        self.factor_at = np.concatenate([[0], np.cumsum(per_node)[:-1]]).astype(np.int64)
        self.factor_size = int(per_node.sum())
        self.own_at = np.array([r.start for r in self.ranges], dtype=np.int64)
        self.bnd_ptr, self.bnd_index = packed(self.bnd_placed)
        self.front_size = int(max(self.size)) ** 2
        self.node_at = np.repeat(np.arange(n_nodes), self.no)  # node of each position
        self._free = {}

    def take(self, name, size, dtype=complex, spare=0.0):
        """A 1D buffer of ``size`` elements, contents undefined: one given back, or a new one.

        The factors and the solves' columns of an 80 x 80 layer take 30 MB
        each per energy; a new buffer is zeroed page by page by the system
        as it is first written, which cost 5% of an update (and more where
        the memory is fragmented). A new buffer has ``spare`` times more
        room, for sizes that grow from call to call (the number of open
        channels with the energy).
        """
        free = self._free.get(name, [])
        while free:
            try:
                buffer = free.pop()
            except IndexError:  # taken by another thread meanwhile
                break
            if buffer.size >= size and buffer.dtype == dtype:
                return buffer[:size]
        return np.empty(size + int(spare * size), dtype=dtype)[:size]

    def give(self, name, array):
        """Keep ``array``'s memory for :meth:`take` (up to ``KEEP`` buffers of a kind).

        The caller must hold no other reference to it.
        """
        root = array if array.base is None else array.base
        free = self._free.setdefault(name, [])
        if root.ndim == 1 and root.flags.c_contiguous and len(free) < KEEP:
            free.append(root)


class NestedDissectionFactorization(Factorization):
    r"""The fronts' LU factors at each energy of a batch.

    The pivoting is local to a front, so a front whose own block is nearly
    singular (the energy close to an eigenvalue of a box alone, which on
    the real axis happens) loses accuracy. Each energy is therefore checked
    once: a solve of a fixed random vector gives the backward error
    :math:`\eta = \|b - Az\|/(\|A\|\|z\| + \|b\|)`. Above the
    tolerance the energy is factorized again on the second dissection (cuts
    one site further), and the better of the two is kept; solves at an
    energy still above the tolerance are refined iteratively (residuals with
    the exact sparse A) until the correction is below 1e-15 of the solution
    or stops shrinking below 1e-11 of it (else LinAlgError).
    :attr:`backward_error` holds :math:`\eta` of each energy and
    :attr:`dissection` which dissection it used (0: cuts in the middle).

    The default tolerance, 1e-11, lies above the rounding of sound factors
    and below the loss near a box's level. On the seed's 80 x 80 layer
    (10 skyrmion positions, 8 energies in [0.5, 1.9]) :math:`\eta` of the
    first dissection was 3e-15 to 2e-12 but once 4e-10, and the spin
    densities without refinement deviated from the refined ones by at most
    35 :math:`\eta` (relative). At 1e-12 the energies with
    :math:`\eta` of 1.4-1.8e-12 went through both dissections and
    refinement, which made an update (8 energies) 1.6 times as long, for
    errors of 5e-12.

    Vectors are held in the tree's order (``_Tree.order``), in which the own
    orbitals of every node are one contiguous range.
    """

    def __init__(self, device, energies, sigmas, trees, tolerance):
        self.device = device
        self.energies = np.atleast_1d(np.asarray(energies))
        self.tolerance = tolerance
        pattern = trees[0].pattern
        probe = probe_vector(pattern.size)
        self._matrices, self._trees, self._factors = [], [], []
        errors, used = [], []
        for a in pattern.matrices(device, self.energies, sigmas):
            d = a.data
            norm = abs(a).sum(axis=1).max()
            best = None
            for k, tree in enumerate(trees):
                try:
                    factors = _Fronts(tree, d)
                except np.linalg.LinAlgError:
                    continue
                z = _apply(tree, factors, probe[:, None], None, adjoint=False)[:, 0]
                eta = np.abs(probe - a @ z).max() / (norm * np.abs(z).max() + np.abs(probe).max())
                if best is None or eta < best[0]:
                    best = (eta, k, factors)
                if eta <= tolerance:
                    break
            if best is None:
                raise np.linalg.LinAlgError(
                    "a front of E - H - Sigma is singular in both dissections: an energy on "
                    "a bound state of the device?"
                )
            errors.append(best[0])
            used.append(best[1])
            self._matrices.append(a)
            self._trees.append(trees[best[1]])
            self._factors.append(best[2])
        self.backward_error = np.array(errors)
        self.dissection = np.array(used)

    def _solve_one(self, e, rhs, orbitals, adjoint, placed=False, rows=None):
        """G rhs or G^dagger rhs at energy e, refined where the factors miss the tolerance.

        With ``rows``, rhs holds only those rows (the others are zero). With
        ``placed`` (and all rows): the rows in the tree's order (shape
        (n, k)), in a buffer the caller gives back to the tree.
        """
        tree, factors = self._trees[e], self._factors[e]
        if self.backward_error[e] <= self.tolerance:
            return _apply(tree, factors, rhs, orbitals, adjoint, placed, rows)
        rhs = full_rhs(rhs, rows, tree.pattern.size)
        a = self._matrices[e].conj().T if adjoint else self._matrices[e]
        x = _apply(tree, factors, rhs, None, adjoint)
        change = np.inf
        for _ in range(30):
            step = _apply(tree, factors, rhs - a @ x, None, adjoint)
            x += step
            previous, change = change, np.abs(step).max()
            size = np.abs(x).max()
            if change <= 1e-15 * size:
                break
            if change > 0.5 * previous:  # stagnant: rounding, or diverging
                if change <= 1e-11 * size:
                    break
                raise np.linalg.LinAlgError(
                    f"the nested dissection is unstable at E = {self.energies[e]}: the "
                    "iterative refinement does not converge; use RGFSolver() or another leaf."
                )
        if orbitals is not None:
            return x[np.asarray(orbitals)]
        return np.ascontiguousarray(x[tree.order]) if placed else x

    def _substitute(self, rhs, orbitals, adjoint):
        r = as_rhs(rhs, len(self.energies))
        n_rows = r.shape[1] if orbitals is None else len(np.asarray(orbitals))
        out = np.empty((r.shape[0], n_rows, r.shape[2]), dtype=complex)
        for e in range(len(self.energies)):
            out[e] = self._solve_one(e, r[e], orbitals, adjoint)
        return out

    def spin_densities(self, rhs, groups, rows=None):
        r = as_rhs(rhs, len(self.energies))
        labels = group_labels(groups, r.shape[-1])
        n_sites = self.device.n_orbitals // 2
        out = np.zeros((r.shape[0], len(groups), n_sites, 4))
        for e in range(len(self.energies)):
            # the densities of the sites in the tree's order, then put in place
            tree = self._trees[e]
            u = self._solve_one(e, r[e], None, False, placed=True, rows=rows)
            placed = np.zeros((len(groups), n_sites, 4))
            add_row_spin_densities(u.reshape(-1), u.shape[1], labels, placed)
            tree.give("columns", u)
            out[e][:, tree.order[::2] // 2] = placed
        return out

    def solve(self, rhs, orbitals=None):
        return self._substitute(rhs, orbitals, adjoint=False)

    def solve_adjoint(self, rhs, orbitals=None):
        return self._substitute(rhs, orbitals, adjoint=True)

    def site_blocks(self):
        """Site-diagonal blocks of G: selected inversion, or solves where it rounds badly.

        The selected inversion subtracts products of :math:`F_{oo}^{-1}`, which
        grows near a level of a closed box: on real energies its error reached
        2e-8 of the largest element on a 24 x 24 layer where the largest
        element of an :math:`F_{oo}^{-1}` was 6e2, against 5e-14 at Im E = 0.02
        (largest element 10). Where that element exceeds ``GROWTH`` the blocks
        come from solves of unit vectors instead, column by column of the
        layer: exact to rounding, but a full inverse's cost.
        """
        nx, ny = self.device.shape
        out = np.empty((len(self.energies), nx * ny, 2, 2), dtype=complex)
        for e, (tree, factors) in enumerate(zip(self._trees, self._factors)):
            if self.backward_error[e] <= self.tolerance:
                blocks, growth = _selected_inverse(tree, factors)
                if growth <= GROWTH:
                    out[e] = blocks
                    continue
            out[e] = site_blocks_by_solves(self._single(e))[0].reshape(-1, 2, 2)
        return out.reshape(len(self.energies), nx, ny, 2, 2)

    def _single(self, e):
        """This factorization restricted to energy e."""
        one = object.__new__(NestedDissectionFactorization)
        one.device, one.tolerance = self.device, self.tolerance
        one.energies = self.energies[e : e + 1]
        one.backward_error = self.backward_error[e : e + 1]
        one.dissection = self.dissection[e : e + 1]
        one._matrices, one._trees = self._matrices[e : e + 1], self._trees[e : e + 1]
        one._factors = self._factors[e : e + 1]
        return one


class _Fronts:
    """One energy's factors, in the flat buffers of
    :func:`~weylmag._kernels.fronts.factor_fronts`."""

    def __init__(self, tree, data):
        self.tree = tree
        self.factors = tree.take("factors", tree.factor_size)
        self.pivots = tree.take("pivots", tree.pattern.size, np.int32)  # 1-based
        front, stack = tree.take("front", tree.front_size), tree.take("stack", tree.stack_size)
        singular = factor_fronts(
            data, tree.no, tree.nb, tree.slot_ptr, tree.slot_index, tree.flat_index,
            tree.child_ptr, tree.child_index, tree.pos_ptr, tree.pos_index, tree.stack_at,
            tree.factor_at, tree.own_at, self.factors, self.pivots, front, stack, *scalars(),
        )
        tree.give("front", front)
        tree.give("stack", stack)
        if singular >= 0:
            raise np.linalg.LinAlgError("a front of E - H - Sigma is singular")

    def __del__(self):
        # the views of node() live only while their caller holds this object
        self.tree.give("factors", self.factors)
        self.tree.give("pivots", self.pivots)

    def node(self, i):
        """(LU of F_oo, 0-based pivots, X, F_bo) of node i, as views (X, F_bo None at the root)."""
        at, o, b = self.tree.factor_at[i], self.tree.no[i], self.tree.nb[i]
        lu = self.factors[at : at + o * o].reshape(o, o, order="F")
        piv = self.pivots[self.tree.own_at[i] : self.tree.own_at[i] + o] - 1
        if b == 0:
            return lu, piv, None, None
        x = self.factors[at + o * o : at + o * (o + b)].reshape(o, b, order="F")
        f_bo = self.factors[at + o * (o + b) : at + o * (o + 2 * b)].reshape(b, o, order="F")
        return lu, piv, x, f_bo


def _needed(tree, orbitals):
    """Which nodes' back steps the rows ``orbitals`` need (all for None)."""
    n_nodes = len(tree.own)
    if orbitals is None:
        return np.ones(n_nodes, dtype=bool)
    needed = np.zeros(n_nodes, dtype=bool)
    needed[tree.node_at[tree.place[np.asarray(orbitals)]]] = True
    mark_ancestors(needed, tree.parent)  # children first: a mark reaches the root
    return needed


def _apply(tree, fronts, rhs, orbitals, adjoint, placed=False, rows=None):
    """G rhs (or G^dagger rhs) at one energy, the rows ``orbitals`` (all for None).

    With ``rows``, rhs holds only those rows (the others are zero). With
    ``placed`` the result is the kernel's own array: the rows in the tree's
    order (shape (n, k)), in a buffer of the tree's that the caller gives
    back (``tree.give("columns", ...)``). G^dagger b is the conjugate of
    :math:`A^{-T}\bar b`, which the kernel solves with untransposed data.
    """
    r = np.asarray(rhs, dtype=complex)
    if rows is None:
        rows = np.flatnonzero(r.any(axis=1))
        r = r[rows]
    r = np.conj(r) if adjoint else np.ascontiguousarray(r)
    n, k = tree.pattern.size, r.shape[1]
    w = tree.take("columns", n * k, spare=0.5)
    active = np.empty(len(tree.own), dtype=bool)
    place_rows(
        w, k, tree.place[np.asarray(rows)], r, tree.node_at, tree.no, tree.own_at,
        tree.parent, active,
    )
    solve_fronts(
        w, k, tree.no, tree.nb, tree.own_at, tree.bnd_ptr, tree.bnd_index, tree.factor_at,
        fronts.factors, fronts.pivots, active, _needed(tree, orbitals), adjoint,
        np.empty(int(tree.nb.max()) * k, dtype=complex),
        np.empty(int(tree.no.max()) * k, dtype=complex), *scalars(),
    )
    w = w.reshape(n, k)
    if placed:
        return w
    at = tree.place if orbitals is None else tree.place[np.asarray(orbitals)]
    out = w[at]
    if adjoint:
        np.conj(out, out=out)
    tree.give("columns", w)
    return out


def _selected_inverse(tree, fronts):
    """Site-diagonal blocks of G (n_sites, 2, 2), from the root down, and max |F_oo^-1|.

    With G_bb known on a front's boundary: G_ob = -X G_bb,
    G_bo = -G_bb F_bo F_oo^-1, G_oo = F_oo^-1 - X G_bo.
    """
    out = np.empty((tree.pattern.size // 2, 2, 2), dtype=complex)
    inverses = {}  # G on the fronts whose children are still to come
    pending = [len(k) for k in tree.children]
    growth = 0.0
    for i in range(len(tree.own) - 1, -1, -1):
        lu, piv, x, f_bo = fronts.node(i)
        no, size = len(tree.own[i]), tree.size[i]
        inv = scipy.linalg.lapack.zgetri(lu, piv)[0]
        growth = max(growth, np.abs(inv).max())
        if size > no:
            parent = tree.parent[i]
            p = tree.position_in_parent[i]
            g_bb = inverses[parent][p[:, None], p[None, :]]
            pending[parent] -= 1
            if pending[parent] == 0:
                del inverses[parent]
            g = np.empty((size, size), dtype=complex)
            g[no:, no:] = g_bb
            g[:no, no:] = -x @ g_bb
            g[no:, :no] = -(g_bb @ f_bo) @ inv
            g[:no, :no] = inv - x @ g[no:, :no]
        else:
            g = inv
        if pending[i]:
            inverses[i] = g
        diag = g[:no, :no].reshape(no // 2, 2, no // 2, 2)
        idx = np.arange(no // 2)
        out[tree.own[i][::2] // 2] = diag[idx, :, idx, :]
    return out, growth
