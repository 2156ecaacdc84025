"""Valley physics of magnetic Weyl semimetals (seed 000)."""
