"""Campaign detection: near-identical inputs grouped for the secretariat, paraphrases and the rest left alone."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Organisation
from consultations import campaigns, services, tasks
from consultations.models import (
    Campaign,
    Consultation,
    Question,
    SignatureBand,
    Submission,
    SubmissionState,
    SubmissionVersion,
    VersionAnswer,
)
from consultations.text import digest
from tests.factories import InputFactory, OrganisationFactory, category, country

pytestmark = pytest.mark.django_db

# A form letter in three answers (the first two under the questionnaire's 50-word limit); {name} is the sender.
TEMPLATE = (
    "On behalf of {name}, we are glad to contribute to the Working Group on Enhanced Cooperation. We understand "
    "it as the process that lets governments, on an equal footing, carry out their roles in international public "
    "policy issues pertaining to the Internet.",
    "All stakeholders have a part to play. The private sector builds and runs the networks, civil society speaks "
    "for users and their rights, and the technical community keeps the protocols open. None of them can replace "
    "the others, and none should be left out.",
    "We therefore ask the Working Group to recommend a light mechanism, hosted within the existing United Nations "
    "system, that gives every country a voice on Internet policy without creating a new bureaucracy. Such a "
    "mechanism should publish its work openly, invite written comments from anyone, and report each year to the "
    "Commission on Science and Technology for Development. We also urge that developing countries receive "
    "support to take part, so that the debate does not belong only to those who can afford to travel to Geneva.",
)

# The template's ideas in other words: the same position, argued independently.
PARAPHRASES = [
    (
        "Our organisation is glad to share its views with the group examining enhanced cooperation. In our reading, "
        "the term describes how states, as equals, exercise their responsibilities on global questions of Internet "
        "public policy.",
        "Every constituency matters here. Companies operate the infrastructure, non-governmental groups defend the "
        "interests and freedoms of people online, and engineers maintain open standards. Each brings something the "
        "rest cannot, so nobody ought to be excluded.",
        "For this reason we suggest a modest arrangement inside the current UN machinery rather than a fresh "
        "institution: one where all nations can be heard on questions of online policy. It ought to work in the "
        "open, accept written input from the public, and send an annual report to the CSTD. Poorer countries "
        "will need funding to participate, otherwise only delegations able to pay for trips to Switzerland will "
        "shape the discussion.",
    ),
    (
        "Thank you for inviting us to comment. Enhanced cooperation, as we see it, means giving governments equal "
        "standing when they deal with the international policy questions raised by the Internet.",
        "Business, civil society and the technical experts each have their own function: firms invest in and "
        "operate networks, advocacy groups represent the people who use them, and technologists keep the "
        "standards interoperable. Their contributions complement each other and all of them must be included.",
        "What we propose is an arrangement with a small footprint, placed inside institutions that already exist "
        "at the UN, through which any state may raise Internet policy matters. Its documents should be public, "
        "its consultations open to written submissions from everyone, and its conclusions sent every year to the "
        "Commission. Financial help for participants from the developing world is essential, or the conversation "
        "will be dominated by whoever can pay for flights.",
    ),
    (
        "We appreciate the chance to give input. For us, the phrase refers to a way for states to fulfil, as "
        "equals, their duties concerning worldwide policy on the Internet.",
        "No single group can do this alone. Industry deploys the cables and servers; citizens' associations "
        "protect online rights; engineers and standards bodies guard openness. Each of these roles is distinct "
        "and necessary, and every one of them deserves a seat.",
        "Rather than build a new agency, the group should advise a lean forum, housed in today's UN structures, "
        "in which all member states can discuss network policy. Transparency is vital: papers online, public "
        "calls for comments, and yearly reporting to the science and technology commission. Travel grants and "
        "remote participation would let delegates from the global South join in on an equal basis.",
    ),
    (
        "It is a pleasure to respond to this questionnaire. We take enhanced cooperation to be the means by which "
        "governments can act on an equal basis on the public policy aspects of the global network.",
        "Governments are not the only actors, though. Companies provide connectivity, non-profits advocate for "
        "the rights of users, and the engineering community designs open protocols. Each role is unique, and "
        "all should be respected and involved.",
        "Our recommendation is a lightweight process within the present UN framework, giving each nation a "
        "channel on Internet governance matters, without adding layers of administration. It should operate "
        "transparently, welcome public written contributions, and report annually to the CSTD. Developing "
        "nations need assistance to participate, so that the process is not reserved for those with the means "
        "to send delegations to Geneva.",
    ),
    (
        "We are grateful for the invitation. Enhanced cooperation should let every government take part, as an "
        "equal, in decisions on the international public policy questions of the Internet.",
        "Other stakeholders contribute in their own ways: enterprises construct and manage networks, civil "
        "society organisations champion users, and technical experts keep the Internet's standards open. "
        "These contributions cannot substitute for one another.",
        "Accordingly, we favour a simple mechanism, anchored in the UN system as it stands, which lets all "
        "countries be heard without a costly new body. It should be open about its work, receive comments in "
        "writing from all interested parties and report yearly to the Commission on Science and Technology for "
        "Development, with support for participants from developing countries who cannot otherwise attend.",
    ),
]

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "te", "vi", "do", "pa", "re", "shi", "tu", "an", "el", "or", "im"]
SUBSTITUTES = ["strongly", "global", "fair", "broad", "digital", "modest", "urgent", "shared", "regional", "timely"]
TOPICS = ["Digital Rights", "Open Internet", "Internet Freedom", "Connectivity", "Online Safety", "Media"]
KINDS = ["Network", "Coalition", "Foundation", "Institute", "Association", "Society", "Alliance"]
PLACES = ["Kenya", "the Andes", "Lower Saxony", "Mindanao", "the Pacific Islands", "Quebec", "Tamil Nadu"]


# Text ---------------------------------------------------------------------------------------------------------


class Writer:
    """Seeded text: essays in a pseudo-language of a few thousand words, and copies of the form letter."""

    def __init__(self, seed=67195, size=3000):
        self.rng = random.Random(seed)
        words = set()
        while len(words) < size:
            words.add("".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 4))))
        self.vocabulary = sorted(words)
        self.weights = [1 / rank for rank in range(1, size + 1)]  # Zipf: a few words are everywhere

    def essay(self):
        """120 to 200 words, in three answers."""
        words = self.rng.choices(self.vocabulary, self.weights, k=self.rng.randint(120, 200))
        return (" ".join(words[:40]) + ".", " ".join(words[40:80]) + ".", " ".join(words[80:]) + ".")

    def name(self, i):
        return f"{self.rng.choice(TOPICS)} {self.rng.choice(KINDS)} of {self.rng.choice(PLACES)} {i}"

    def letter(self, name, template=TEMPLATE):
        """The form letter signed by `name`, with two to four of its words changed."""
        paragraphs = [paragraph.split(" ") for paragraph in template]
        slots = [(i, j) for i, words in enumerate(paragraphs) for j, word in enumerate(words) if "{" not in word]
        for i, j in self.rng.sample(slots, self.rng.randint(2, 4)):
            paragraphs[i][j] = self.rng.choice(SUBSTITUTES)
        return tuple(" ".join(words).replace("{name}", name) for words in paragraphs)


def joined(answers):
    return "\n".join(answers)


def sig(text):
    return campaigns.signature(campaigns.shingles(text))


# Inputs -------------------------------------------------------------------------------------------------------


def sent_inputs(consultation, inputs):
    """Submitted inputs as the services leave them, inserted in bulk: [(organisation name, answers)] -> inputs."""
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=name, category=category("civil-society"), country=country("KEN"), status=Organisation.Status.VERIFIED
        )
        for name, _answers in inputs
    )
    first = Submission.objects.filter(consultation=consultation).count() + 1
    at = timezone.now()
    submissions = Submission.objects.bulk_create(
        Submission(
            consultation=consultation,
            organisation=organisation,
            state=SubmissionState.SUBMITTED,
            number=first + i,
            reference=f"{consultation.reference}-{first + i:04d}",
            digest=digest(dict(enumerate(answers, 1)), []),
            submitted_at=at,
            first_submitted_at=at,
            consent_clause=consultation.consent_clause,
        )
        for i, (organisation, (_name, answers)) in enumerate(zip(organisations, inputs, strict=True))
    )
    versions = SubmissionVersion.objects.bulk_create(
        SubmissionVersion(submission=s, number=1, submitted_at=at, digest=s.digest, language="en", consent="public")
        for s in submissions
    )
    questions = dict(consultation.questions.values_list("number", "pk"))
    VersionAnswer.objects.bulk_create(
        VersionAnswer(version=version, question_id=questions[number], text=text)
        for version, (_name, answers) in zip(versions, inputs, strict=True)
        for number, text in enumerate(answers, 1)
        if text
    )
    for submission, version in zip(submissions, versions, strict=True):
        submission.current_version = version
    Submission.objects.bulk_update(submissions, ["current_version"])
    return submissions


def check_all(submissions, order=None):
    """Run the task for each input (in-process), in the order given."""
    for submission in order or submissions:
        tasks.campaign_check.delay(submission.pk).get()


def grouping():
    """The campaigns as sets of input ids, whatever their ids."""
    groups = {}
    for pk, campaign_id in Submission.objects.filter(campaign__isnull=False).values_list("pk", "campaign_id"):
        groups.setdefault(campaign_id, set()).add(pk)
    return {frozenset(members) for members in groups.values()}


def state_of_campaigns():
    """Everything campaign detection writes, to compare before and after."""
    return (
        sorted(Submission.objects.values_list("pk", "campaign_id", "signature")),
        sorted(SignatureBand.objects.values_list("pk", "submission_id", "band", "value")),
        sorted(Campaign.objects.values_list("pk", flat=True)),
    )


def forget_campaigns():
    SignatureBand.objects.all().delete()
    Submission.objects.update(campaign=None, signature=None)
    Campaign.objects.all().delete()


@pytest.fixture
def writer():
    return Writer()


@pytest.fixture
def letters(consultation, writer):
    """Five copies of the form letter, each signed by its sender."""
    return sent_inputs(consultation, [(name, writer.letter(name)) for name in map(writer.name, range(5))])


@pytest.fixture
def others(consultation, writer):
    """Five independent essays and the five paraphrases of the letter."""
    essays = [(f"Essayist {i}", writer.essay()) for i in range(5)]
    paraphrases = [(f"Paraphraser {i}", answers) for i, answers in enumerate(PARAPHRASES)]
    return sent_inputs(consultation, essays + paraphrases)


# Pure functions -----------------------------------------------------------------------------------------------


def test_it_finds_identical_texts_identical():
    text = joined(TEMPLATE)
    assert campaigns.similarity(sig(text), sig(text)) == 1.0


def test_it_keeps_a_text_with_one_word_changed_near_identical(writer):
    words = writer.rng.choices(writer.vocabulary, k=150)
    changed = [*words[:75], "different", *words[76:]]
    similarity = campaigns.similarity(sig(" ".join(words)), sig(" ".join(changed)))
    assert similarity >= 0.8  # 141 of the 151 distinct shingles are shared: 0.93
    assert similarity >= campaigns.THRESHOLD


def test_it_tells_unrelated_texts_apart(writer):
    assert campaigns.similarity(sig(joined(writer.essay())), sig(joined(writer.essay()))) < 0.2
    assert campaigns.similarity(sig(joined(writer.essay())), sig(joined(TEMPLATE))) < 0.2


def test_it_keeps_copies_of_a_form_letter_above_the_threshold_and_paraphrases_far_below(writer):
    copies = [sig(joined(writer.letter(writer.name(i)))) for i in range(10)]
    paraphrases = [sig(joined(answers)) for answers in PARAPHRASES]
    near = [campaigns.similarity(a, b) for i, a in enumerate(copies) for b in copies[i + 1 :]]
    reworded = [campaigns.similarity(p, c) for p in paraphrases for c in copies]
    assert sum(near) / len(near) > campaigns.THRESHOLD + 0.1
    assert max(reworded) < 0.1


def test_it_ignores_case_punctuation_numbers_and_spacing():
    assert campaigns.shingles("Enhanced   COOPERATION, on public-policy issues (2013)!") == campaigns.shingles(
        "enhanced cooperation on public policy issues"
    )
    assert campaigns.shingles("ｅｎｈａｎｃｅｄ") == campaigns.shingles("enhanced")  # full-width letters, NFKC


def test_it_shingles_cjk_text_by_characters():
    text = "加强合作是指各国政府在平等基础上履行其在互联网相关国际公共政策问题上的作用和责任"
    assert len(campaigns.shingles(text)) == len(text) - campaigns.SHINGLE + 1
    one_character_changed = text.replace("平等", "对等")
    assert campaigns.similarity(sig(text), sig(one_character_changed)) >= campaigns.THRESHOLD
    mixed = campaigns.shingles(f"{text} enhanced cooperation on public policy")
    assert campaigns.shingles(text) < mixed  # the Latin words add one shingle of their own


def test_it_makes_one_shingle_of_a_short_text_and_none_of_an_empty_one():
    assert len(campaigns.shingles("Open Internet")) == 1
    assert campaigns.shingles("") == set()
    assert campaigns.shingles(" … 2013 ") == set()
    assert campaigns.signature(set()) == []
    assert campaigns.bands([]) == []
    assert campaigns.similarity([], []) == 0.0


def test_it_fits_signatures_and_bands_in_bigint():
    signature = sig(joined(TEMPLATE))
    assert len(signature) == campaigns.SIZE == 128
    assert all(0 <= value < 2**61 for value in signature)
    values = campaigns.bands(signature)
    assert len(values) == 32
    assert all(-(2**63) <= value < 2**63 for value in values)
    assert sig(joined(TEMPLATE)) == signature  # the same in every process: no hash() randomisation


# Grouping -----------------------------------------------------------------------------------------------------


def test_it_groups_a_campaign_of_30_among_300_others(consultation, writer):
    letters = sent_inputs(consultation, [(name, writer.letter(name)) for name in map(writer.name, range(30))])
    essays = sent_inputs(consultation, [(f"Respondent {i}", writer.essay()) for i in range(300)])
    paraphrases = sent_inputs(consultation, [(f"Paraphraser {i}", answers) for i, answers in enumerate(PARAPHRASES)])
    everyone = letters + essays + paraphrases
    writer.rng.shuffle(everyone)
    check_all(everyone)
    campaign = Campaign.objects.get()  # exactly one
    assert set(campaign.submissions.values_list("pk", flat=True)) == {s.pk for s in letters}
    assert campaigns.campaign_sizes([campaign.pk]) == {campaign.pk: 30}
    assert SignatureBand.objects.count() == 335 * 32


def test_it_groups_the_same_whatever_the_order(consultation, writer, letters, others):
    template = writer.essay()  # a second form letter, unsigned
    second = sent_inputs(consultation, [(f"Second {i}", writer.letter(f"Second {i}", template)) for i in range(3)])
    everyone = letters + others + second
    check_all(everyone)
    expected = {frozenset(s.pk for s in letters), frozenset(s.pk for s in second)}
    assert grouping() == expected
    for seed in range(3):
        forget_campaigns()
        random.Random(seed).shuffle(everyone)
        check_all(everyone)
        assert grouping() == expected


def test_it_changes_nothing_when_checked_twice(consultation, letters, others):
    check_all(letters + others)
    before = state_of_campaigns()
    check_all(letters + others)
    assert state_of_campaigns() == before
    assert tasks.campaigns_rebuild.delay(consultation.pk).get() == 15
    assert state_of_campaigns() == before


def test_it_groups_an_imported_consultation_on_rebuild(consultation, letters, others):
    assert not Campaign.objects.exists()  # inserted without checks, as an import would
    tasks.campaigns_rebuild.delay(consultation.pk).get()
    assert grouping() == {frozenset(s.pk for s in letters)}


def test_it_lets_a_withdrawn_input_leave_its_campaign(consultation, writer, moderator):
    organisations = [OrganisationFactory(name=writer.name(i), status=Organisation.Status.VERIFIED) for i in range(3)]
    first, second, third = [
        InputFactory(consultation=consultation, organisation=o, answers=dict(enumerate(writer.letter(o.name), 1)))
        for o in organisations
    ]
    check_all([first, second, third])
    assert grouping() == {frozenset({first.pk, second.pk, third.pk})}

    user = first.organisation.memberships.get().user
    services.submission_withdraw(user=user, submission=first)
    tasks.campaign_check.delay(first.pk).get()
    first.refresh_from_db()
    assert first.campaign is None and first.signature is None and not first.bands.exists()
    assert grouping() == {frozenset({second.pk, third.pk})}

    services.submission_withdraw(user=second.organisation.memberships.get().user, submission=second)
    tasks.campaign_check.delay(second.pk).get()
    assert not Campaign.objects.exists()  # one input is no campaign
    check_all([first, second, third])  # and the withdrawn stay out whoever is checked again
    assert grouping() == set()


def test_it_moves_an_input_sent_again_in_other_words_out_of_its_campaign(consultation, writer, letters):
    check_all(letters)
    changed = letters[0]
    version = SubmissionVersion.objects.create(
        submission=changed, number=2, submitted_at=timezone.now(), digest="0" * 64, language="en", consent="public"
    )
    VersionAnswer.objects.create(version=version, question=consultation.questions.get(number=1), text="Changed.")
    Submission.objects.filter(pk=changed.pk).update(current_version=version)
    assert tasks.campaign_check.delay(changed.pk).get() is None
    assert grouping() == {frozenset(s.pk for s in letters[1:])}


def test_it_merges_two_campaigns_that_a_new_input_bridges(consultation, writer):
    words = writer.rng.choices(writer.vocabulary, k=150)
    head, tail = words[:100], words[50:]  # each shares 2/3 of the whole, but only 1/3 with the other
    variants = [
        ("Head", head),
        ("Head again", [*head[:20], "changed", *head[21:]]),
        ("Tail", tail),
        ("Tail again", [*tail[:20], "changed", *tail[21:]]),
    ]
    heads_a, heads_b, tails_a, tails_b = sent_inputs(consultation, [(n, ("", "", " ".join(w))) for n, w in variants])
    check_all([heads_a, heads_b, tails_a, tails_b])
    assert grouping() == {frozenset({heads_a.pk, heads_b.pk}), frozenset({tails_a.pk, tails_b.pk})}
    first_campaign = Submission.objects.get(pk=heads_a.pk).campaign_id

    (bridge,) = sent_inputs(consultation, [("Bridge", ("", "", " ".join(words)))])
    assert tasks.campaign_check.delay(bridge.pk).get() == first_campaign  # the oldest survives
    assert grouping() == {frozenset({heads_a.pk, heads_b.pk, tails_a.pk, tails_b.pk, bridge.pk})}
    assert list(Campaign.objects.values_list("pk", flat=True)) == [first_campaign]


def test_it_groups_inputs_only_within_their_consultation(consultation, writer, letters):
    other = Consultation.objects.create(
        title="Second questionnaire",
        slug="wgec-2014",
        reference="WGEC-2014",
        summary="Again.",
        consent_clause="As before.",
        opens_at=consultation.opens_at,
        closes_at=consultation.closes_at + timedelta(days=1),
        status=Consultation.Status.OPEN,
    )
    Question.objects.bulk_create(Question(consultation=other, number=n, text=f"Q{n}") for n in (1, 2, 3))
    (lonely,) = sent_inputs(other, [("Elsewhere", writer.letter("Elsewhere"))])
    check_all([*letters, lonely])
    assert grouping() == {frozenset(s.pk for s in letters)}


def test_it_forgets_an_input_deleted_before_its_check():
    assert campaigns.campaign_check(987654) is None


# Queries ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [10, 100])
def test_it_checks_an_input_in_a_fixed_number_of_queries(consultation, writer, count, django_assert_max_num_queries):
    *inputs, last = sent_inputs(consultation, [(f"Sender {i}", writer.letter(f"Sender {i}")) for i in range(count)])
    check_all(inputs)
    # The costliest path: the last input's matches are in two campaigns, and it leaves a campaign of its own.
    split = Campaign.objects.create(consultation=consultation)
    Submission.objects.filter(pk__in=[s.pk for s in inputs[::2]]).update(campaign=split)
    Submission.objects.filter(pk=last.pk).update(campaign=Campaign.objects.create(consultation=consultation))
    # The input's consultation; lock the consultation; the input; its answers; delete and insert its bands;
    # save its signature; the candidates with their signatures; move the matches and the merged campaign's
    # members; delete the merged campaign (select, set null, delete); count what is left in its old campaign
    # and delete that (select, set null, delete). Tests add a savepoint and its release.
    with django_assert_max_num_queries(18):
        campaigns.campaign_check(last.pk)
    # Checked again: the consultation, savepoint, lock, input, answers, candidates, release; nothing written.
    with django_assert_max_num_queries(7):
        campaigns.campaign_check(last.pk)
    (size,) = campaigns.campaign_sizes(Campaign.objects.values_list("pk", flat=True)).values()
    assert size == count


def test_it_counts_campaign_sizes_in_one_query(letters, others, django_assert_num_queries):
    check_all(letters + others)
    ids = list(Campaign.objects.values_list("pk", flat=True))
    with django_assert_num_queries(1):
        sizes = campaigns.campaign_sizes(ids)
    assert sizes == {ids[0]: 5}
    with django_assert_num_queries(1):
        assert campaigns.campaign_sizes(Campaign.objects.values("pk")) == sizes


# Worker -------------------------------------------------------------------------------------------------------


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_groups_inputs_on_a_real_worker(celery_worker, consultation):
    organisations = [OrganisationFactory(name=f"Twin {i}", status=Organisation.Status.VERIFIED) for i in (1, 2)]
    answers = {1: TEMPLATE[0].format(name="the twins"), 2: TEMPLATE[1], 3: TEMPLATE[2]}
    first, second = [InputFactory(consultation=consultation, organisation=o, answers=answers) for o in organisations]
    # Sending may have enqueued the checks already: whatever ran first, the second check finds the pair.
    tasks.campaign_check.delay(first.pk).get(timeout=30)
    campaign_id = tasks.campaign_check.delay(second.pk).get(timeout=30)
    first.refresh_from_db()
    second.refresh_from_db()
    assert campaign_id is not None
    assert first.campaign_id == second.campaign_id == campaign_id
    assert celery_worker.poll() is None
