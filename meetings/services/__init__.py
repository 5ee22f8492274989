"""Writes of organizational life: meeting records (records.py), requirements and plans
(requirements.py), a member's facts behind the art. 9 rule (member_life.py)."""
