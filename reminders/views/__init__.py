"""Pages of the reminders: one's own inbox (inbox.py) and the 督办台账 of the officers (oversight.py)."""
