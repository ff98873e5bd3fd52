"""Panels: interview sittings and who sits on them."""
