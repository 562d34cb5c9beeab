"""The demo's report of the working group: two published drafts, a closed round of comments in several languages, an
open round, and positions that leave two recommendations without consensus. Every text is the demo's own, written
for it (the real group's report was never agreed); the title says so."""

from datetime import timedelta

from django.utils import timezone

from accounts.demo import STAKEHOLDER_PASSWORD, demo_user
from groups import services
from groups.models import Kind, Position, Status
from reports.models import Member, Nomination

TITLE = "Report of the Working Group on Enhanced Cooperation (demo)"

# (section heading, [(kind, text)])
DRAFT = [
    (
        "I. Introduction",
        [
            (
                Kind.NARRATIVE,
                "The General Assembly, in its resolution 67/195, invited the Chair of the Commission on "
                "Science and Technology for Development to establish a working group on enhanced cooperation.",
            ),
            (
                Kind.NARRATIVE,
                "The working group was composed of Member States from the five regional groups and of "
                "invited representatives of the private sector, civil society, the technical and academic "
                "communities and intergovernmental and international organizations.",
            ),
            (
                Kind.NARRATIVE,
                "The working group held three meetings in Geneva and one additional meeting, and sought "
                "written inputs from all Member States and all other stakeholders through a questionnaire.",
            ),
        ],
    ),
    (
        "II. Method",
        [
            (
                Kind.NARRATIVE,
                "The secretariat compiled the inputs received and prepared a summary of them, which the "
                "working group reviewed at its second meeting.",
            ),
            (
                Kind.NARRATIVE,
                "The inputs were coded by issue, and the issues were mapped to the mechanisms that address "
                "them, so that gaps could be identified.",
            ),
            (
                Kind.NARRATIVE,
                "Members commented in writing on each draft of this report before it was discussed "
                "paragraph by paragraph.",
            ),
        ],
    ),
    (
        "III. Findings",
        [
            (Kind.FINDING, "There is no common understanding of the meaning and scope of enhanced cooperation."),
            (
                Kind.FINDING,
                "Many international public policy issues pertaining to the Internet are addressed by "
                "existing mechanisms, although [not all] / [few] of them allow all stakeholders to take part.",
            ),
            (
                Kind.FINDING,
                "Developing countries face barriers to participating effectively in Internet governance, "
                "including the cost of attending meetings and the lack of technical capacity.",
            ),
            (
                Kind.FINDING,
                "The Internet Governance Forum has contributed to dialogue but does not produce negotiated outcomes.",
            ),
            (
                Kind.FINDING,
                "Stakeholders attach importance to the [equal] participation of women in Internet "
                "governance processes.",
            ),
            (
                Kind.FINDING,
                "Several inputs call for greater transparency in the management of critical Internet resources.",
            ),
        ],
    ),
    (
        "IV. Recommendations",
        [
            (
                Kind.RECOMMENDATION,
                "Enhanced cooperation should be [fully] implemented in accordance with the Tunis Agenda.",
            ),
            (
                Kind.RECOMMENDATION,
                "Governments, on an equal footing, should be enabled to carry out their roles and "
                "responsibilities in international public policy issues pertaining to the Internet.",
            ),
            (
                Kind.RECOMMENDATION,
                "Enhanced cooperation should be implemented [through existing mechanisms] / [through "
                "a new intergovernmental body].",
            ),
            (
                Kind.RECOMMENDATION,
                "The capacity of developing countries to participate in Internet governance should "
                "be strengthened through financial and technical support.",
            ),
            (Kind.RECOMMENDATION, "Remote participation should be offered at every meeting of the bodies concerned."),
            (
                Kind.RECOMMENDATION,
                "All stakeholders should take part in enhanced cooperation in their [respective "
                "roles] / [respective roles and responsibilities].",
            ),
            (
                Kind.RECOMMENDATION,
                "The mapping of international public policy issues to existing mechanisms should be "
                "kept up to date and published.",
            ),
            (
                Kind.RECOMMENDATION,
                "The equal participation of women should be ensured in all Internet governance processes.",
            ),
            (
                Kind.RECOMMENDATION,
                "The mandate of the Internet Governance Forum should be [extended] / [strengthened and extended].",
            ),
            (
                Kind.RECOMMENDATION,
                "The Commission should review progress in the implementation of enhanced cooperation every two years.",
            ),
        ],
    ),
    (
        "V. Adoption of the report",
        [
            (Kind.NARRATIVE, "The working group adopted this report at its final meeting."),
            (Kind.NARRATIVE, "The Chair was requested to present the report to the Commission at its next session."),
        ],
    ),
]

# The members who comment: (a government's country, or another stakeholder's category; the account's login; the
# language they comment in).
VOICES = [("DZA", "delegate-algeria", "ar"), ("ARG", "delegate-argentina", "es"), ("BLR", "delegate-belarus", "ru"),
          ("BEL", "delegate-belgium", "fr"), ("CAN", "delegate-canada", "en"), ("BGD", "delegate-bangladesh", "en"),
          ("civil-society", "member-civil-society", "en"), ("technical-community", "member-technical", "en"),
          ("intergovernmental", "member-igo", "zh-hans")]  # fmt: skip

# Round one on draft 1, closed and published: (voice, paragraph number, position, comment, amendment).
ROUND_ONE = [
    ("ARG", 15, Position.OBJECT, "Preferimos fortalecer los mecanismos existentes en lugar de crear uno nuevo.", ""),
    ("DZA", 15, Position.SUPPORT, "نؤيد إنشاء هيئة حكومية دولية جديدة.", ""),
    (
        "CAN",
        15,
        Position.OBJECT,
        "A new body would duplicate existing work.",
        "Enhanced cooperation should be implemented through existing mechanisms.",
    ),
    ("intergovernmental", 15, Position.SUPPORT, "我们支持建立新的政府间机构。", ""),
    ("BLR", 14, Position.SUPPORT, "Поддерживаем равные условия для правительств.", ""),
    ("CAN", 14, Position.OBJECT, "The roles of all stakeholders should be recognised in the same sentence.", ""),
    ("BEL", 13, Position.RESERVE, "Le mot « pleinement » mérite d’être discuté.", ""),
    ("civil-society", 20, Position.SUPPORT, "Gender balance should be measured and reported.", ""),
    (
        "technical-community",
        18,
        Position.SUPPORT,
        "",
        "All stakeholders should take part in enhanced cooperation in their respective roles and responsibilities.",
    ),
    ("BGD", 16, Position.SUPPORT, "Travel support would make the difference for small delegations.", ""),
]
# Round two on draft 2, still open: the positions that leave recommendations 14 and 15 without consensus.
ROUND_TWO = [
    ("ARG", 15, Position.OBJECT, "Mantenemos nuestra objeción."),
    ("CAN", 15, Position.OBJECT, "Our objection stands."),
    ("DZA", 15, Position.SUPPORT, "نؤيد الصيغة المقترحة."),
    ("CAN", 14, Position.OBJECT, "Our objection stands."),
    ("BLR", 14, Position.SUPPORT, "Поддерживаем."),
    ("BEL", 13, Position.SUPPORT, "Nous pouvons accepter ce texte."),
]


def seed_report(chair, group):
    """The demo group's members (some with accounts), its report and the rounds of comments (idempotent)."""
    if group.group_reports.exists():
        return group.group_reports.first()
    seats = _members(chair, group)
    report = services.start_report(group, title=TITLE, user=chair, symbol="E/CN.16/2014/CRP.3 (demo)")
    draft = services.editing(report)
    for heading, paragraphs in DRAFT:
        section = services.add_section(draft, heading=heading, user=chair)
        for kind, text in paragraphs:
            services.add_paragraph(draft, text=text, user=chair, section=section, kind=kind)
    by_number = {v.number: v for v in draft.paragraphs.all()}
    services.propose(by_number[15], bracket=0, alternative=0, member=seats["CAN"], user=chair)
    services.propose(by_number[15], bracket=0, alternative=1, member=seats["DZA"], user=chair)
    services.publish(draft, user=chair, note="Chair's first draft, for written comments (demo).")
    first = services.open_round(draft, user=chair, deadline=timezone.now() + timedelta(days=14), publish_comments=True)
    for who, number, position, text, amendment in ROUND_ONE:
        services.comment(first, by_number[number], user=seats[who].user, text=text, amendment=amendment,
                         position=position, language=_language(who))  # fmt: skip
    services.close_round(first, user=chair)

    second = services.editing(report)
    now = {v.number: v for v in second.paragraphs.all()}
    for number in (1, 2, 3, 4, 5, 6, 23, 24):
        services.decide_status(now[number], Status.AGREED, user=chair, reason="Agreed at the second meeting.")
    services.edit_paragraph(now[18], user=chair, revision=now[18].revision, text="All stakeholders should take "
                            "part in enhanced cooperation in their respective roles and responsibilities.")  # fmt: skip
    services.decide_status(now[18], Status.AD_REFERENDUM, user=chair, reason="Pending confirmation from capitals.")
    for number in (13, 14, 15, 21):
        services.decide_status(now[number], Status.BRACKETED, user=chair, reason="Brackets remain after the round.")
    split = now[9]
    services.split_paragraph(split, user=chair, revision=split.revision,
                             first="Developing countries face barriers to participating effectively in Internet "
                                   "governance.",
                             second="These barriers include the cost of attending meetings and the lack of "
                                    "technical capacity.")  # fmt: skip
    services.publish(second, user=chair, note="Second draft, reflecting the written comments (demo).")
    second.refresh_from_db()
    current = {v.paragraph_id: v for v in second.paragraphs.all()}
    open_round = services.open_round(second, user=chair, deadline=timezone.now() + timedelta(days=21),
                                     publish_comments=True, observers_may_comment=True)  # fmt: skip
    for who, number, position, text in ROUND_TWO:
        version = current[by_number[number].paragraph_id]
        services.comment(open_round, version, user=seats[who].user, text=text, position=position,
                         language=_language(who))  # fmt: skip
    return report


def _language(who: str) -> str:
    return next(language for voice, _login, language in VOICES if voice == who)


def _members(chair, group) -> dict[str, Member]:
    """Confirm one nomination per voice and give it a demo account: {voice: member}."""
    seats = {}
    for voice, login, _language_code in VOICES:
        nominations = Nomination.objects.filter(working_group=group).select_related("organisation__country")
        if len(voice) == 3:
            nomination = nominations.filter(organisation__country__iso3=voice,
                                             organisation__category__is_government=True).first()  # fmt: skip
        else:
            nomination = nominations.filter(organisation__category__slug=voice).order_by("rank").first()
        if nomination is None:
            continue
        member, _created = Member.objects.get_or_create(
            working_group=group, nomination=nomination, defaults={"confirmed_by": chair}
        )
        if member.user_id is None:
            member.user = demo_user(login, nomination.name, STAKEHOLDER_PASSWORD)
            member.save(update_fields=["user"])
        seats[voice] = member
    return seats
