"""The register's charts, drawn on the server like the balance report's (reports.charts)."""

from django.utils.translation import gettext as _

from reports.charts import bars_svg, named_cells, names
from review.register import Register


def register_charts(register: Register) -> list:
    """One bar chart per cluster: the inputs raising each of its issues."""
    return [
        (
            cluster,
            bars_svg(
                [(row.code.translated("name"), row.inputs, None) for row in cluster.issues],
                title=_("Inputs raising each issue of “%(cluster)s”") % {"cluster": cluster.code.translated("name")},
            ),
        )
        for cluster in register.clusters
    ]


def named_cross_tables(register: Register) -> dict[int, list]:
    """{issue pk: its cross-table with names: (category, regional group, developed, inputs)}, the names read once."""
    known = names()
    return {row.code.pk: named_cells({"cells": row.cross_table}, known) for row in register.issues}
