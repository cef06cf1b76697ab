"""Funding use cases: programmes and calls (admins), applications (organisers and carriers),
decisions, payouts and proof of use (funding officers), budgets and retrospective figures.

Every write takes the acting user, checks `permissions`, writes the audit log, flushes and never
commits. Amounts are integer cents throughout; `money` parses and formats them.
"""
