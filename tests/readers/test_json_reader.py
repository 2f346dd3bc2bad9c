"""JSON, JSONL and JSONL.gz articles: key aliases, per-line errors, streaming, totality."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bilat.article import Article, InputError, content_id
from bilat.readers.jsonfile import read_json_file, read_json_stream, read_jsonl

TEXT = "Officials from Chile and Peru signed a fisheries accord in Lima on Tuesday."


def _article(**fields: object) -> dict[str, object]:
    return {"id": "a1", "url": "https://example.org/a1", "outlet": "Andes Wire", "text": TEXT,
            "published": "2024-10-04T11:44:00+04:00", "title": "Fisheries accord",
            "author": "R. Quispe", "category": "cooperation", **fields}  # fmt: skip


def test_single_object_file(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(_article(), indent=2))
    [article] = list(read_json_file(str(path)))
    assert isinstance(article, Article)
    assert article.id == "a1"
    assert article.text == TEXT
    assert article.published == "2024-10-04T11:44:00+04:00"
    assert (article.url, article.outlet, article.title) == (
        "https://example.org/a1", "Andes Wire", "Fisheries accord"
    )  # fmt: skip
    assert article.author == "R. Quispe"
    assert article.source == str(path)


def test_list_file_and_aliases(tmp_path: Path) -> None:
    path = tmp_path / "many.json"
    items = [
        {"content": TEXT, "date": "October 4, 2024"},
        {"body": "LIMA, Oct 4 (Reuters) - " + TEXT, "publish_date": "2024-10-04"},
        {"title": "no text here"},
        "not an object",
    ]
    path.write_text(json.dumps(items))
    first, second, third, fourth = list(read_json_file(str(path)))
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.id == content_id(TEXT)
    assert first.published == "2024-10-04"
    assert (second.published, second.dateline_place) == ("2024-10-04", "Lima")
    assert isinstance(third, InputError) and third.source == f"{path}[2]"
    assert "missing or empty text" in third.message
    assert isinstance(fourth, InputError) and fourth.source == f"{path}[3]"


def test_malformed_line_in_the_middle(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [json.dumps(_article(id="x1")), '{"id": "x2", "text": "broken', "",
             json.dumps(_article(id="x3"))]  # fmt: skip
    path.write_text("\n".join(lines) + "\n")
    results = list(read_json_file(str(path)))
    assert [type(r) for r in results] == [Article, InputError, Article]
    assert results[0].source == f"{path}:1"
    assert isinstance(results[1], InputError)
    assert results[1].source == f"{path}:2"
    assert results[1].message.startswith("malformed JSON: ")
    assert isinstance(results[2], Article)
    assert (results[2].id, results[2].source) == ("x3", f"{path}:4")


def test_missing_and_empty_text(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "1"}\n{"id": "2", "text": "   "}\n[1, 2]\n')
    results = list(read_json_file(str(path)))
    assert all(isinstance(r, InputError) for r in results)
    assert [r.source for r in results] == [f"{path}:1", f"{path}:2", f"{path}:3"]


def test_jsonl_gz(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for n in range(3):
            out.write(json.dumps(_article(id=f"g{n}")) + "\n")
    assert [a.id for a in read_json_file(str(path)) if isinstance(a, Article)] == ["g0", "g1", "g2"]


def test_corrupt_gz_reports_and_stops(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl.gz"
    data = gzip.compress(("\n".join(json.dumps(_article(id=str(n))) for n in range(200))).encode())
    path.write_bytes(data[: len(data) // 2])
    results = list(read_json_file(str(path)))
    assert isinstance(results[-1], InputError)
    assert results[-1].source == str(path)
    assert "unreadable data" in results[-1].message


def test_empty_files(tmp_path: Path) -> None:
    for name in ("e.json", "e.jsonl"):
        path = tmp_path / name
        path.write_bytes(b"")
        assert list(read_json_file(str(path))) == [InputError(str(path), "empty file")]


def test_bad_published_is_a_warning_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_text(json.dumps({"text": TEXT, "published": "sometime soon"}))
    [article] = list(read_json_file(str(path)))
    assert isinstance(article, Article)
    assert article.published is None
    assert article.warnings == ["unrecognised published value 'sometime soon' ignored"]


def test_lone_surrogate_replaced() -> None:
    [article] = list(read_jsonl([b'{"text": "Talks in Quito \\ud800 ended."}'], "s.jsonl"))
    assert isinstance(article, Article)
    assert article.text == "Talks in Quito \ufffd ended."


def test_stream_detects_jsonl_and_single_object() -> None:
    jsonl = (json.dumps(_article(id="s1")) + "\n\n" + json.dumps(_article(id="s2")) + "\n").encode()
    results = list(read_json_stream(io.BytesIO(jsonl), "<stdin>"))
    assert [(r.id, r.source) for r in results if isinstance(r, Article)] == [
        ("s1", "<stdin>:1"), ("s2", "<stdin>:3")
    ]  # fmt: skip
    single = (json.dumps(_article(id="s3")) + "\n\n").encode()
    [article] = list(read_json_stream(io.BytesIO(single), "<stdin>"))
    assert isinstance(article, Article) and article.source == "<stdin>"


class _CountingLines:
    """An iterable of lines that records how far it has been read."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.read = 0

    def __iter__(self) -> _CountingLines:
        return self

    def __next__(self) -> bytes:
        if self.read >= self.n:
            raise StopIteration
        self.read += 1
        return json.dumps({"id": str(self.read), "text": TEXT}).encode() + b"\n"


def test_jsonl_streams_line_by_line() -> None:
    lines = _CountingLines(10_000)
    results = read_jsonl(lines, "big.jsonl")
    first = next(results)
    assert isinstance(first, Article) and first.id == "1"
    assert lines.read == 1
    assert sum(1 for _ in results) == 9_999


_lines = st.lists(
    st.one_of(
        st.text().filter(lambda s: "\n" not in s),
        st.builds(
            json.dumps,
            st.dictionaries(
                st.sampled_from(["id", "text", "content", "body", "published", "date", "author",
                                 "title", "url", "outlet", "language", "source"]),
                st.one_of(st.none(), st.text(), st.integers(), st.floats(), st.booleans(),
                          st.lists(st.text(), max_size=3)),
            ),
        ),
        st.binary().filter(lambda b: b"\n" not in b),
    ),
    max_size=12,
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(_lines)
def test_jsonl_total_one_result_per_line(lines: list[str | bytes]) -> None:
    raw = [line.encode("utf-8", "surrogatepass") if isinstance(line, str) else line
           for line in lines]  # fmt: skip
    results = list(read_jsonl(raw, "h.jsonl"))
    expected = [f"h.jsonl:{n}" for n, line in enumerate(raw, start=1) if line.strip()]
    if not expected:
        assert results == [InputError("h.jsonl", "empty file")]
        return
    assert [r.source for r in results] == expected
    for result in results:
        if isinstance(result, Article):
            result.text.encode("utf-8")  # always encodable: ids and writers rely on it
            assert result.text.strip()
