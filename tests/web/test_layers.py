"""The apps stand on each other in one order, and none names one above it: not in Python (imports, URL names,
permissions and model labels in strings, the accessors of relations declared above), not in templates (tag
libraries, URL names, includes), wherever the name hides. An app above adds to the pages below through the
places they offer (accounts.console, consultations.slots), and declares its own permissions (its roles module).

A new app takes its place in LAYERS; the site itself (config/, the templates at the root of templates/ and allauth's)
stands above them all.
"""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(settings.BASE_DIR)
# From the bottom up: an app may name the apps of its own level and below, never one above.
LAYERS = [("web", "outbox"), ("accounts",), ("consultations",), ("reports",), ("review",), ("groups",)]
LEVEL = {app: level for level, names in enumerate(LAYERS) for app in names}
# Template folders that belong to an app without bearing its name.
TEMPLATE_OWNERS = {"account": "accounts", "pdf": "reports", "admin/accounts": "accounts"}
TEMPLATE_OWNERS |= {"admin/consultations": "consultations"}

TAG_RE = re.compile(r"{%\s*(load|url|include|extends)\s+(.*?)%}", re.S)
QUOTED_RE = re.compile(r"""["']([^"']+)["']""")
ATTRIBUTE_RE = re.compile(r"\.([A-Za-z_]\w*)")


def _above(app: str, other: str | None) -> bool:
    return other is not None and other != app and LEVEL.get(other, -1) > LEVEL[app]


def _module_app(module: str) -> str | None:
    top = module.split(".")[0]
    return top if top in LEVEL else None


def _url_apps() -> dict[str, str]:
    """{URL name as templates and reverse() write it: the app whose view it is}."""
    names = {}

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                owner = _module_app(pattern.lookup_str)
                if owner:
                    names[namespace + pattern.name] = owner

    walk(get_resolver().url_patterns, "")
    return names


def _tag_libraries() -> dict[str, str]:
    """{template tag library: the app it belongs to}."""
    return {
        path.stem: app
        for app in LEVEL
        for path in (ROOT / app / "templatetags").glob("*.py")
        if path.stem != "__init__"
    }


def _accessors() -> dict[str, str]:
    """{accessor or query name that a relation declared in an app puts on another app's model: the declaring app}:
    `organisation.nominations`, `consultation.compilations`, `filter(compilations__…)`."""
    found = {}
    for model in apps.get_models():
        declaring = _module_app(model.__module__)
        for field in model._meta.get_fields():
            if not field.is_relation or field.auto_created or not field.related_model:
                continue
            target = _module_app(field.related_model.__module__)
            if declaring and target and _above(target, declaring):
                for name in {field.remote_field.get_accessor_name(), field.related_query_name()}:
                    if name and not name.endswith("+"):
                        found[name] = declaring
    return found


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name


def _python_findings(app, path, urls, accessors):
    tree = ast.parse(path.read_text(), str(path))
    for node in ast.walk(tree):
        named = []
        if isinstance(node, ast.Import):
            named = [(alias.name, "imports") for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            named = [(node.module, "imports")]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
            if text in urls:
                named = [(urls[text], "a URL name")]
            elif re.fullmatch(r"[a-z_]+[.:][\w.:]+", text):
                named = [(text.split(".")[0].split(":")[0], "a dotted or namespaced name")]
            elif text.split("__")[0] in accessors and "__" in text or text in accessors:
                named = [(accessors[text.split("__")[0]], "the accessor of a relation")]
        elif isinstance(node, ast.Attribute) and node.attr in accessors:
            named = [(accessors[node.attr], "the accessor of a relation")]
        elif isinstance(node, ast.keyword) and node.arg and node.arg.split("__")[0] in accessors:
            named = [(accessors[node.arg.split("__")[0]], "the query name of a relation")]
        for name, how in named:
            other = _module_app(name) or (name if name in LEVEL else None)
            if _above(app, other):
                yield f"{_shown(path)}:{getattr(node, 'lineno', '?')} names {other} ({how})"


def _template_owner(path: Path) -> str | None:
    relative = path.relative_to(ROOT / "templates").as_posix()
    for folder, owner in TEMPLATE_OWNERS.items():
        if relative.startswith(folder + "/"):
            return owner
    top = relative.split("/")[0]
    return top if top in LEVEL else None


def _template_findings(app, path, urls, libraries, accessors):
    text = path.read_text()
    where = _shown(path)
    for tag, arguments in TAG_RE.findall(text):
        if tag == "load":
            for library in arguments.split():
                if _above(app, libraries.get(library)):
                    yield f"{where} loads {library} of {libraries[library]}"
            continue
        quoted = QUOTED_RE.search(arguments)
        if not quoted:
            continue
        name = quoted.group(1)
        other = urls.get(name) if tag == "url" else _template_owner(ROOT / "templates" / name)
        if _above(app, other):
            yield f"{where} {tag}s {name} of {other}"
    for attribute in ATTRIBUTE_RE.findall(" ".join(re.findall(r"{[{%](.*?)[}%]}", text, re.S))):
        if _above(app, accessors.get(attribute)):
            yield f"{where} reads .{attribute}, a relation of {accessors[attribute]}"


def _couplings():
    urls, libraries, accessors = _url_apps(), _tag_libraries(), _accessors()
    findings = []
    for app in LEVEL:
        for path in sorted((ROOT / app).rglob("*.py")):
            findings += _python_findings(app, path, urls, accessors)
    for path in sorted((ROOT / "templates").rglob("*")):
        app = _template_owner(path) if path.is_file() else None
        if app:
            findings += _template_findings(app, path, urls, libraries, accessors)
    return findings


@pytest.mark.django_db
def test_no_app_names_an_app_above_it():
    assert _couplings() == []


def test_site_wide_template_loads_only_site_wide_tags():
    """base.html and the error pages stand under every app's pages: they load only web's tags, never an app's."""
    libraries = _tag_libraries()
    for path in [*(ROOT / "templates").glob("*.html"), *(ROOT / "templates" / "web").rglob("*.html")]:
        if path.name == "home.html":  # the home page is the site's own, above every app (config/views.py)
            continue
        loaded = {lib for tag, args in TAG_RE.findall(path.read_text()) if tag == "load" for lib in args.split()}
        assert {libraries.get(lib) for lib in loaded} <= {None, "web"}, path.name


def test_the_check_sees_each_kind_of_coupling(tmp_path):
    """The check itself: a consultations module and template that name reports in each way are caught."""
    urls, libraries, accessors = _url_apps(), _tag_libraries(), _accessors()
    module, template = tmp_path / "probe.py", tmp_path / "probe.html"
    module.write_text(
        "from reports import balance\n"
        "def f(consultation):\n"
        "    reverse('reports:compilations')\n"
        "    has_perm('reports.request_compilation')\n"
        "    prefetch_related('compilations')\n"
        "    return consultation.compilations.filter(), filter(compilations__state='done')\n"
    )
    template.write_text(
        "{% load balance %}{% url 'reports:compilations' slug %}{% include 'reports/parts/receipt.html' %}"
        "{% for c in consultation.compilations.all %}{% endfor %}"
    )
    python = list(_python_findings("consultations", module, urls, accessors))
    templates = list(_template_findings("consultations", template, urls, libraries, accessors))
    # the import, the URL name, the permission, the accessor as a string, as an attribute and as a query name
    assert len(python) == 6, python
    assert len(templates) == 4, templates
