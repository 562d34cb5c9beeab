"""Campaign detection: inputs whose answers are near-identical are grouped for the secretariat to review together.

Each input sent gets a MinHash signature of its word shingles (character shingles for Chinese, Japanese and
Korean). Locality-sensitive hashing cuts the signature into bands; inputs sharing a band are candidates, and a
candidate whose signature agrees in at least THRESHOLD of its positions is a match. An input and its matches
share one Campaign (single linkage: a match of a match is in the same campaign).

An input that leaves (withdrawn, or sent again with other words) leaves the rest of its campaign together, even
if it was their only link: they were alike enough to be reviewed together once, which errs on the safe side.
"""

import functools
import hashlib
import random
import re
import struct
import unicodedata

from django.db import connection, transaction
from django.db.models import Count, Q

from consultations.models import Campaign, Consultation, SignatureBand, Submission, SubmissionState, VersionAnswer
from consultations.text import CJK

SHINGLE = 5  # words, or characters in a run of CJK: a shared 5-word phrase is rarely a coincidence
SIZE = 128  # hashes in a signature: the similarity it estimates is within ±0.045 of the true one
ROWS = 4  # rows per band: 32 bands of 4, candidate pairs from a similarity of about 0.4 up
PRIME = 2**61 - 1  # a Mersenne prime: every signature value is below it and fits a signed 64-bit integer

# Near-identical means one text sent with a few edits: a form letter with the sender's name and a few words
# changed. Two copies of a 150-word letter, each with a name and 2 to 4 words of its own, share 50-75% of their
# 5-word shingles, since one changed word breaks the five shingles that cover it. Paraphrases, which keep the
# ideas and change the wording, share almost none (under 10%), nor do texts written independently on the same
# questions. 0.5 sits between the two with room on both sides for the ±0.045 of the estimate.
THRESHOLD = 0.5

# Inputs that take no part: drafts were never sent (or were reopened), withdrawn ones were taken back.
# Rejected and returned inputs stay: a moderator reviewing a campaign wants to see all of it.
OUT_OF_PLAY = (SubmissionState.DRAFT, SubmissionState.WITHDRAWN)

CJK_RUN = re.compile(f"(?:{CJK.pattern})+")
WORD = re.compile(r"\w+")


@functools.cache
def _hash_functions(size: int) -> list[tuple[int, int]]:
    """The (a, b) of the universal hashes (a*x + b) mod PRIME: fixed, so signatures compare across processes."""
    seeds = random.Random(2013)
    return [(seeds.randrange(1, PRIME), seeds.randrange(0, PRIME)) for _ in range(size)]


def _hash64(shingle: str) -> int:
    """An unsigned 64-bit hash of a shingle, the same in every process (unlike hash())."""
    return int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big")


def _ngrams(items: list[str], n: int, glue: str) -> list[str]:
    """The runs of n consecutive items; a sequence shorter than n is one shingle on its own."""
    if len(items) <= n:
        return [glue.join(items)] if items else []
    return [glue.join(items[i : i + n]) for i in range(len(items) - n + 1)]


def normalise(text: str) -> str:
    """Compatibility forms folded, case folded, whitespace collapsed: what differs only in these is the same."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def shingles(text: str) -> set[int]:
    """The hashed shingles of a text: word 5-grams, and character 5-grams inside runs of CJK characters.

    Punctuation and numbers are left out (they vary between copies of one letter more than words do).
    """
    text = normalise(text)
    grams = [f"c:{gram}" for run in CJK_RUN.findall(text) for gram in _ngrams(list(run), SHINGLE, "")]
    words = [word for word in WORD.findall(CJK_RUN.sub(" ", text)) if not word.isdigit()]
    grams += [f"w:{gram}" for gram in _ngrams(words, SHINGLE, " ")]
    return {_hash64(gram) for gram in grams}


def signature(shingle_set: set[int], size: int = SIZE) -> list[int]:
    """The MinHash signature: for each of `size` fixed hash functions, the smallest hash of any shingle.

    Values are below 2**61, so they fit PostgreSQL's BIGINT and JSON; an empty set has an empty signature.
    """
    if not shingle_set:
        return []
    values = [x % PRIME for x in shingle_set]
    return [min((a * x + b) % PRIME for x in values) for a, b in _hash_functions(size)]


def bands(sig: list[int], rows: int = ROWS) -> list[int]:
    """One hash per band of `rows` consecutive values, as a signed 64-bit integer (for a BigIntegerField)."""
    packed = (struct.pack(f">{rows}Q", *sig[i : i + rows]) for i in range(0, len(sig) - rows + 1, rows))
    return [int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "big", signed=True) for chunk in packed]


def similarity(a: list[int], b: list[int]) -> float:
    """The share of positions where two signatures agree: an estimate of the Jaccard similarity of the texts."""
    if not a or len(a) != len(b):
        return 0.0
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


# Database ----------------------------------------------------------------------------------------------------


def input_text(version_id: int | None) -> str:
    """The text of an input: the answers of a version, by question number, one per line."""
    if version_id is None:
        return ""
    answers = VersionAnswer.objects.filter(version_id=version_id).order_by("question__number")
    return "\n".join(answers.values_list("text", flat=True))


def _store_signature(submission: Submission, sig: list[int]) -> None:
    """Replace the input's signature and its bands."""
    SignatureBand.objects.filter(submission=submission).delete()
    SignatureBand.objects.bulk_create(
        SignatureBand(submission=submission, band=number, value=value) for number, value in enumerate(bands(sig))
    )
    submission.signature = sig or None
    submission.save(update_fields=["signature"])


def matches(submission: Submission, sig: list[int]) -> dict[int, int | None]:
    """Inputs of the same consultation near-identical to this signature: {input id: its campaign id}."""
    if not sig:
        return {}
    shared = Q()
    for number, value in enumerate(bands(sig)):
        shared |= Q(band=number, value=value)
    candidates = (
        Submission.objects.filter(
            consultation_id=submission.consultation_id,
            pk__in=SignatureBand.objects.filter(shared).values("submission_id"),
        )
        .exclude(pk=submission.pk)
        .exclude(state__in=OUT_OF_PLAY)
        .values_list("pk", "signature", "campaign_id")
    )
    return {pk: campaign_id for pk, other, campaign_id in candidates if similarity(sig, other or []) >= THRESHOLD}


def _drop_if_alone(campaign_id: int) -> None:
    """Delete the campaign if fewer than two inputs are left in it."""
    if Submission.objects.filter(campaign_id=campaign_id).count() < 2:
        Campaign.objects.filter(pk=campaign_id).delete()


def _join(submission: Submission, found: dict[int, int | None]) -> int:
    """Put the input and its matches in one campaign, merging the campaigns they were in; return its id."""
    # Only the matches' campaigns count: an input whose text changed does not drag its old group along.
    campaigns = {pk for pk in found.values() if pk is not None}
    # The oldest campaign survives (ids only grow), so a group keeps its id as it grows.
    target = min(campaigns) if campaigns else Campaign.objects.create(consultation_id=submission.consultation_id).pk
    others = campaigns - {target}
    if others or {submission.campaign_id, *found.values()} != {target}:
        members = Q(pk__in=[submission.pk, *found]) | Q(campaign_id__in=others)
        Submission.objects.filter(members).exclude(campaign_id=target).update(campaign_id=target)
    if others:
        Campaign.objects.filter(pk__in=others).delete()
    return target


def _leave(submission: Submission) -> None:
    """Take the input out of its campaign, if it is in one."""
    if submission.campaign_id is not None:
        Submission.objects.filter(pk=submission.pk).update(campaign_id=None)


CHECK_LOCK = 67195  # the first key of PostgreSQL's advisory locks of campaign checks; the second is the consultation


def _one_check_at_a_time(consultation_id: int) -> None:
    """Wait until no other check of the consultation runs, then hold it off until this transaction ends.

    Not the consultation's row: a check runs in a background worker of lower priority, and must not hold up the
    inputs being sent meanwhile, which lock that row to be numbered.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [CHECK_LOCK, consultation_id])
    else:  # SQLite: one writer at a time anyway
        Consultation.objects.select_for_update().only("pk").get(pk=consultation_id)


def campaign_check(submission_id: int) -> int | None:
    """Sign the input's current version and group it with the inputs it nearly repeats; return its campaign id.

    Idempotent, and the grouping does not depend on the order inputs are checked in. Checks of one consultation
    run one at a time (a lock of their own, see `_one_check_at_a_time`), so two workers cannot split a campaign
    between them. A withdrawn input loses its signature and leaves its campaign.
    """
    inputs = Submission.objects.filter(pk=submission_id).order_by()  # no join for the default ordering
    consultation_id = inputs.values_list("consultation_id", flat=True).first()
    if consultation_id is None:
        return None  # deleted since the check was asked for
    with transaction.atomic():
        _one_check_at_a_time(consultation_id)
        submission = inputs.first()
        if submission is None:
            return None
        in_play = submission.state not in OUT_OF_PLAY
        sig = signature(shingles(input_text(submission.current_version_id))) if in_play else []
        if sig != (submission.signature or []):
            _store_signature(submission, sig)
        found = matches(submission, sig)
        if found:
            campaign_id = _join(submission, found)
        else:
            campaign_id = None
            _leave(submission)
        if submission.campaign_id not in (None, campaign_id):
            _drop_if_alone(submission.campaign_id)
        return campaign_id


def campaign_sizes(campaign_ids) -> dict[int, int]:
    """{campaign id: how many inputs it holds}, in one query, for the moderators' queue (ids: a list or a queryset)."""
    rows = Submission.objects.filter(campaign_id__in=campaign_ids).values("campaign_id")
    return dict(rows.annotate(size=Count("pk")).values_list("campaign_id", "size").order_by())


def consultation_inputs(consultation_id: int) -> list[int]:
    """Ids of the consultation's inputs ever sent (withdrawn ones too, so that they leave their campaigns)."""
    sent = Submission.objects.filter(consultation_id=consultation_id, current_version__isnull=False)
    return list(sent.order_by("pk").values_list("pk", flat=True))
