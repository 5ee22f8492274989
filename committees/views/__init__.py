"""Pages of committees: terms, elections and delays (terms.py), the secretaries' corps
(secretaries.py)."""
