"""export_codings: one row per coding; the public edition holds only what respondents consented to publish."""

import csv
import io
import json

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from tests.review.conftest import ANONYMOUS, SECRET

pytestmark = pytest.mark.django_db


def test_the_complete_edition_has_every_coding_with_its_code_path_and_coder(consultation, world, tmp_path):
    path = tmp_path / "codings.csv"
    call_command("export_codings", consultation.slug, "--output", str(path))
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 7  # named: Access, Phishing; anonymous: Access; secret: 3; waiting: Access
    phishing = next(row for row in rows if row["sub_issue"] == "Phishing")
    assert (phishing["cluster"], phishing["issue"], phishing["coder"]) == ("Security", "Cybercrime", "Amal Nasser")
    assert phishing["passage"] == "equal footing" and phishing["coded_at"].endswith("Z")
    secret = [row for row in rows if row["reference"] == world["secret"].reference]
    assert len(secret) == 3 and secret[0]["organisation"] == "Alpine Telecom Forum"


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_the_public_edition_never_holds_a_secretariat_only_input_and_names_only_the_consented(
    consultation, world, tmp_path, fmt
):
    path = tmp_path / f"codings.{fmt}"
    call_command("export_codings", consultation.slug, "--edition", "public", "--format", fmt, "--output", str(path))
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    elif fmt == "json":
        rows = json.loads(path.read_text(encoding="utf-8"))
    else:
        sheet = openpyxl.load_workbook(path).active
        values = list(sheet.values)
        rows = [dict(zip(values[0], row, strict=True)) for row in values[1:]]
    text = json.dumps(rows, ensure_ascii=False, default=str)
    for leak in ("Alpine Telecom Forum", "routing", SECRET[:20], world["secret"].reference, "CHE", "Amal Nasser"):
        assert leak not in text, leak
    assert world["waiting"].reference not in text  # not accepted: not on the public record
    anonymous = [row for row in rows if row["reference"] == world["anonymous"].reference]
    assert anonymous and all(row["organisation"] in ("", None) and row["country"] in ("", None) for row in anonymous)
    assert anonymous[0]["passage"] == ANONYMOUS[: len("Affordable access")]
    assert anonymous[0]["category"] == "academic-community" and anonymous[0]["regional_group"] == "asia-pacific"


def test_bad_arguments_get_a_message(consultation, world):
    with pytest.raises(CommandError, match="No consultation has the slug nowhere"):
        call_command("export_codings", "nowhere")
    with pytest.raises(CommandError, match="name the file to write"):
        call_command("export_codings", consultation.slug, "--format", "xlsx")
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("export_codings", consultation.slug, "--output", "/nonexistent/dir/codings.csv")
