"""Moved to `actiondays.demo` (tooling, not a use case); re-exported here for one release."""

from actiondays.demo import DEMO_PASSWORD, DemoExists, create_demo_data

__all__ = ["DEMO_PASSWORD", "DemoExists", "create_demo_data"]
