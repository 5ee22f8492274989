"""Writes of the dues ledger (ledger.py: bases, payments, reversals) and of the rate table (rates.py)."""
