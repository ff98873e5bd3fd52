"""Privacy: retention and purge, subject access exports, and guards on downloads."""
