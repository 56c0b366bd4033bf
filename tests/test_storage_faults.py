"""Storage faults through the real CLI: a full disk, a read-only folder, an index that is a file,
an emptied or damaged sessions file. Each: the exit code, one clear message, no traceback, and
every answer that was acknowledged still on disk."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys

import pytest

from agent.config import load_settings
from agent.interview.runtime import Runtime
from tests.support.mounts import fill, read_only, tmpfs
from tests.support.terminal import Terminal

FIRST = "We predict the probability that a shown ad is clicked, to rank ads by expected value."
SECOND = "Offline I would use log loss and PR-AUC, since positives are about one percent."


def mlsd(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "agent", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "MLSD_OFFLINE": "1", **env},
        timeout=300,
    )


def answers_on_disk(data, session: str) -> list[str]:
    runtime = Runtime(load_settings(data_dir=data, offline=True), retriever=None, read_only=True)
    turns = runtime.interview(session).turns
    runtime.close()
    return [t["text"] for t in turns if t["role"] == "candidate"]


def saved_session(data, session: str, answers: tuple[str, ...] = (FIRST,)) -> None:
    runtime = Runtime(load_settings(data_dir=data, offline=True), retriever=None)
    interview = runtime.interview(session)
    list(interview.start(question_id="ads-ctr", question_text="Predict ad clicks.", at=0))
    for n, text in enumerate(answers):
        list(interview.send(text, at=10 * (n + 1)))
    runtime.close()  # the last connection folds the write-ahead log into the file


def one_clear_line(done: subprocess.CompletedProcess, *words: str) -> None:
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: "), done.stderr
    for word in words:
        assert word in done.stderr, done.stderr


def test_a_full_disk_hands_the_answer_back_and_takes_it_when_space_returns(tmp_path, built_index):
    with tmpfs(tmp_path / "small", "64m") as data:
        shutil.copytree(built_index, data / "index")
        env = {"MLSD_DATA_DIR": str(data), "MLSD_OFFLINE": "1"}
        terminal = Terminal("--question", "ads-ctr", "--session", "full", env=env)
        terminal.expect()
        terminal.answer(FIRST)
        filler = fill(data)
        refused = terminal.answer(SECOND)
        assert "could not save to" in refused and "disk is full" in refused, refused
        assert "free some space there" in refused and f'send again: "{SECOND}"' in refused
        filler.unlink()
        terminal.answer(SECOND)
        assert terminal.quit() == 0
        assert "Traceback" not in terminal.output, terminal.output
        assert answers_on_disk(data, "full") == [FIRST, SECOND]


def test_a_read_only_folder_can_still_be_listed_and_exported(tmp_path):
    with tmpfs(tmp_path / "ro") as data:
        saved_session(data, "kept")
        read_only(data)
        env = {"MLSD_DATA_DIR": str(data)}
        listed = mlsd("sessions", env=env)
        assert listed.returncode == 0 and "kept" in listed.stdout, listed.stderr
        exported = mlsd("export", "kept", env=env)
        assert exported.returncode == 0 and FIRST in exported.stdout, exported.stderr
        one_clear_line(mlsd("interview", "--session", "kept", env=env), str(data), "MLSD_DATA_DIR")


def test_an_index_that_is_a_file_costs_grounding_not_the_interview(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "index").write_text("not a folder")
    env = {"MLSD_DATA_DIR": str(data)}
    for run in range(2):  # a new interview, then a resume: neither may crash
        terminal = Terminal("--question", "ads-ctr", "--session", "idx", env=env)
        terminal.expect()
        said = terminal.answer(FIRST if run == 0 else SECOND)
        assert terminal.quit() == 0
        assert "Traceback" not in terminal.output, terminal.output
        assert "knowledge index is unavailable" in said + terminal.output
    assert answers_on_disk(data, "idx") == [FIRST, SECOND]


def test_an_emptied_sessions_file_is_never_reused_for_a_new_interview(tmp_path):
    data = tmp_path / "data"
    saved_session(data, "old")
    store = data / "sessions.sqlite"
    store.write_bytes(b"")
    env = {"MLSD_DATA_DIR": str(data)}
    for command in (("interview", "--session", "old"), ("sessions",), ("export", "old")):
        one_clear_line(mlsd(*command, env=env), str(store), "empty", "mlsd sessions --repair")
    assert store.stat().st_size == 0  # nothing was written into it
    repaired = mlsd("sessions", "--repair", env=env)
    assert repaired.returncode == 0 and "holds 0 session(s)" in repaired.stdout
    assert [p.name for p in data.glob("sessions.sqlite.damaged-*")]  # the old file is kept
    saved_session(data, "new")
    assert answers_on_disk(data, "new") == [FIRST]


def test_a_damaged_header_is_never_written_to(tmp_path):
    data = tmp_path / "data"
    saved_session(data, "old")
    store = data / "sessions.sqlite"
    with open(store, "r+b") as damaged:
        damaged.write(b"this is no database header")
    before = hashlib.sha256(store.read_bytes()).hexdigest()
    env = {"MLSD_DATA_DIR": str(data)}
    for command in (("interview", "--question", "ads-ctr"), ("sessions",)):
        one_clear_line(mlsd(*command, env=env), "is damaged (file is not a database)")
    assert hashlib.sha256(store.read_bytes()).hexdigest() == before
    repaired = mlsd("sessions", "--repair", env=env)
    assert repaired.returncode == 0 and "Kept the damaged file as" in repaired.stdout
    assert mlsd("sessions", env=env).returncode == 0


def test_damaged_pages_are_reported_and_repair_keeps_what_reads(tmp_path):
    data = tmp_path / "data"
    sessions = [f"s{n}" for n in range(6)]
    for session in sessions:
        saved_session(data, session, (FIRST, SECOND))
    store = data / "sessions.sqlite"
    size = store.stat().st_size
    with open(store, "r+b") as damaged:  # scribble over one page two thirds in
        damaged.seek((size * 2 // 3) // 4096 * 4096)
        damaged.write(os.urandom(4096))
    env = {"MLSD_DATA_DIR": str(data)}
    one_clear_line(mlsd("interview", "--session", "s0", env=env), str(store), "is damaged")
    repaired = mlsd("sessions", "--repair", env=env)
    assert repaired.returncode == 0, repaired.stderr
    kept = int(repaired.stdout.split("holds ")[1].split(" ")[0])
    assert 1 <= kept <= len(sessions), repaired.stdout
    listed = mlsd("sessions", env=env)
    assert listed.returncode == 0 and "Traceback" not in listed.stderr
    assert len(listed.stdout.strip().splitlines()) == kept


def test_the_database_server_going_away_hands_the_answer_back(monkeypatch):
    from agent.interview.store import StorageError
    from tests.support import parts
    from tests.support.postgres import PostgresServer

    try:
        server = PostgresServer()  # its own, since this test stops it
    except (FileNotFoundError, RuntimeError) as why:
        parts.missing(f"PostgreSQL unavailable: {why}")
    monkeypatch.setenv("MLSD_CHECKPOINT_URL", server.new_database())
    runtime = Runtime(load_settings(offline=True), retriever=None)
    interview = runtime.interview()
    list(interview.start(question_id="ads-ctr", question_text="Predict ad clicks."))
    list(interview.send(FIRST))
    server.stop()
    late = "Offline I would track log loss and calibration."
    with pytest.raises(StorageError) as failed:
        list(interview.send(late))
    assert late in str(failed.value) and "check that the database server is up" in str(failed.value)
    with pytest.raises(StorageError, match="cannot read session .* nothing was lost"):
        interview.values  # noqa: B018 - reading is what fails
    runtime.close()


def test_a_repair_keeps_who_owns_each_session(tmp_path):
    from agent.interview.store import repair

    settings = load_settings(data_dir=tmp_path / "data", offline=True)
    runtime = Runtime(settings, retriever=None)
    list(runtime.interview("mine", user="ada").start(question_id="ads-ctr", question_text="Ads."))
    runtime.close()
    aside, saved = repair(tmp_path / "data" / "sessions.sqlite")  # every row reads: all copied
    assert saved == 1 and aside.exists()
    runtime = Runtime(settings, retriever=None)
    assert [s.id for s in runtime.sessions(user="ada")] == ["mine"]
    assert runtime.sessions(user="local") == []  # not handed to the local user
    runtime.close()
