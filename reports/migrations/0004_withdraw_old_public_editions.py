from django.db import migrations

WITHDRAWN = (
    "Withdrawn from the public record when Concord was upgraded: public editions made before then could show what a "
    "later draft said about publication instead of what was sent, count anonymous inputs by development status, and "
    "carry the scripts and form fields of attached PDFs. Compile the public edition again."
)


def withdraw_old_public_editions(apps, schema_editor):
    """Public editions compiled before publication followed the version sent are taken off the public record."""
    Compilation = apps.get_model("reports", "Compilation")
    for compilation in Compilation.objects.filter(edition="public", status="succeeded").exclude(file=""):
        compilation.file.delete(save=False)
        compilation.status, compilation.error = "failed", WITHDRAWN
        compilation.save(update_fields=["file", "status", "error"])


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_compilation_language"),
        ("consultations", "0007_publication_as_sent"),
    ]

    operations = [migrations.RunPython(withdraw_old_public_editions, migrations.RunPython.noop)]
