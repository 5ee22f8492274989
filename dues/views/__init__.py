"""Pages of the dues ledger (ledger.py) and of the rate table 党费标准 (rates.py)."""
