"""Exceptions of kommunegraf: one hierarchy, each with the exit code the CLI uses.

The library raises these; only :mod:`kg.cli` turns them into a one-line message on stderr.

>>> try:
...     raise UnknownQueryError("nope", ["counties"])
... except KgError as error:
...     (error.exit_code, str(error))
(2, "unknown query 'nope'; known queries: counties")
"""

from __future__ import annotations


class KgError(Exception):
    """Base class: a problem the user can fix, reported as one line."""

    exit_code = 2


class InputError(KgError):
    """A file, option or value given by the user is not usable."""


class UnknownQueryError(InputError):
    """A canned query name that does not exist."""

    def __init__(self, name: str, known: list[str]):
        super().__init__(f"unknown query {name!r}; known queries: {', '.join(sorted(known))}")
        self.name = name
        self.known = known


class ParameterError(InputError):
    """A query parameter is missing, unknown or has a value of the wrong form."""


class QuerySyntaxError(InputError):
    """SPARQL text that does not parse; the message carries line and column."""


class ReadOnlyQueryError(InputError):
    """An update was given where only queries are allowed."""


class ReferenceDataError(KgError):
    """The reference tables are inconsistent (a bug in the shipped data, not user input)."""


class StoreError(KgError):
    """The store cannot be opened or written."""

    exit_code = 3


class StoreBusyError(StoreError):
    """Another process holds the store's write lock."""


class OutboundRequestError(InputError):
    """A query or update would make the store contact another host (``SERVICE``, ``LOAD``) that
    the operator has not allowed."""


class StoreNotWritableError(StoreError):
    """The store's folder cannot be written (permissions, a read-only file system, a full disk);
    it may still be read (see :func:`kg.store.open_store_for_reading`)."""


class OutputError(KgError):
    """A file the user asked for cannot be written: a full disk, no permission (exit code 3, as
    for a store that cannot be written: the input was fine, the machine refused)."""

    exit_code = 3


class LanguageModelError(KgError):
    """The shipped Norwegian pipeline is missing or cannot be loaded (a broken install, not user
    input)."""

    exit_code = 3
