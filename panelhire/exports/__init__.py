"""Pure export builders: plain objects in, bytes out (no Flask, no database)."""
