"""Many-to-many association tables."""

from sqlalchemy import Column, ForeignKey, Index, Table

from actiondays.db import Base

event_themes = Table(
    "event_themes",
    Base.metadata,
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id", ondelete="RESTRICT"), primary_key=True),
    # The events of a theme (the theme filter) without reading the whole table.
    Index("ix_event_themes_theme_event", "theme_id", "event_id"),
)
project_themes = Table(
    "project_themes",
    Base.metadata,
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id", ondelete="RESTRICT"), primary_key=True),
)
project_campaigns = Table(
    "project_campaigns",
    Base.metadata,
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column("campaign_id", ForeignKey("campaigns.id", ondelete="RESTRICT"), primary_key=True),
)
user_regions = Table(
    "user_regions",
    Base.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("region_id", ForeignKey("regions.id", ondelete="RESTRICT"), primary_key=True),
)
