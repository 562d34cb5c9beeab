"""The fonts' rules, in one place: which characters the installed fonts draw, and which fonts are the documents' own.

Two checks use them, both written to a compilation's log. Before a render, `without_font` finds the characters of
an input that no installed font draws (they would print as boxes). After a render, `fallback_characters` finds the
characters a batch drew in a font outside the chain print.css chooses by language (fontconfig's fallback for a
character the chain lacks: a Georgian word in a French answer). The chain itself is print.css's; `OWN_FONTS` names
its fonts as a PDF names them.
"""

import functools
import re
import subprocess

import pikepdf

# Characters the fonts draw: before a render ----------------------------------------------------------------------


@functools.cache
def installed_characters() -> frozenset[int]:
    """Every character some installed font can draw, from fontconfig (read once per process)."""
    try:
        listing = subprocess.run(  # noqa: S603 — a fixed command, no user input
            ["/usr/bin/fc-list", "--format", "%{charset}\n"], capture_output=True, text=True, timeout=30, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    covered = set()
    for token in listing.split():
        low, _sep, high = token.partition("-")
        covered.update(range(int(low, 16), int(high or low, 16) + 1))
    return frozenset(covered)


def without_font(texts) -> list[str]:
    """The characters of these texts that no installed font can draw (they would print as boxes), in order."""
    covered = installed_characters()
    if not covered:
        return []
    used = set().union(*texts)
    return sorted(ch for ch in used if not ch.isspace() and ord(ch) not in covered)


# Fonts outside the documents' own: after a render ---------------------------------------------------------------

# The fonts print.css chooses by language (any weight or style), and the digests' monospace: a glyph drawn in any
# other font came from fontconfig's fallback, for a character the chain does not cover.
OWN_FONTS = frozenset({"Noto-Sans", "Noto-Naskh-Arabic", "Noto-Sans-CJK-SC", "DejaVu-Sans-Mono"})
STYLES = re.compile(r"(-(Bold|Italic|Oblique|BoldItalic|BoldOblique|Regular|Medium|Light|SemiBold))+$")


def own_font(base_font: str) -> bool:
    """Whether a PDF font ("ABCDEF+Noto-Sans-CJK-SC-Bold") is one of the documents' own."""
    return STYLES.sub("", base_font.split("+", 1)[-1]) in OWN_FONTS


def fallback_characters(path, ranges) -> list[list[tuple[str, str]]]:
    """For each page range [first, end) of a rendered file, the characters its pages draw in a font outside the
    documents' own, by font: [[(font, characters)]]. Reads the pages' content only when the file has such a font."""
    found = [[] for _range in ranges]
    with pikepdf.open(path) as document:
        strangers = {}
        for page in document.pages:
            for resource, font in page.obj.get("/Resources", {}).get("/Font", {}).items():
                base = str(font.get("/BaseFont", ""))
                if not own_font(base) and resource not in strangers:
                    strangers[resource] = (base.split("+", 1)[-1], _unicode_map(font))
        if not strangers:
            return found
        for i, (first, end) in enumerate(ranges):
            drawn: dict[str, set] = {}
            for page in document.pages[first:end]:
                current = None
                for operands, operator in pikepdf.parse_content_stream(page):
                    op = str(operator)
                    if op == "Tf":
                        current = strangers.get(str(operands[0]))
                    elif current is not None and op in ("Tj", "TJ", "'", '"'):
                        name, mapping = current
                        drawn.setdefault(name, set()).update(_decoded(operands, mapping))
            found[i] = [(name, "".join(sorted(chars))) for name, chars in sorted(drawn.items()) if chars]
    return found


def _unicode_map(font) -> dict[int, str]:
    """A Type 0 font's ToUnicode CMap as {two-byte code: text} (WeasyPrint writes bfchar and bfrange)."""
    stream = font.get("/ToUnicode")
    if stream is None:
        return {}
    text = stream.read_bytes()[:1_000_000].decode("latin-1")
    mapping = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for code, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            mapping[int(code, 16)] = bytes.fromhex(target).decode("utf-16-be", "replace")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for low, high, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = int.from_bytes(bytes.fromhex(target), "big")
            for offset, code in enumerate(range(int(low, 16), min(int(high, 16), int(low, 16) + 65536) + 1)):
                mapping[code] = chr(start + offset) if start + offset < 0x110000 else ""
    return mapping


def _decoded(operands, mapping) -> set[str]:
    strings = []
    for operand in operands:
        if isinstance(operand, pikepdf.Array):
            strings += [bytes(item) for item in operand if isinstance(item, pikepdf.String)]
        elif isinstance(operand, pikepdf.String):
            strings.append(bytes(operand))
    characters = set()
    for data in strings:
        for i in range(0, len(data) - 1, 2):
            characters.update(ch for ch in mapping.get(int.from_bytes(data[i : i + 2], "big"), "") if not ch.isspace())
    return characters
