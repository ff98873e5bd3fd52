"""The bench's autosave runs number their saves within the day ahead of the server's clock
that the server accepts: beyond it, every save is refused and the bench would time refusals."""

from __future__ import annotations

from bench.instructions import REVISION_START_AHEAD
from bench.run_all import REVISIONS_PER_RUN, ROUNDS
from panelhire.scoring.services import REVISION_AHEAD


def test_every_autosave_run_fits_in_the_day_the_server_accepts():
    # Runs are numbered 0..ROUNDS (the last is the one-client run); the measured half of the
    # last run starts half a run in, and the instruction count starts above all of them.
    highest_load_revision = ROUNDS * REVISIONS_PER_RUN + REVISIONS_PER_RUN
    assert highest_load_revision < REVISION_START_AHEAD < REVISION_AHEAD
