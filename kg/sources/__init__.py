"""Article sources: loaders that turn files into :class:`Article` records, registered by name.

A loader is a function ``(path) -> Iterable[Article | Problem]`` registered with :func:`register`
under a name and the file endings it reads; built-ins register the same way a plug-in would. A
loader yields a :class:`Problem` for an item it cannot read (a broken JSON line) and goes on, or
raises :class:`~kg.errors.InputError` when the whole file is unreadable; :func:`load` either stops
at the first problem (the default) or hands each to ``on_problem`` and goes on with the rest.

No record is read whole beyond :data:`MAX_RECORD_BYTES` (a JSON line, a page, a feed), and no
article is longer than :data:`~kg.sources.text.PART_CHARS` characters: a longer text is cut at
paragraph breaks into parts, each an article of its own, as a large ``.txt`` file is.

>>> sorted(loader_names())
['feed', 'html', 'jsonl', 'text']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from kg.errors import InputError


@dataclass(frozen=True)
class Article:
    """One article: its text and what is known about it."""

    id: str
    text: str
    title: str | None = None
    date: date | None = None
    url: str | None = None
    publisher: str | None = None
    language: str | None = None  # "nb" or "nn"
    source: str | None = None  # the file it came from


@dataclass(frozen=True)
class Problem:
    """An input that cannot be read: where (``file`` or ``file:line``) and what is wrong."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


Loader = Callable[[Path], Iterable["Article | Problem"]]
_LOADERS: dict[str, tuple[Loader, tuple[str, ...]]] = {}
_BOUNDED: set[Loader] = set()

#: The most of one input record that is read whole: a JSON line, an HTML page, a feed file. The
#: HTML parser's time grows faster than the page (10 MB 9 s, 20 MB 32 s), and a JSON line is
#: held in memory several times over while it is decoded; real articles are far below this.
MAX_RECORD_BYTES = 16 * 1024 * 1024
#: Characters in one article at most; a longer text (a dump of many, most likely) comes in parts
#: of about this size: about a hundred long news articles.
PART_CHARS = 256 * 1024


def register(name: str, suffixes: tuple[str, ...], *, bounded: bool = False) -> Callable[[Loader], Loader]:
    """Register a loader under ``name`` for files ending in ``suffixes`` (e.g. ``(".txt",)``).

    A ``bounded`` loader reads a file in pieces and takes a keyword ``max_record_bytes``, the most
    it may hold of one record (it reports a longer one as a :class:`Problem`); any other loader
    reads a file whole, so a file larger than that is refused before it is read.
    """
    def decorate(loader: Loader) -> Loader:
        _LOADERS[name] = (loader, tuple(s.lower() for s in suffixes))
        if bounded:
            _BOUNDED.add(loader)
        return loader
    return decorate


def megabytes(size: int) -> str:
    """A size in bytes as the messages give it: ``megabytes(16 * 1024 * 1024) == "16 MB"``."""
    return f"{size / 2**20:.{0 if size % 2**20 == 0 else 1}f} MB"


def loader_names() -> list[str]:
    return list(_LOADERS)


def get_loader(name: str) -> Loader:
    if name not in _LOADERS:
        raise InputError(f"unknown loader {name!r}; known loaders: {', '.join(sorted(_LOADERS))}")
    return _LOADERS[name][0]


def loader_for(path: Path) -> Loader:
    """The loader registered for ``path``'s ending."""
    for loader, suffixes in _LOADERS.values():
        if path.suffix.lower() in suffixes:
            return loader
    known = sorted(s for _, suffixes in _LOADERS.values() for s in suffixes)
    raise InputError(f"{path}: no loader reads {path.suffix or 'files without an ending'}; known: {', '.join(known)}")


def load(paths: Iterable[str | Path], loader: str | None = None, *,
         on_problem: Callable[[Problem], None] | None = None, max_record_bytes: int = MAX_RECORD_BYTES,
         part_chars: int = PART_CHARS) -> Iterable[Article]:
    """Articles from files and folders (recursively, in sorted order), by ending or by ``loader``;
    an article whose loader did not say its language gets the one :func:`detect_language` finds.

    A record larger than ``max_record_bytes`` is a problem (it is not read); an article longer than
    ``part_chars`` characters comes as parts cut at paragraph breaks (:func:`in_parts`).

    An unreadable file or item raises :class:`~kg.errors.InputError` naming it, unless
    ``on_problem`` is given: then it is called with the :class:`Problem` and loading goes on.
    A path that does not exist and an unknown loader are errors either way.
    """
    if max_record_bytes < 1 or part_chars < 64:
        raise InputError(f"limits too small: {max_record_bytes} bytes a record, {part_chars} characters a part")
    for item in _load(paths, loader, max_record_bytes, part_chars):
        if isinstance(item, Problem):
            if on_problem is None:
                raise InputError(str(item))
            on_problem(item)
        else:
            yield item if item.language else replace(item, language=detect_language(item.text))


def _load(paths: Iterable[str | Path], loader: str | None, max_record_bytes: int,
          part_chars: int) -> Iterable[Article | Problem]:
    indexes: dict[Path, dict] = {}
    read_with = get_loader(loader) if loader else None

    def read(file: Path) -> Iterable[Article | Problem]:
        # an index.jsonl beside the file fills in what plain text cannot carry (kg.sources.metadata)
        try:
            if file.parent not in indexes:
                indexes[file.parent] = folder_index(file.parent)
            index = indexes[file.parent]
            reader = read_with or loader_for(file)
            if reader in _BOUNDED:
                items = reader(file, max_record_bytes=max_record_bytes)
            elif file.stat().st_size > max_record_bytes:
                yield Problem(str(file), f"larger than {megabytes(max_record_bytes)}, the most read of one "
                                         "record (it cannot be cut safely)")
                return
            else:
                items = reader(file)
            for item in items:
                if isinstance(item, Article):
                    item = _unicode_fields(item)
                    yield from in_parts(with_metadata(item, index.get(item.id)), part_chars)
                else:
                    yield item
        except InputError as error:
            where, _, message = str(error).partition(": ")
            yield Problem(where, message) if message else Problem(str(file), where)
        except OSError as error:
            yield Problem(str(file), f"cannot read ({error.strerror or error})")

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")
                           and p.name != INDEX_NAME)
            for file in files:
                if loader or any(file.suffix.lower() in s for _, s in _LOADERS.values()):
                    yield from read(file)
        elif path.is_file():
            yield from read(path)
        elif path.exists():  # never opened: reading a FIFO would wait for a writer
            raise InputError(f"{path}: not a regular file ({_kind(path)})")
        else:
            raise InputError(f"{path}: no such file or folder")


def in_parts(article: Article, part_chars: int = PART_CHARS) -> Iterable[Article]:
    """``article``, or if its text is longer than ``part_chars``, its text in parts cut at paragraph
    breaks (else line ends, sentence ends, spaces), each an article of its own with the same id
    and metadata; a part's URL gets a ``#part-N`` fragment so that each has an IRI of its own.

    >>> [(a.text, a.url) for a in in_parts(Article("a", "Første.\\n\\nAndre avsnitt.", url="https://x.no/a"), 64)]
    [('Første.\\n\\nAndre avsnitt.', 'https://x.no/a')]
    """
    if len(article.text) <= part_chars:
        yield article
        return
    for number, part in enumerate(split_text(article.text, part_chars), start=1):
        yield replace(article, text=part, source=f"{article.source} (part {number})",
                      url=f"{article.url}#part-{number}" if article.url else None)


def _kind(path: Path) -> str:
    for test, kind in (("is_fifo", "a FIFO"), ("is_socket", "a socket"), ("is_char_device", "a character device"),
                       ("is_block_device", "a block device")):
        if getattr(path, test)():
            return kind
    return "not a file or folder"


def _unicode_fields(article: Article) -> Article:
    """``article`` with no lone surrogates in its strings, which no store can hold: those of a file
    name's bytes that are not UTF-8 (Python keeps them as surrogates) decoded the way text is
    (:func:`~kg.sources.text.decode_name`), and any other (half of a JSON ``\\ud83d`` pair) as U+FFFD.

    >>> _unicode_fields(Article(id="caf\\udce9", text="x\\ud83d")).id, _unicode_fields(Article("a", "x\\ud83d")).text
    ('café', 'x\\ufffd')
    """
    fields = {name: decode_name(value) for name in ("id", "text", "title", "url", "publisher", "source")
              if isinstance(value := getattr(article, name), str) and not _is_unicode(value)}
    return replace(article, **fields) if fields else article


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# Built-in loaders register themselves on import.
from kg.sources import feed, html, jsonl, text  # noqa: E402,F401
from kg.sources.language import detect_language  # noqa: E402
from kg.sources.metadata import INDEX_NAME, folder_index, with_metadata  # noqa: E402
from kg.sources.text import decode_name, split_text  # noqa: E402
