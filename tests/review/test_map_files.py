"""The map of issues to mechanisms as a file: imported all or nothing, every bad line named; exported in the columns
it is read back from."""

import io
import json

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from consultations.sheets import InputFileError
from review import issue_map, map_io, services
from review.models import MapEntry, MapEntryVersion, Mechanism
from tests.factories import ConsultationFactory
from tests.files import CODEBOOK

pytestmark = pytest.mark.django_db

SHEET = (
    "cluster,issue,mechanism,kind,url,status,role,equal_footing,gaps,gap_note,email,mechanism_fr\n"
    "Security,Cybercrime,Council of Europe Convention on Cybercrime,treaty,https://www.coe.int/cybercrime,addresses,"
    "Budapest Convention.,partly,implementation; capacity,Few parties outside Europe.,cybercrime@coe.example.org,"
    "Convention sur la cybercriminalité\n"
    "Security,Spam,International Telecommunication Union,organisation,https://www.itu.int/,partly,,unknown,"
    "research,,,\n"
    "Development,Access,International Telecommunication Union,,,under_way,Connect 2020.,partly,,,,\n"
)


def imported(consultation, user, sheet=SHEET, name="map.csv"):
    return map_io.map_import(user=user, consultation=consultation, name=name, data=sheet.encode())


def test_it_imports_mechanisms_and_entries_each_a_version(codes, consultation, analyst):
    done = imported(consultation, analyst)
    assert (done.mechanisms_created, done.created, done.changed, done.unchanged) == (2, 3, 0, 0)
    coe = Mechanism.objects.get(name="Council of Europe Convention on Cybercrime")
    assert coe.kind == "treaty" and coe.translated("name", "fr") == "Convention sur la cybercriminalité"
    entry = MapEntry.objects.get(mechanism=coe)
    assert entry.gaps == ["implementation", "capacity"] and entry.equal_footing == "partly"
    version = MapEntryVersion.objects.get(entry=entry)
    assert (version.number, version.actor, version.reason) == (1, analyst, "Imported from map.csv.")
    again = imported(consultation, analyst)
    assert (again.mechanisms_created, again.mechanisms_changed, again.created, again.changed, again.unchanged) == (
        0, 0, 0, 0, 3,
    )  # fmt: skip
    edited = imported(consultation, analyst, SHEET.replace("Connect 2020.", "Connect 2030."), name="v2.csv")
    assert (edited.changed, edited.unchanged) == (1, 2)
    access = MapEntry.objects.get(code=codes["Access"])
    assert access.version == 2 and access.versions.get(number=2).reason == "Imported from v2.csv."


def test_it_names_every_bad_line_and_writes_nothing(codes, consultation, analyst):
    sheet = (
        "cluster,issue,mechanism,kind,url,status,equal_footing,gaps,email\n"
        "Security,Cybercrime,ITU,organisation,https://www.itu.int/,addresses,yes,,\n"
        "Security,Cybercrime,ITU,organisation,,partly,yes,,\n"  # line 3: the same pair again
        "Security,Nowhere,ITU,,,addresses,,,\n"  # line 4
        "Security,Security,ITU,,,addresses,,,\n"  # line 5: a cluster
        "Security,Phishing,ITU,,,addresses,,,\n"  # line 6: a sub-issue
        "Development,Spam,ITU,,,addresses,,,\n"  # line 7: another cluster's issue
        "Security,Spam,ITU,organisation,,finished,,,\n"  # line 8: unknown status
        "Development,Access,WSIS,process,,addresses,,money,\n"  # line 9: unknown gap
        "Development,Access,IGF,,,addresses,,,\n"  # line 10: a new mechanism without its kind
        "Security,Spam,OECD,club,ftp://oecd,addresses,,,not-mail\n"  # line 11
        "Development,Access,ITU,forum,,addresses,,,\n"  # line 12: ITU's kind differs
    )
    with pytest.raises(InputFileError) as refused:
        imported(consultation, analyst, sheet)
    assert refused.value.problems == [
        "Line 3: ITU on Cybercrime is also on line 2",
        "Line 4: unknown issue Nowhere",
        "Line 5: Security is not an issue (a cluster or a sub-issue)",
        "Line 6: Phishing is not an issue (a cluster or a sub-issue)",
        "Line 7: Spam is not in the cluster Development",
        "Line 8: Choose a status among those offered.",
        "Line 9: Unknown gaps: money (the gaps are implementation, awareness, capacity, research).",
        "Line 11: unknown kind club (the kinds are organisation, forum, treaty, process, standards)",
        "Line 11: ftp://oecd is not a web address",
        "Line 11: not-mail is not an e-mail address",
        "Line 12: ITU's kind differs from line 2",
        "Line 10: IGF is new: give its kind",
    ]
    assert not Mechanism.objects.exists() and not MapEntry.objects.exists() and not MapEntryVersion.objects.exists()


def test_it_reads_json_and_refuses_unknown_keys(codes, consultation, analyst):
    entries = [
        {"issue": "Access", "mechanism": "IGF", "kind": "forum", "status": "under_way", "mechanism_ar": "المنتدى"}
    ]
    done = imported(consultation, analyst, json.dumps(entries), name="map.json")
    assert done.created == 1 and Mechanism.objects.get().translations == {"ar": {"name": "المنتدى"}}
    with pytest.raises(InputFileError) as refused:
        imported(consultation, analyst, '[{"issue": "Access", "colour": "red"}]', name="map.json")
    assert refused.value.problems == ["Line 1: unknown keys: colour"]


def test_the_export_reads_back_as_the_same_map(codes, consultation, analyst, tmp_path):
    imported(consultation, analyst)
    Mechanism.objects.filter(kind="treaty").update(description="=HYPERLINK(evil)")  # a formula, kept as text
    entry = MapEntry.objects.get(code=codes["Spam"])
    issue_map.entry_remove(user=analyst, entry=entry, reason="Out of scope.")  # not in force: not written

    def the_map(of):
        entries = MapEntry.objects.filter(code__consultation=of, removed_at__isnull=True)
        return sorted(
            (e.code.name, e.mechanism.name, e.mechanism.kind, e.mechanism.url, e.mechanism.email,
             e.mechanism.description, e.mechanism.translations, e.status, e.role, e.equal_footing, e.gaps, e.gap_note)
            for e in entries.select_related("code", "mechanism")
        )  # fmt: skip

    for fmt in ("csv", "xlsx", "json"):
        path = tmp_path / f"map.{fmt}"
        call_command(
            "export_issue_map", consultation.slug, "--format", fmt, "--output", str(path), stderr=io.StringIO()
        )
        other = ConsultationFactory()
        services.codebook_import(user=analyst, consultation=other, name="c.csv", data=CODEBOOK.encode())
        call_command("import_issue_map", other.slug, str(path), "--as", analyst.email, stdout=io.StringIO())
        assert the_map(other) == the_map(consultation) and len(the_map(other)) == 2
    workbook = openpyxl.load_workbook(tmp_path / "map.xlsx")
    assert "'=HYPERLINK(evil)" in [cell.value for row in workbook.active.iter_rows() for cell in row]


def test_the_commands_answer_bad_arguments_with_a_message(codes, analyst, focal_point, consultation, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("issue,mechanism,status\nNowhere,ITU,addresses\n")
    with pytest.raises(CommandError, match="(?s)Nothing was imported.*Line 2: unknown issue Nowhere"):
        call_command("import_issue_map", consultation.slug, str(bad), "--as", analyst.email)
    bad.write_text("issue,status\nAccess,addresses\n")
    with pytest.raises(CommandError, match="missing columns: mechanism"):
        call_command("import_issue_map", consultation.slug, str(bad), "--as", analyst.email)
    with pytest.raises(CommandError, match="No consultation has the slug nowhere"):
        call_command("import_issue_map", "nowhere", str(bad), "--as", analyst.email)
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_issue_map", consultation.slug, str(tmp_path / "missing.csv"), "--as", analyst.email)
    with pytest.raises(CommandError, match="No user has the e-mail address nobody@example.org"):
        call_command("import_issue_map", consultation.slug, str(bad), "--as", "nobody@example.org")
    good = tmp_path / "good.csv"
    good.write_text(SHEET)
    with pytest.raises(CommandError, match="cannot change the map"):
        call_command("import_issue_map", consultation.slug, str(good), "--as", focal_point.email)
    with pytest.raises(CommandError, match="name the file to write"):
        call_command("export_issue_map", consultation.slug, "--format", "xlsx")
    assert not MapEntry.objects.exists()
