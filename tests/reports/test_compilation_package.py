"""The document engine keeps its shape: one package, imports one way, and only its loaders and jobs query.

reports/compilation/ is a stack: files, locks, attachments and stream at the bottom, then render and merge, the
compilation's documents and layout, the registry of kinds and the first kind (inputs), the collection pass, and
jobs on top, the one entry point of views, commands and tasks. It imports nothing above reports (no view, no task,
no service), nothing inside a function, and no module of it imports another back. documents.py reads the inputs
and jobs.py the Compilation rows: fed with prepared docs, everything else reads nothing.
"""

import ast
import functools
import importlib
import importlib.util
import re
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from pypdf import PdfReader

from accounts import services as account_services
from reports import compilation
from reports.compilation import collection, documents, files, jobs, layout
from reports.compilation.inputs import KIND, Spec
from tests.factories import InputFactory, OrganisationFactory, category, country

PACKAGE = Path(compilation.__file__).parent
MODULES = sorted(path.stem for path in PACKAGE.glob("*.py") if path.stem != "__init__")
FIRST_PARTY = {"accounts", "api", "bench", "config", "consultations", "groups", "outbox", "reports", "review", "tests"}
# What the engine may use below it: models and read-side queries, the outbox, the balance counts.
BELOW = {
    "accounts.models",
    "accounts.queries",
    "accounts.roles",
    "consultations.models",
    "consultations.public_cache",
    "outbox.services",
    "reports.balance",
    "reports.models",
}
QUERYING = {"documents", "jobs"}  # the inputs; the Compilation rows
KIND_AGNOSTIC = {"files", "locks", "attachments", "stream", "render", "merge", "kinds", "collection"}


@functools.cache
def tree(module: str) -> ast.Module:
    return ast.parse((PACKAGE / f"{module}.py").read_text())


def imported(module: str) -> list[tuple[str, ast.AST]]:
    """(module name, node) of every import in a module of the package, wherever it is."""
    found = []
    for node in ast.walk(tree(module)):
        if isinstance(node, ast.Import):
            found += [(alias.name, node) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):  # a module's names, or modules of a package ("from reports import x")
            base = node.module or ""
            found += [(_module(base, alias.name), node) for alias in node.names]
    return found


def _module(base: str, name: str) -> str:
    if base.split(".")[0] not in FIRST_PARTY or not hasattr(importlib.import_module(base), "__path__"):
        return base  # a module's names
    return f"{base}.{name}" if importlib.util.find_spec(f"{base}.{name}") else base


PACKAGED = {f"reports.compilation.{module}" for module in MODULES}


def within(module: str) -> set[str]:
    """The modules of the package a module imports."""
    return {name.rsplit(".", 1)[1] for name, _node in imported(module) if name in PACKAGED}


@pytest.mark.parametrize("module", MODULES)
def test_the_engine_imports_at_the_top_and_nothing_above_it(module):
    at_top = {id(node) for node in tree(module).body}
    for name, node in imported(module):
        assert id(node) in at_top, f"{module}.py imports {name} inside a function (line {node.lineno})"
        if name.split(".")[0] in FIRST_PARTY:
            assert name in BELOW or name in PACKAGED, f"{module}.py imports {name}: not below the engine"


def test_the_engine_imports_one_way_and_only_the_jobs_name_the_first_kind():
    graph = {module: within(module) for module in MODULES}
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as error:
        pytest.fail(f"the package's modules import each other in a circle: {error.args[1]}")
    assert order.index("jobs") == len(order) - 1  # on top of everything
    assert [module for module in MODULES if "inputs" in graph[module]] == ["jobs"]
    for module in KIND_AGNOSTIC:  # what every kind uses knows none (the registry hands the kind over)
        assert not graph[module] & {"documents", "inputs"}, f"{module}.py names the compilation's own modules"


@pytest.mark.parametrize("module", sorted(set(MODULES) - QUERYING))
def test_only_the_loaders_and_the_jobs_reach_the_orm(module):
    source = (PACKAGE / f"{module}.py").read_text()
    names = {name for name, _node in imported(module)}
    manager = re.search(r"\.objects\.\w+\(", source)  # Model.objects.filter(…); not pydyf's pdf.objects[n]
    assert "django.db.models" not in names and not manager, f"{module}.py queries"
    if module != "locks":  # advisory locks on PostgreSQL: SQL that reads no row
        assert not any(name.startswith("django.db") for name in names), f"{module}.py uses the database"


def organisation(name, category_slug, iso3):
    return OrganisationFactory(name=name, category=category(category_slug), country=country(iso3), status="verified")


@pytest.fixture
def inputs(db, consultation, verified, moderator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    government = organisation("Government of France", "government", "FRA")
    company = organisation("Rio Networks", "private-sector", "BRA")
    InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: "Civil society view.", 2: "Sahel roles."},
        moderator=moderator,
        accepted=True,
    )
    InputFactory(
        consultation=consultation,
        organisation=government,
        answers={1: "Government view.", 2: "State roles."},
        moderator=moderator,
        accepted=True,
    )
    InputFactory(
        consultation=consultation,
        organisation=company,
        answers={1: "Business view.", 2: "Market roles."},
        moderator=moderator,
        accepted=True,
    )
    return {"government": government, "company": company}


def data_queries(captured) -> list[str]:
    """The queries that read or write data: advisory locks and savepoints (PostgreSQL's claims) are not."""
    return [query["sql"] for query in captured if not re.search(r"pg_advisory|SAVEPOINT", query["sql"])]


@pytest.mark.django_db
@pytest.mark.parametrize("arrangement", ["by-respondent", "by-question"])
def test_rendering_laying_out_and_merging_prepared_docs_reads_nothing(consultation, inputs, tmp_path, arrangement):
    spec, parts = Spec(consultation, arrangement), tmp_path / "parts"
    with translation.override(spec.language):
        collected = collection.collect(spec, cache_dir=parts)  # the loaders read the inputs (and the cache)
        front = KIND.front(spec)
        assert collected.missing and not collected.overflow  # kept whole: rendering needs nothing more
        with CaptureQueriesContext(connection) as captured:
            collection.render_missing(collected, spec, cache_dir=parts)
            collection.keep(collected, spec, mark="prepared", cache_dir=parts)
            again = collection.kept(spec, mark="prepared", cache_dir=parts)
            body = KIND.layout(spec, again.docs, again.parts, again.extras)
            layout.front_matter(KIND.cover(spec, front, contents=True, generated_at=None), body.toc, cache_dir=parts)
            compiled = collection.assemble(spec, again, front, cache_dir=parts, output_path=tmp_path / "out.pdf")
    assert data_queries(captured.captured_queries) == []
    assert compiled.page_count == len(PdfReader(tmp_path / "out.pdf").pages)


@pytest.mark.django_db
def test_the_merge_uses_the_pass_the_start_made(consultation, inputs, moderator, settings, monkeypatch):
    settings.COMPILATION_BATCH_PARTS = 1  # three batches: the start keeps its pass for the merge
    compilation = jobs.compilation_request(
        user=moderator, consultation=consultation, arrangement="by-respondent", edition="complete"
    )
    batches = jobs.compilation_start(compilation.pk)
    assert len(batches) == 3 and len(list(files.cache_dir().glob("collection-*.json"))) == 1
    for batch in batches:
        jobs.part_render(compilation.pk, batch)
    reads, read = [], documents.iter_input_docs
    monkeypatch.setattr(
        documents, "iter_input_docs", lambda *args, **kwargs: reads.append(args) or read(*args, **kwargs)
    )
    assert jobs.compilation_finish(compilation.pk) == "succeeded"
    assert reads == []  # no input read again: the start's pass said what each part is and where it goes
    assert not list(files.cache_dir().glob("collection-*.json"))  # and it is gone once the file is made
    compilation.refresh_from_db()
    assert compilation.log.startswith("3 parts: 0 rendered, 3 from the cache")


@pytest.mark.django_db
@pytest.mark.parametrize("arrangement", ["by-respondent", "by-question"])
def test_the_merge_compiles_the_inputs_as_they_are_when_they_changed_after_the_start(
    consultation, inputs, moderator, settings, arrangement
):
    settings.COMPILATION_BATCH_PARTS = 1
    compilation = jobs.compilation_request(
        user=moderator, consultation=consultation, arrangement=arrangement, edition="complete"
    )
    for batch in jobs.compilation_start(compilation.pk):
        jobs.part_render(compilation.pk, batch)
    # While the parts render: one more input is accepted, and one organisation's verification is withdrawn.
    andes = organisation("Andes Academy", "academic-community", "PER")
    InputFactory(consultation=consultation, organisation=andes, answers={1: "A late view.", 2: "x"}, accepted=True)
    account_services.organisation_refuse(moderator=moderator, organisation=inputs["company"], note="Withdrawn.")
    assert jobs.compilation_finish(compilation.pk) == "succeeded"
    compilation.refresh_from_db()
    text = "".join("".join(page.extract_text().split()) for page in PdfReader(compilation.file.open("rb")).pages)
    assert "Alateview." in text and "Governmentview." in text
    assert "Businessview." not in text and "RioNetworks" not in text
