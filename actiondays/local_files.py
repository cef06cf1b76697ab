"""Files a host keeps for itself under `instance/` (or a configured directory): rendered PDFs
and feed bodies. They are caches of what the database holds, so each host may fill its own.

Files are written atomically (a temp file in the same directory, then a rename): several
workers may race to fill the same name without anyone ever reading half a file.
"""

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from flask import current_app


def cache_directory(config_key: str, default_name: str) -> Path:
    """The directory named by `config_key`, else `instance/<default_name>`; created if missing."""
    configured = current_app.config.get(config_key)
    path = Path(configured) if configured else Path(current_app.instance_path) / default_name
    path.mkdir(parents=True, exist_ok=True)
    return path


class AtomicFile:
    """A file written under a temporary name and renamed into place by `commit`; used as a
    context manager, a file not committed by the end of the block is removed."""

    def __init__(self, directory: Path):
        handle, self.temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
        self.file = os.fdopen(handle, "wb")
        self.committed = False

    def __enter__(self) -> "AtomicFile":
        return self

    def __exit__(self, *_exc) -> None:
        if not self.committed:
            self.discard()

    def write(self, data: bytes) -> None:
        self.file.write(data)

    def commit(self, target: Path) -> None:
        self.file.close()
        os.replace(self.temporary, target)
        self.committed = True

    def discard(self) -> None:
        self.file.close()
        Path(self.temporary).unlink(missing_ok=True)


def write_atomically(target: Path, chunks: Iterable[bytes]) -> None:
    """Write `chunks` to `target` so that readers see the old file or the whole new one."""
    with AtomicFile(target.parent) as out:
        for chunk in chunks:
            out.write(chunk)
        out.commit(target)
