"""The shared Ubermag calculator test suite, run against weylmag."""

from micromagnetictests.calculatortests import *  # noqa: F401,F403
