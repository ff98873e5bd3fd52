"""Printed interview packs: numbered copies, and a record of papers coming back."""
