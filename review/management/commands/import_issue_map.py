from review import map_io
from review.management.output import FileImportCommand


class Command(FileImportCommand):
    help = (
        "Add the mechanisms and entries of a CSV (UTF-8), XLSX or JSON file to a consultation's map of issues to "
        f"mechanisms, and update those of the same names. Columns: {', '.join(map_io.COLUMNS)}, and mechanism_fr, "
        "description_ar… for translations; gaps separated by ';'. The whole file is checked first: any problem and "
        "nothing is written. Every entry changed is a new version, its reason naming the file."
    )

    def import_file(self, **kwargs):
        return map_io.map_import(**kwargs)

    def summary(self, consultation, done) -> str:
        return (
            f"Map of {consultation.reference}: {done.mechanisms_created} mechanisms added, "
            f"{done.mechanisms_changed} changed; {done.created} entries added, {done.changed} changed, "
            f"{done.unchanged} unchanged."
        )
