# A Néel skyrmion relaxed in a thin-film disk and drawn with weylmag.viz
import discretisedfield as df
import micromagneticmodel as mm
import pyvista as pv

import weylmag as wm
import weylmag.viz as wv

R = 50e-9  # disk radius (m) of a 1 nm film; the cells outside the disk are empty
mesh = df.Mesh(p1=(-R, -R, 0), p2=(R, R, 1e-9), cell=(2e-9, 2e-9, 1e-9))
system = mm.System(name="disk")
system.energy = (mm.Exchange(A=1.5e-11) + mm.DMI(D=3.5e-3, crystalclass="Cnv_z")
                 + mm.UniaxialAnisotropy(K=8e5, u=(0, 0, 1)) + mm.Demag())
system.m = df.Field(mesh, nvdim=3, valid="norm",
                    value=lambda p: (0, 0, -1 if p[0]**2 + p[1]**2 < 20e-9**2 else 1),
                    norm=lambda p: 5.8e5 if p[0]**2 + p[1]**2 <= R**2 else 0)

wm.MinDriver().drive(system)  # energy minimisation; writes disk/drive-0

plotter = wv.slices(system.m, component="z", plotter=pv.Plotter(off_screen=True))
wv.arrows(system.m, color="black", every=3, view="xy", plotter=plotter,
          filename="neel_skyrmion.png")  # m_z in colour, m as arrows
