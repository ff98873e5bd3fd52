"""Fixtures shared by the panels tests."""

from __future__ import annotations

import pytest

from panelhire.auth.models import Role
from tests.factories import make_staff, sign_in


@pytest.fixture()
def hr(client, db):  # noqa: ANN001, ANN201
    """An HR coordinator, signed in on the test client."""
    user = make_staff(roles={Role.HR})
    sign_in(client, user)
    return user
