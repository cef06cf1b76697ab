"""Files written atomically: readers see the old file or the whole new one, and a write that
fails leaves no temporary file behind."""

import pytest

from actiondays.local_files import AtomicFile, write_atomically


def _chunks_then_failure():
    yield b"halb"
    raise OSError("disk full")


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "feed.ics"
    write_atomically(target, [b"alt"])
    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, _chunks_then_failure())
    assert target.read_bytes() == b"alt"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feed.ics"]


def test_a_file_not_committed_is_removed_at_the_end_of_its_block(tmp_path):
    with AtomicFile(tmp_path) as out:
        out.write(b"nie fertig")
    assert list(tmp_path.iterdir()) == []
    with AtomicFile(tmp_path) as out:
        out.write(b"fertig")
        out.commit(tmp_path / "done")
    assert [p.name for p in tmp_path.iterdir()] == ["done"]
    assert (tmp_path / "done").read_bytes() == b"fertig"
