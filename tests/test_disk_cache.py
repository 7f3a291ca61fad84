"""The on-disk cache of built data (the drug lexicon): read when valid, rebuilt when the data
changes or the file is damaged, never a reason for extraction to fail."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest

from pipeline import disk_cache
from pipeline.entities import lexicon as lexicon_mod


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    folder.mkdir()
    monkeypatch.setenv(disk_cache.ENV_DIR, str(folder))
    return folder


class Builder:
    """Builds the text of `source` and counts how often it was asked to."""

    def __init__(self, source: Path) -> None:
        self.source, self.calls = source, 0

    def __call__(self) -> object:
        self.calls += 1
        return {"text": self.source.read_text(encoding="utf-8")}


def decode(plain: object) -> str:
    assert isinstance(plain, dict)
    text = plain["text"]
    assert isinstance(text, str)
    return text


def test_a_second_read_comes_from_the_file(cache_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "words.txt"
    src.write_text("阿司匹林\n", encoding="utf-8")
    build = Builder(src)
    assert disk_cache.cached("t", [src], build, decode) == "阿司匹林\n"
    assert disk_cache.cached("t", [src], build, decode) == "阿司匹林\n"
    assert build.calls == 1
    assert [p.name for p in cache_dir.iterdir()] == [disk_cache.path_for("t", [src]).name]


def test_changed_data_is_built_again(cache_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "words.txt"
    src.write_text("阿司匹林\n", encoding="utf-8")
    build = Builder(src)
    disk_cache.cached("t", [src], build, decode)
    src.write_text("阿司匹林\n氯吡格雷\n", encoding="utf-8")
    assert disk_cache.cached("t", [src], build, decode) == "阿司匹林\n氯吡格雷\n"
    assert build.calls == 2
    # the same bytes again: the first file is still valid and is read
    src.write_text("阿司匹林\n", encoding="utf-8")
    assert disk_cache.cached("t", [src], build, decode) == "阿司匹林\n"
    assert build.calls == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",  # empty
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data[:-3] + bytes([data[-3] ^ 0xFF]) + data[-2:],  # one byte flipped
        lambda data: b"\x00" * len(data),  # zeros
    ],
    ids=["empty", "truncated", "flipped", "zeros"],
)
def test_a_damaged_file_is_rebuilt_and_rewritten(cache_dir: Path, tmp_path: Path, damage: object) -> None:
    src = tmp_path / "words.txt"
    src.write_text("阿司匹林\n", encoding="utf-8")
    build = Builder(src)
    disk_cache.cached("t", [src], build, decode)
    path = disk_cache.path_for("t", [src])
    assert callable(damage)
    path.write_bytes(damage(path.read_bytes()))
    assert disk_cache.cached("t", [src], build, decode) == "阿司匹林\n"
    assert build.calls == 2
    assert disk_cache.cached("t", [src], build, decode) == "阿司匹林\n"
    assert build.calls == 2  # the rewritten file is good


def test_a_sound_file_of_another_shape_is_rebuilt(cache_dir: Path, tmp_path: Path) -> None:
    """The digest is right but `decode` refuses what the file holds."""
    src = tmp_path / "words.txt"
    src.write_text("阿司匹林\n", encoding="utf-8")
    build = Builder(src)
    payload = marshal.dumps(["not", "a", "dict"])
    disk_cache.path_for("t", [src]).write_bytes(disk_cache._digest(payload) + payload)
    assert disk_cache.cached("t", [src], build, decode) == "阿司匹林\n"
    assert build.calls == 1


def test_an_unwritable_folder_only_costs_a_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "words.txt"
    src.write_text("阿司匹林\n", encoding="utf-8")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(disk_cache.ENV_DIR, str(blocker / "cache"))
    build = Builder(src)
    assert disk_cache.cached("t", [src], build, decode) == "阿司匹林\n"
    assert disk_cache.cached("t", [src], build, decode) == "阿司匹林\n"
    assert build.calls == 2


def test_the_lexicon_is_read_from_its_cache_file(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built = lexicon_mod.build()
    first = lexicon_mod.lexicon.__wrapped__()  # the function behind the per-process cache
    assert first == built
    assert disk_cache.path_for("lexicon", lexicon_mod.sources()).exists()

    def no_build() -> lexicon_mod.Lexicon:
        raise AssertionError("built although the cache file is valid")

    monkeypatch.setattr(lexicon_mod, "build", no_build)
    again = lexicon_mod.lexicon.__wrapped__()
    assert again == built
    # the same order of names as built: which name an automaton keeps for a key depends on it
    assert list(again.agents) == list(built.agents) and list(again.zh) == list(built.zh)
    assert again.jieba_words == built.jieba_words


def test_the_lexicon_key_covers_its_data_and_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    names = {p.name for p in lexicon_mod.sources()}
    assert {"drugs.json", "stems.tsv", "not_drugs.txt", "lexicon.py", "disk_cache.py"} <= names
    before = disk_cache.key_of(lexicon_mod.sources())
    copy = tmp_path / "stems.tsv"
    original = lexicon_mod.ROOT / "stems.tsv"
    copy.write_bytes(original.read_bytes() + b"\n")
    changed = [copy if p == original else p for p in lexicon_mod.sources()]
    assert disk_cache.key_of(changed) != before
