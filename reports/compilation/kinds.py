"""The kinds of document the engine makes: each registers what is its own, and the engine does the rest.

A kind brings its loader (what its parts are, read from the database), its templates (how a part looks) and its
layout (how the parts follow each other, with contents, bookmarks and a cover). The engine keys the parts, finds
them in the cache, renders the missing ones in batches, lays them out behind their front, merges and checks the
file, and runs all of it as jobs (reports.compilation.collection, .jobs).

The compilation of a consultation's inputs is the first kind (reports.compilation.inputs). Later kinds (the "Summary
of inputs", the "Report to the Commission") live in the apps above reports and register an instance from their
AppConfig.ready(), so that the engine never imports them.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import ClassVar

_KINDS: dict = {}


@dataclass
class DataPart:
    """A part of a kind whose parts are plain data (the summary's, the report's): its section, its heading, and what
    it shows (JSON-ready). Its anchor, the named destination where it starts, is PREFIX and its pk."""

    pk: str
    section: str
    title: str
    data: dict = field(default_factory=dict)
    PREFIX: ClassVar[str] = "part-"

    @property
    def anchor(self) -> str:
        return self.PREFIX + self.pk.replace(":", "-")


class DocumentKind:
    """What the engine asks of a kind of document: subclass it, fill it in, `register` an instance.

    A `spec` is the kind's own description of one document (for the compilation: the consultation, arrangement,
    edition, languages…): its `kind` attribute names the kind, its `language` that of the document's labels, and
    the engine hands it back to the kind untouched.
    A doc is the plain data one part shows; its `pk` names the part to the workers (JSON: an int or a string)."""

    name = ""
    part_template = "pdf/parts.html"  # given {"parts": [context(doc) for each doc], "title": title(spec)}

    # Its job: the Compilation row that asks for one document of the kind.

    def spec_of(self, compilation):
        """The spec of a Compilation row of this kind."""
        raise NotImplementedError

    def describe(self, compilation) -> str:
        """What a row of this kind is, as the lists of documents name it."""
        raise NotImplementedError

    def file_name(self, compilation, stamp: str) -> str:
        """The stored file's name."""
        return f"{compilation.consultation.slug}-{self.name}-{compilation.edition}-{stamp}.pdf"

    # Its loader: the methods that read the database.

    def fingerprint(self, spec) -> str:
        """What the document would be made from: the same fingerprint, the same file."""
        raise NotImplementedError

    def load(self, spec) -> tuple[Iterable, list]:
        """Every part's doc in the document's order (an iterable, read as it goes), and the docs the layout needs
        besides (`extras`: the compilation arranged by question appends the inputs' attachments)."""
        raise NotImplementedError

    def parts_of(self, spec, ids) -> list:
        """The whole docs of the parts whose pk is in `ids`, in the document's order: a batch a worker renders."""
        raise NotImplementedError

    def front(self, spec):
        """What the cover shows, as plain data (handed to `cover` and `metadata`)."""
        raise NotImplementedError

    # Its templates.

    def title(self, spec) -> str:
        """The running title on every part's pages, in the labels' language (part of each part's key)."""
        raise NotImplementedError

    def shown(self, doc) -> dict:
        """What a part shows, hashed into its key: the same for a part that looks the same, wherever it was read."""
        raise NotImplementedError

    def context(self, doc) -> dict:
        """One part as the part template reads it."""
        raise NotImplementedError

    def weight(self, doc) -> int:
        """About what rendering the part costs (in characters of text): batches are cut by it."""
        raise NotImplementedError

    def notes(self, doc) -> list[str]:
        """Lines for the document's log about this doc (a part's doc or an extra)."""
        return []

    def label(self, doc) -> str:
        """What the log calls a part's doc (an input's reference)."""
        return ""

    def slim(self, doc):
        """What the layout keeps of a doc once its part is keyed (memory stays flat in the number of parts)."""
        return doc

    def whole(self, spec, kept, ids) -> list:
        """A batch's docs whole again, in its order, from what was kept of them (`slim`) and their pks."""
        read = {doc.pk: doc for doc in self.parts_of(spec, ids)}
        return [read[pk] for pk in ids]

    def to_data(self, doc) -> dict:
        """A doc as JSON-ready data: what a collection keeps in its work file between a job's start and its merge."""
        raise NotImplementedError

    def from_data(self, data):
        """The doc `to_data` gave."""
        raise NotImplementedError

    def present(self, doc) -> bool:
        """Whether the files a doc kept in a work file brings into the document (an attachment it appends) are on
        this host's disk; if not, the merge reads the docs again."""
        return True

    # Its layout.

    def layout(self, spec, docs, parts, extras):
        """The body: a reports.compilation.layout.Layout of the parts (all rendered), in order."""
        raise NotImplementedError

    def cover(self, spec, front, *, contents: bool, generated_at) -> bytes:
        """The cover's pages as a PDF (contents: whether contents follow it)."""
        raise NotImplementedError

    def metadata(self, spec, front) -> tuple[str, str]:
        """The PDF's title and subject."""
        raise NotImplementedError

    def keywords(self, spec, front) -> list[str]:
        """The PDF's keywords: what a library's catalogue would file it under."""
        return []


def register(kind: DocumentKind) -> DocumentKind:
    """Make a kind of document known to the engine by its name; returns it."""
    if not kind.name:
        raise ValueError("A kind of document needs a name.")
    known = _KINDS.setdefault(kind.name, kind)
    if known is not kind:
        raise ValueError(f"A kind of document named {kind.name!r} is registered already: {known!r}.")
    return kind


def get(name: str) -> DocumentKind:
    """The kind registered under `name`."""
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"No kind of document is registered as {name!r}.") from None


def of(spec) -> DocumentKind:
    """The kind a spec describes a document of."""
    return get(spec.kind)
