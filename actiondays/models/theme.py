"""Themes of events and projects; data, not code, so more can be added."""

from flask_babel import get_locale
from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from actiondays.db import Base


class Theme(Base):
    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name_de: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Optimistic lock: an edit based on an older version is refused (StaleEdit, 409).
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    @property
    def name(self) -> str:
        """The name in the current interface language (German outside a request)."""
        try:
            language = get_locale().language
        except (RuntimeError, AttributeError):
            language = "de"
        return self.name_en if language == "en" else self.name_de

    def __repr__(self) -> str:
        return f"<Theme {self.slug}>"
