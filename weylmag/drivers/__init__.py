"""Drivers: time integration, minimisation, hysteresis loops."""

from .driver import Driver as Driver
from .hysteresisdriver import HysteresisDriver as HysteresisDriver
from .mindriver import MinDriver as MinDriver
from .timedriver import TimeDriver as TimeDriver
from .relaxdriver import RelaxDriver as RelaxDriver
