"""The suite's cast and its things, built as the domain says them: `InputFactory(accepted=True, anonymous=True)`
is an input sent anonymously through the services by a member, and accepted by a moderator.

Inputs, versions and decisions go through consultations.services, as a respondent's and a moderator's would, so
that what a test reads (digests, references, receipts, the audit trail, the search text) is what the site writes.
"""

import time
from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts import roles
from accounts.models import Country, Membership, Organisation, StakeholderCategory, User
from consultations import services
from consultations.models import (
    Consent,
    Consultation,
    Question,
    Submission,
    SubmissionState,
    SubmissionVersion,
    Theme,
    VersionAnswer,
)
from reports.models import RepresentationPolicy, WorkingGroup
from reports.policy import wgec_2013

PASSWORD = "correct-horse-battery-staple"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        user.save()
        if extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


def give_mfa(user):
    TOTP.activate(user, TOTP_SECRET)
    RecoveryCodes.activate(user)
    return Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)


def current_code(secret=TOTP_SECRET):
    """The authenticator app's code for this moment."""
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def code_to_type(secret=TOTP_SECRET, *, margin=5.0):
    """The code a person types into a form: the current one, unless its period ends within `margin` seconds (a busy
    machine may send it too late), then the next period's, after waiting for it."""
    period = app_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < margin:
        time.sleep(left + 0.2)
    return current_code(secret)


def category(slug):
    return StakeholderCategory.objects.get(slug=slug)


def country(iso3):
    return Country.objects.get(iso3=iso3)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    category = factory.LazyFunction(lambda: category("civil-society"))
    country = factory.LazyFunction(lambda: country("KEN"))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.CONTRIBUTOR
    status = Membership.Status.ACTIVE


class ModeratorFactory(UserFactory):
    """A member of the secretariat with the Moderator role and two-factor authentication."""

    is_staff = True

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        user.groups.add(Group.objects.get(name=extracted or roles.MODERATOR))
        give_mfa(user)


class ConsultationFactory(factory.django.DjangoModelFactory):
    """An open consultation with two themes and three questions (the third optional), as the `consultation` fixture;
    `questions=False` for none. Traits: `closed` (its deadline passed ten days ago), `draft` (not yet open)."""

    class Meta:
        model = Consultation
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    title = "Questionnaire on enhanced cooperation"
    slug = factory.Sequence(lambda n: f"consultation-{n}")
    reference = factory.Sequence(lambda n: f"WGEC-{2013 + n}")
    summary = "Views on enhanced cooperation on public policy issues pertaining to the Internet."
    mandate = "The working group seeks, compiles and reviews inputs from Member States and other stakeholders."
    consent_clause = "Inputs are compiled for the Commission and published as each respondent chooses."
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    status = Consultation.Status.OPEN

    class Params:
        closed = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=40)),
            closes_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=10)),
            status=Consultation.Status.CLOSED,
        )
        draft = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=10)),
            closes_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=40)),
            status=Consultation.Status.DRAFT,
        )

    @factory.post_generation
    def questions(consultation, create, extracted, **kwargs):
        if extracted is False or consultation.questions.exists():
            return
        meaning = ThemeFactory(consultation=consultation, number=1, title="Meaning of enhanced cooperation")
        stakeholders = ThemeFactory(consultation=consultation, number=2, title="Roles of stakeholders")
        QuestionFactory(
            consultation=consultation, theme=meaning, number=1, text="What is enhanced cooperation?", word_limit=50
        )
        QuestionFactory(
            consultation=consultation,
            theme=stakeholders,
            number=2,
            text="What are the roles of stakeholders?",
            word_limit=50,
        )
        QuestionFactory(consultation=consultation, theme=stakeholders, number=3, text="Anything else?", required=False)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    consultation = factory.SubFactory(ConsultationFactory, questions=False)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Theme {n + 1}")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    consultation = factory.SubFactory(ConsultationFactory, questions=False)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Question {n + 1}?")


def _required_answers(consultation) -> dict[int, str]:
    return {q.number: f"Our views on question {q.number}." for q in consultation.questions.filter(required=True)}


class InputFactory(factory.Factory):
    """An input sent through the services by a member of its organisation (`user`, else an active member, else a new
    focal point) at `now`, then decided by `moderator` (a new one if needed) as `state` says.

    `answers` are by question number (every required question answered by default). Traits: `accepted`,
    `rejected`, `changes_requested`, `draft` (saved, never sent); `anonymous`, `secretariat_only` (its publication).
    """

    class Meta:
        model = Submission

    consultation = factory.SubFactory(ConsultationFactory)
    organisation = factory.SubFactory("tests.factories.OrganisationFactory", status=Organisation.Status.VERIFIED)
    answers = factory.LazyAttribute(lambda o: _required_answers(o.consultation))
    consent = Consent.PUBLIC
    language = "en"
    state = SubmissionState.SUBMITTED
    user = None
    moderator = None
    now = None
    reason = "Decided in a test."

    class Params:
        accepted = factory.Trait(state=SubmissionState.ACCEPTED)
        rejected = factory.Trait(state=SubmissionState.REJECTED)
        changes_requested = factory.Trait(state=SubmissionState.CHANGES_REQUESTED)
        draft = factory.Trait(state=SubmissionState.DRAFT)
        anonymous = factory.Trait(consent=Consent.ANONYMOUS)
        secretariat_only = factory.Trait(consent=Consent.SECRETARIAT)

    @classmethod
    def _create(cls, model_class, *, consultation, organisation, answers, user, state, moderator, reason, **sent):
        user = user or _member_of(organisation)
        submission = services.submission_for(user=user, consultation=consultation, organisation=organisation)
        submission = _save_draft(user, submission, answers, sent["consent"], sent["language"])
        if state == SubmissionState.DRAFT:
            return submission
        services.submission_submit(user=user, submission=submission, declaration=True, now=sent["now"])
        if state != SubmissionState.SUBMITTED:
            DecisionFactory(submission=submission, to_state=state, moderator=moderator, reason=reason)
        submission.refresh_from_db()
        return submission


class VersionFactory(factory.Factory):
    """A new version of an input already sent: its member saves the changes and sends them again. Whatever is not
    given stays as the input's current version has it."""

    class Meta:
        model = SubmissionVersion

    submission = factory.SubFactory(InputFactory)
    answers = None
    consent = None
    language = None
    user = None
    now = None

    @classmethod
    def _create(cls, model_class, *, submission, answers, consent, language, user, now):
        submission = Submission.objects.select_related("current_version").get(pk=submission.pk)
        before = submission.current_version
        if answers is None:
            answers = {a.question.number: a.text for a in before.answers.select_related("question")}
        user = user or _member_of(submission.organisation)
        submission = _save_draft(user, submission, answers, consent or before.consent, language or before.language)
        return services.submission_submit(user=user, submission=submission, declaration=True, now=now)


class DecisionFactory(factory.Factory):
    """A moderator's decision on a sent input (accepted by default), through the service, with its reason."""

    class Meta:
        model = Submission

    submission = factory.SubFactory(InputFactory)
    to_state = SubmissionState.ACCEPTED
    moderator = None
    reason = "Decided in a test."

    @classmethod
    def _create(cls, model_class, *, submission, to_state, moderator, reason):
        moderator = moderator or ModeratorFactory()
        return services.submission_decide(moderator=moderator, submission=submission, to_state=to_state, reason=reason)


def _member_of(organisation) -> User:
    member = organisation.memberships.active().select_related("user").first()
    return member.user if member else MembershipFactory(organisation=organisation, role="focal_point").user


def _save_draft(user, submission, answers, consent, language) -> Submission:
    questions = {q.number: q.pk for q in submission.consultation.questions.all()}
    changes = services.DraftChanges(
        answers={questions[n]: text for n, text in answers.items()},
        language=language,
        consent=consent,
        revision=submission.revision,
    )
    return services.submission_save_draft(user=user, submission=submission, changes=changes)


def inputs_in_bulk(consultation, n, *, state=SubmissionState.SUBMITTED, start=0):
    """n sent inputs from n verified organisations, written in bulk without the services (for query budgets at
    scale, where sending each would take minutes): one version and one answer each, published with names."""
    categories = list(StakeholderCategory.objects.exclude(slug="government"))
    countries = list(Country.objects.all())
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Bulk organisation {start + i}",
            category=categories[i % len(categories)],
            country=countries[i % len(countries)],
            status=Organisation.Status.VERIFIED,
        )
        for i in range(n)
    )
    now = timezone.now()
    submissions = Submission.objects.bulk_create(
        Submission(
            consultation=consultation,
            organisation=o,
            state=state,
            number=start + i + 1,
            reference=f"{consultation.reference}-B{start + i + 1:05d}",
            digest=f"{i:064x}",
            submitted_at=now - timedelta(minutes=i),
            first_submitted_at=now - timedelta(minutes=i),
            language=["en", "fr", "es", "ar", "ru", "zh-hans"][i % 6],
        )
        for i, o in enumerate(organisations)
    )
    versions = SubmissionVersion.objects.bulk_create(
        SubmissionVersion(
            submission=s,
            number=1,
            submitted_at=s.submitted_at,
            digest=s.digest,
            language=s.language,
            consent=Consent.PUBLIC,
        )
        for s in submissions
    )
    question = consultation.questions.order_by("number").first()
    VersionAnswer.objects.bulk_create(
        VersionAnswer(version=v, question=question, text=f"Answer {v.pk}") for v in versions
    )
    for s, v in zip(submissions, versions, strict=True):
        s.current_version = v
    Submission.objects.bulk_update(submissions, ["current_version"])
    return submissions


class RepresentationPolicyFactory(factory.django.DjangoModelFactory):
    """The rules of representation the 2013 working group was composed by (reports/policy.py)."""

    class Meta:
        model = RepresentationPolicy

    name = "WGEC 2013"
    document = factory.LazyFunction(wgec_2013)


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup
        django_get_or_create = ("slug",)

    name = "Working Group on Enhanced Cooperation"
    slug = "wgec"
    policy = factory.SubFactory(RepresentationPolicyFactory)
