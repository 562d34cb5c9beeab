"""The codebook: imported all or nothing, every bad line named; merged and retired with a history; exported in the
columns it is read back from."""

import io
import json

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from consultations.sheets import InputFileError
from review import services
from review.models import Code, CodeEvent
from review.queries import codebook_of
from tests.factories import ConsultationFactory
from tests.files import CODEBOOK

pytestmark = pytest.mark.django_db


def test_it_imports_a_tree_of_clusters_issues_and_sub_issues_with_translations(codes, consultation, analyst):
    assert [(code.name, code.get_level_display()) for code in codebook_of(consultation)] == [
        ("Security", "Cluster"),
        ("Cybercrime", "Issue"),
        ("Phishing", "Sub-issue"),
        ("Spam", "Issue"),
        ("Development", "Cluster"),
        ("Access", "Issue"),
    ]
    assert codes["Cybercrime"].translated("name", "fr") == "Cybercriminalité"
    assert codes["Cybercrime"].translated("name", "ar") == "الجريمة الإلكترونية"
    assert codes["Spam"].translated("name", "ar") == "Spam"  # no translation: the original
    assert codes["Cybercrime"].note == "Not: state conduct."
    created = CodeEvent.objects.filter(kind=CodeEvent.Kind.CREATED)
    assert created.count() == 6 and {event.actor for event in created} == {analyst}


def test_importing_again_changes_only_what_changed(codes, consultation, analyst):
    again = services.codebook_import(
        user=analyst, consultation=consultation, name="codebook.csv", data=CODEBOOK.encode()
    )
    assert (again.created, again.changed, again.unchanged) == (0, 0, 6)
    edited = CODEBOOK.replace("Unsolicited bulk messages.", "Unsolicited bulk e-mail.")
    edited += "Spoofing,Cybercrime,Forged senders.,,,\n"
    done = services.codebook_import(user=analyst, consultation=consultation, name="codebook.csv", data=edited.encode())
    assert (done.created, done.changed, done.unchanged) == (1, 1, 5)
    change = CodeEvent.objects.get(kind=CodeEvent.Kind.CHANGED)
    assert change.code.name == "Spam"
    assert (change.before["definition"], change.after["definition"]) == (
        "Unsolicited bulk messages.",
        "Unsolicited bulk e-mail.",
    )


def test_it_names_every_bad_line_and_writes_nothing(analyst, consultation):
    sheet = (
        "name,parent,definition,note\n"
        "Security,,,\n"
        "Security,,Twice.,\n"  # line 3
        "Orphan,Nowhere,,\n"  # line 4
        "Chicken,Egg,,\n"  # line 5
        "Egg,Chicken,,\n"  # line 6
        ",Security,,\n"  # line 7
        "Issue,Security,,\n"
        "Sub-issue,Issue,,\n"
        "Too deep,Sub-issue,,\n"  # line 10
    )
    with pytest.raises(InputFileError) as refused:
        services.codebook_import(user=analyst, consultation=consultation, name="bad.csv", data=sheet.encode())
    assert refused.value.problems == [
        "Line 3: Security is also on line 2",
        "Line 7: the code has no name",
        "Line 4: unknown parent Nowhere",
        "Line 5: Chicken would be its own ancestor: Chicken › Egg › Chicken",
        "Line 6: Egg would be its own ancestor: Egg › Chicken › Egg",
        "Line 10: too deep: codes go cluster › issue › sub-issue (Security › Issue › Sub-issue › Too deep)",
    ]
    assert not Code.objects.exists() and not CodeEvent.objects.exists()


def test_it_reads_json_and_refuses_unknown_keys(analyst, consultation):
    codes = [{"name": "Human rights"}, {"name": "Privacy", "parent": "Human rights", "definition_es": "Intimidad"}]
    done = services.codebook_import(
        user=analyst, consultation=consultation, name="codebook.json", data=json.dumps(codes).encode()
    )
    assert done.created == 2
    assert Code.objects.get(name="Privacy").translations == {"es": {"definition": "Intimidad"}}
    with pytest.raises(InputFileError) as refused:
        services.codebook_import(
            user=analyst, consultation=consultation, name="c.json", data=b'[{"name": "X", "colour": "red"}]'
        )
    assert refused.value.problems == ["Line 1: unknown keys: colour"]


def test_only_those_who_keep_the_codebook_may_change_it(consultation, chair, focal_point, moderator):
    for user in (chair, focal_point):
        with pytest.raises(PermissionDenied):
            services.codebook_import(user=user, consultation=consultation, name="c.csv", data=CODEBOOK.encode())
    services.codebook_import(user=moderator, consultation=consultation, name="c.csv", data=CODEBOOK.encode())
    assert Code.objects.count() == 6


def test_a_merge_moves_the_sub_codes_and_is_recorded_on_both(codes, analyst):
    duplicate = Code.objects.create(consultation=codes["Security"].consultation, name="Online crime", level=2,
                                    parent=codes["Development"])  # fmt: skip
    Code.objects.create(consultation=duplicate.consultation, name="Fraud", level=3, parent=duplicate)
    services.code_merge(user=analyst, code=duplicate, into=codes["Cybercrime"], reason="The same issue.")
    duplicate.refresh_from_db()
    assert duplicate.merged_into == codes["Cybercrime"] and not duplicate.is_open
    assert sorted(codes["Cybercrime"].children.values_list("name", flat=True)) == ["Fraud", "Phishing"]
    merged = CodeEvent.objects.get(kind=CodeEvent.Kind.MERGED)
    absorbed = CodeEvent.objects.get(kind=CodeEvent.Kind.ABSORBED)
    assert (merged.code, merged.other, merged.reason) == (duplicate, codes["Cybercrime"], "The same issue.")
    assert (absorbed.code, absorbed.other) == (codes["Cybercrime"], duplicate)
    with pytest.raises(ValidationError):
        services.code_merge(user=analyst, code=duplicate, into=codes["Spam"], reason="Again.")


@pytest.mark.parametrize(
    ("code", "into", "message"),
    [
        ("Cybercrime", "Cybercrime", "itself or into a code under it"),
        ("Security", "Cybercrime", "itself or into a code under it"),
        ("Security", "Phishing", "itself or into a code under it"),
        ("Spam", "Security", "same level"),
    ],
)
def test_it_refuses_a_merge_into_itself_its_descendants_or_another_level(codes, analyst, code, into, message):
    with pytest.raises(ValidationError) as refused:
        services.code_merge(user=analyst, code=codes[code], into=codes[into], reason="Tidying.")
    assert message in refused.value.messages[0]
    assert not CodeEvent.objects.filter(kind=CodeEvent.Kind.MERGED).exists()


def test_a_retired_code_stays_but_takes_nothing_new(codes, analyst, consultation):
    with pytest.raises(ValidationError, match="under it first"):
        services.code_retire(user=analyst, code=codes["Cybercrime"], reason="Folded into Security.")
    services.code_retire(user=analyst, code=codes["Phishing"], reason="Too narrow.")
    assert not Code.objects.get(name="Phishing").is_open
    edited = CODEBOOK.replace("Deceptive messages", "Messages")
    with pytest.raises(InputFileError) as refused:
        services.codebook_import(user=analyst, consultation=consultation, name="c.csv", data=edited.encode())
    assert refused.value.problems == ["Line 5: Phishing is merged or retired: it cannot change"]


def test_the_export_reads_back_as_the_same_codebook(codes, analyst, consultation, tmp_path):
    Code.objects.filter(name="Spam").update(definition="=HYPERLINK(evil)")  # a formula, kept as text
    for fmt in ("csv", "xlsx", "json"):
        path = tmp_path / f"codebook.{fmt}"
        call_command("export_codebook", consultation.slug, "--format", fmt, "--output", str(path))
        other = ConsultationFactory()
        call_command("import_codebook", other.slug, str(path), "--as", analyst.email, stdout=io.StringIO())
        assert [(c.name, c.level, c.definition, c.translations) for c in codebook_of(other)] == [
            (c.name, c.level, c.definition, c.translations) for c in codebook_of(consultation)
        ]
    workbook = openpyxl.load_workbook(tmp_path / "codebook.xlsx")
    assert workbook.active["C5"].value == "'=HYPERLINK(evil)"  # a spreadsheet shows it, never evaluates it


def test_the_commands_answer_bad_arguments_with_a_message(analyst, focal_point, consultation, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,parent\nA,B\n")
    with pytest.raises(CommandError, match="(?s)Nothing was imported.*Line 2: unknown parent B"):
        call_command("import_codebook", consultation.slug, str(bad), "--as", analyst.email)
    with pytest.raises(CommandError, match="No consultation has the slug nowhere"):
        call_command("import_codebook", "nowhere", str(bad), "--as", analyst.email)
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_codebook", consultation.slug, str(tmp_path / "missing.csv"), "--as", analyst.email)
    with pytest.raises(CommandError, match="name the file to write"):
        call_command("export_codebook", consultation.slug, "--format", "xlsx")
    with pytest.raises(CommandError, match="No user has the e-mail address nobody@example.org"):
        call_command("import_codebook", consultation.slug, str(bad), "--as", "nobody@example.org")
    with pytest.raises(CommandError, match="cannot change the codebook"):
        call_command("import_codebook", consultation.slug, str(bad), "--as", focal_point.email)
