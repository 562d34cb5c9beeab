"""The demo's review: a codebook of seven clusters and their issues (data/demo/codebook.csv, the demo's own wording),
two analysts, codings of the demo inputs in every language, some of them coded blind by both analysts with
disagreements and a reconciled decision, and the issue register published. Safe to run again: what exists is kept.

The demo codes a sentence of an answer with an issue when the sentence holds one of the issue's words below (in any
of the six languages): a stand-in for an analyst's reading, so that the pages have something to show."""

import re
from pathlib import Path

from accounts.demo import staff_user
from consultations.models import Consultation, Submission, SubmissionState, VersionAnswer
from review import services
from review.demo_map import demo_map
from review.demo_synthesis import demo_syntheses
from review.models import Assignment, Code, Coding
from review.roles import ANALYST

CODEBOOK_FILE = Path(__file__).parent / "data" / "demo" / "codebook.csv"
ANALYSTS = [("analyst", "Amal Nasser"), ("analyst2", "Ravi Menon")]
BLIND = 6  # inputs both analysts code blind

# Words that make the demo code a sentence with an issue (lower case; any language).
WORDS = {
    "Connectivity and its cost": ["connectivit", "bandwidth", "transit", "الاتصال", "连接", "подключ", "conectividad"],
    "Internet exchange points": ["exchange point", "intercambio de tráfico", "точк", "交换点", "نقاط تبادل"],
    "Technical standards": ["standard", "стандарт", "标准", "normas", "normes", "المعايير"],
    "Domain names and IP addresses": ["domain", "domaine", "домен", "域名", "النطاق", "dominio", "critical internet"],
    "IPv6 deployment": ["ipv6"],
    "Network neutrality": ["neutral", "нейтрал", "中立", "neutralidad", "الحياد"],
    "Cybersecurity": ["security", "sécurité", "seguridad", "безопасност", "安全", "أمن"],
    "Cybercrime": ["cybercrim", "ciberdelinc", "киберпреступ", "网络犯罪", "الجرائم"],
    "Spam": ["spam", "垃圾邮件"],
    "Confidence between States": ["confidence-building", "между государствами", "国家间", "conflict"],
    "Freedom of expression": ["freedom of expression", "libertad de expresión", "свобод", "言论", "حرية التعبير"],
    "Privacy and data protection": ["privacy", "privacidad", "vie privée", "الخصوصية", "personal data", "个人数据"],
    "Gender equality": ["women", "mujeres", "femmes", "женщин", "妇女", "المرأة", "gender"],
    "Jurisdiction": ["jurisdic", "юрисдик", "管辖", "الولاية القضائية"],
    "Intellectual property": ["intellectual property", "propiedad intelectual", "الملكية الفكرية", "知识产权"],
    "Electronic commerce": ["e-commerce", "electronic commerce", "comercio electrónico", "电子商务", "التجارة"],
    "Taxation": ["tax", "fiscal", "налог", "税收"],
    "Digital financial services": ["mobile money", "financial services", "bank account", "金融"],
    "Digital divide": ["divide", "brecha", "fracture", "разрыв", "鸿沟", "الفجوة"],
    "Capacity building": ["capacity", "capacidad", "capacités", "能力", "القدرات", "потенциал"],
    "Participation of developing countries": [
        "developing countr",
        "en desarrollo",
        "en développement",
        "развивающ",
        "发展中",
        "النامية",
    ],  # fmt: skip
    "Financing": ["financ", "funding", "资金", "التمويل"],
    "Open data": ["open data", "datos abiertos", "données ouvertes", "открыт", "开放数据"],
    "Multilingualism": ["multiling", "language", "langue", "idioma", "язык", "语言", "多语", "اللغات"],
    "Local content": ["local content", "contenido local", "contenu local", "本地内容", "المحتوى المحلي"],
    "Education and research": ["research", "universit", "investigación", "recherche", "исследован", "研究", "البحث"],
    "Trust and confidence": ["trust", "confianza", "confiance", "довери", "信任", "الثقة"],
}
SENTENCE = re.compile(r"[^.。!?！？؟\n]+[.。!?！？؟]?")


def sentences(text: str):
    """(start, end) of each sentence of an answer."""
    for match in SENTENCE.finditer(text):
        if match.group().strip():
            yield match.start(), match.end()


def matches(text: str):
    """(start, end, issue name) for each sentence holding an issue's word, at most one coding per issue and answer."""
    seen = set()
    for start, end in sentences(text):
        sentence = text[start:end].lower()
        for issue, words in WORDS.items():
            if issue not in seen and any(word in sentence for word in words):
                seen.add(issue)
                yield start, end, issue


def _code(submission, coder, codes, vary=None):
    """Code the input's sentences that hold an issue's word; with `vary`, as a second analyst would: missing some
    passages, and seeing capacity building in others."""
    answers = VersionAnswer.objects.filter(version_id=submission.current_version_id).select_related("question")
    for answer in answers:
        for m, (start, end, issue) in enumerate(matches(answer.text)):
            chosen = [codes[issue]]
            if vary is not None:
                if (vary + m) % 4 == 0:
                    continue
                if (vary + m) % 5 == 0 and issue != "Capacity building":
                    chosen.append(codes["Capacity building"])
            services.coding_add(
                user=coder,
                submission=submission,
                version_id=submission.current_version_id,
                passages=[services.Passage(answer.question_id, start, end)],
                codes=chosen,
            )


def seed_review(moderator, consultation: Consultation) -> dict:
    """The codebook, the analysts and their codings; returns the analysts by login, for the printed logins."""
    analysts = {login: staff_user(login, name, ANALYST) for login, name in ANALYSTS}
    if not Code.objects.filter(consultation=consultation).exists():
        services.codebook_import(
            user=moderator, consultation=consultation, name=CODEBOOK_FILE.name, data=CODEBOOK_FILE.read_bytes()
        )
    demo_map(moderator, consultation)
    if Coding.objects.filter(submission__consultation=consultation).exists():
        return analysts
    first, second = analysts.values()
    inputs = list(
        Submission.objects.filter(consultation=consultation, current_version__isnull=False)
        .exclude(state__in=[SubmissionState.DRAFT, SubmissionState.WITHDRAWN])
        .order_by("number")
    )
    codes = {code.name: code for code in Code.objects.filter(consultation=consultation)}
    blind = [s for s in inputs if s.state == SubmissionState.ACCEPTED][:BLIND]
    # The first analyst codes the other inputs alone; then the blind ones are given to both (from then on, each
    # analyst codes only the inputs given to them), and both code them.
    for submission in inputs:
        if submission not in blind:
            _code(submission, first, codes)
    for submission in blind:
        for coder in (first, second):
            Assignment.objects.create(submission=submission, coder=coder, assigned_by=moderator)
    for n, submission in enumerate(blind):
        _code(submission, first, codes)
        _code(submission, second, codes, vary=n)
    for submission in blind:
        for coder in (first, second):
            services.assignment_done(user=coder, submission=submission)
    services.reconcile(
        user=moderator,
        submission=blind[0],
        code=codes["Capacity building"],
        applies=True,
        note="Demo: both analysts read the passage again and agreed that it raises the issue.",
    )
    demo_syntheses(consultation, moderator)
    services.register_publish(user=moderator, consultation=consultation)
    return analysts
