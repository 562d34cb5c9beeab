"""What the review's pages and files read."""

from consultations.models import Consultation
from review.models import Code


def codebook_of(consultation: Consultation) -> list[Code]:
    """Every code of the consultation's codebook, parents before children and in their order: clusters, then each
    cluster's issues, then each issue's sub-issues. One query."""
    codes = list(Code.objects.filter(consultation=consultation).select_related("parent", "merged_into"))
    children = {}
    for code in codes:
        children.setdefault(code.parent_id, []).append(code)
    ordered = []

    def walk(parent_id):
        for code in sorted(children.get(parent_id, []), key=lambda code: (code.position, code.pk)):
            ordered.append(code)
            walk(code.pk)

    walk(None)
    return ordered
