"""Training: residents' interview training, its expiry, and whether they are ready to score.

The rule itself lives in ``eligibility.py`` as plain functions over plain values, so it can be
read, tested and explained without the web app or the database.
"""
