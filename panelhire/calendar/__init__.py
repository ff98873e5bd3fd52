"""Calendar invites, personal feeds, and what residents without email are given instead."""
