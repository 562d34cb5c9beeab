from review import codebook
from review.management.output import FileImportCommand
from review.services import codebook_import


class Command(FileImportCommand):
    help = (
        "Add the codes of a CSV (UTF-8), XLSX or JSON file to a consultation's codebook, and update the codes of the "
        f"same name. Columns: {', '.join(codebook.COLUMNS)}, and name_fr, definition_ar, note_zh-hans… for "
        "translations; a code without a parent is a cluster. The whole file is checked first: any problem and "
        "nothing is written."
    )

    def import_file(self, **kwargs):
        return codebook_import(**kwargs)

    def summary(self, consultation, done) -> str:
        return (
            f"Codebook of {consultation.reference}: {done.created} codes added, {done.changed} changed, "
            f"{done.unchanged} unchanged."
        )
