"""Writes of committees: terms, elections, posts and delays (terms.py); the secretaries' corps —
first secretaries, reserves, training, reviews and audits (secretaries.py)."""
