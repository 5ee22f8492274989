"""Pages of organizational life: records (records.py), compliance tables and rules (compliance.py),
a member's organizational-life facts (member.py)."""
