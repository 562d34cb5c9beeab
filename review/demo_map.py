"""The demo's map of issues to mechanisms: a few mechanisms per cluster of the demo codebook, with their status,
equal footing and gaps, made through the map's services (so each entry has its first version), one entry changed
since (a second version with its reason), and one accuracy check answered: the organisation confirmed it.

The demo's own wording, in the spirit of the Commission secretariat's mapping (E/CN.16/2015/CRP.2); it describes no
organisation's actual position. Safe to run again: a map that exists is kept."""

from review import issue_map
from review.models import Code, MapEntry, Mechanism

# name: (kind, address, {language: translated name})
MECHANISMS = {
    "Internet Engineering Task Force (IETF)": ("standards", "https://www.ietf.org/", {
        "fr": "Groupe de travail de génie Internet (IETF)"}),
    "International Telecommunication Union (ITU)": ("organisation", "https://www.itu.int/", {
        "fr": "Union internationale des télécommunications (UIT)",
        "es": "Unión Internacional de Telecomunicaciones (UIT)",
        "ar": "الاتحاد الدولي للاتصالات", "ru": "Международный союз электросвязи (МСЭ)", "zh-hans": "国际电信联盟"}),
    "Internet Corporation for Assigned Names and Numbers (ICANN)": ("organisation", "https://www.icann.org/", {}),
    "Internet Governance Forum (IGF)": ("forum", "https://www.intgovforum.org/", {
        "fr": "Forum sur la gouvernance de l'Internet (FGI)", "ar": "منتدى إدارة الإنترنت"}),
    "Council of Europe Convention on Cybercrime": ("treaty", "https://www.coe.int/en/web/cybercrime", {
        "fr": "Convention du Conseil de l'Europe sur la cybercriminalité"}),
    "UNESCO": ("organisation", "https://www.unesco.org/", {}),
    "World Intellectual Property Organization (WIPO)": ("organisation", "https://www.wipo.int/", {
        "fr": "Organisation Mondiale de la Propriété Intellectuelle (OMPI)"}),
    "OECD": ("organisation", "https://www.oecd.org/", {"fr": "OCDE", "es": "OCDE"}),
    "UNCTAD": ("organisation", "https://unctad.org/", {"fr": "CNUCED", "es": "UNCTAD"}),
    "WSIS Forum": ("process", "https://www.itu.int/net4/wsis/forum/", {"fr": "Forum du SMSI", "es": "Foro de la CMSI"}),
    "UN Group of Governmental Experts on ICT security": ("process", "", {}),
    "Human Rights Council": ("organisation", "https://www.ohchr.org/en/hrbodies/hrc/", {
        "fr": "Conseil des droits de l'homme"}),
}  # fmt: skip
DEMO_EMAIL = "map-check@{domain}.demo.concord.example"

# (issue, mechanism, status, role, equal footing, gaps, note about the gaps)
ENTRIES = [
    ("Technical standards", "Internet Engineering Task Force (IETF)", "addresses",
     "Develops the Internet's protocol standards in open working groups.", "yes", ["awareness", "capacity"],
     "Open to all, but few participants from developing countries can follow the work."),
    ("Technical standards", "International Telecommunication Union (ITU)", "addresses",
     "Telecommunication standards in its study groups.", "partly", ["capacity"],
     "Members are States and paying sector members."),
    ("Domain names and IP addresses", "Internet Corporation for Assigned Names and Numbers (ICANN)", "addresses",
     "Coordinates the domain name system and the allocation of address blocks.", "partly", ["awareness"],
     "Governments advise through a committee; the debate on their role goes on."),
    ("Connectivity and its cost", "International Telecommunication Union (ITU)", "partly",
     "Broadband targets and regulatory guidance.", "partly", ["implementation", "research"], ""),
    ("Cybercrime", "Council of Europe Convention on Cybercrime", "addresses",
     "Harmonises offences and cooperation between the parties.", "no", ["implementation"],
     "A treaty between States; few parties outside Europe."),
    ("Confidence between States", "UN Group of Governmental Experts on ICT security", "under_way",
     "Norms of responsible State behaviour.", "no", ["research", "awareness"],
     "Governmental experts only; other stakeholders are not heard."),
    ("Cybersecurity", "Internet Governance Forum (IGF)", "partly",
     "Best practice forums and open debate.", "yes", ["implementation"], "No decisions: outcomes are not binding."),
    ("Freedom of expression", "Human Rights Council", "addresses",
     "Resolutions affirming that rights held offline are protected online.", "partly", ["implementation"], ""),
    ("Freedom of expression", "UNESCO", "partly", "Media development and freedom of expression online.", "partly",
     ["research"], ""),
    ("Privacy and data protection", "OECD", "partly", "Privacy guidelines.", "partly", ["implementation"],
     "Members are developed economies."),
    ("Intellectual property", "World Intellectual Property Organization (WIPO)", "addresses",
     "Copyright treaties and dispute resolution for domain names.", "partly", ["awareness", "capacity"], ""),
    ("Jurisdiction", "Internet Governance Forum (IGF)", "proposed", "Discussed in workshops; no forum decides.",
     "yes", ["research"], "No mechanism addresses conflicts of jurisdiction as such."),
    ("Electronic commerce", "UNCTAD", "partly", "E-commerce and law reform programme.", "partly",
     ["capacity"], ""),
    ("Taxation", "OECD", "under_way", "Tax challenges of the digital economy.", "no", ["implementation"],
     "Developing countries are not all at the table."),
    ("Digital divide", "WSIS Forum", "partly", "Follow-up of the WSIS action lines.", "yes",
     ["implementation", "capacity"], ""),
    ("Capacity building", "UNCTAD", "partly", "Training courses on ICT policy.", "partly", ["capacity"],
     "Demand exceeds the courses offered."),
    ("Multilingualism", "UNESCO", "addresses", "Recommendation on multilingualism in cyberspace.", "partly",
     ["implementation", "awareness"], ""),
    ("Local content", "Internet Governance Forum (IGF)", "partly", "Dynamic coalitions and national forums.", "yes",
     ["capacity"], ""),
]  # fmt: skip
CHECKED = ("Technical standards", "Internet Engineering Task Force (IETF)", "Maria Lopez, IETF liaison (demo)")
CHANGED = ("Taxation", "OECD", "Newer work on the digital economy (demo).")


def _mechanisms(moderator, consultation) -> dict:
    made = {}
    for name, (kind, url, translations) in MECHANISMS.items():
        domain = name.split("(")[-1].rstrip(")").split()[0].lower() if "(" in name else name.split()[0].lower()
        values = {
            "name": name,
            "kind": kind,
            "url": url,
            "email": DEMO_EMAIL.format(domain=domain),
            "translations": {language: {"name": text} for language, text in translations.items()},
        }
        made[name] = issue_map.mechanism_save(user=moderator, consultation=consultation, values=values)
    return made


def demo_map(moderator, consultation) -> None:
    """The map, once: mechanisms, entries, one changed and one checked by its organisation."""
    if Mechanism.objects.filter(consultation=consultation).exists():
        return
    mechanisms = _mechanisms(moderator, consultation)
    codes = {code.name: code for code in Code.objects.filter(consultation=consultation, level=Code.Level.ISSUE)}
    entries = {}
    for issue, mechanism, status, role, footing, gaps, note in ENTRIES:
        values = {"status": status, "role": role, "equal_footing": footing, "gaps": gaps, "gap_note": note}
        entries[(issue, mechanism)] = issue_map.entry_save(
            user=moderator, code=codes[issue], mechanism=mechanisms[mechanism], values=values
        )
    issue, mechanism, reason = CHANGED
    entry = entries[(issue, mechanism)]
    changed = {name: getattr(entry, name) for name in MapEntry.VALUES} | {"status": "partly"}
    issue_map.entry_save(
        user=moderator, code=entry.code, mechanism=entry.mechanism, values=changed, reason=reason, entry=entry
    )
    issue, mechanism, name = CHECKED
    check = issue_map.accuracy_ask(user=moderator, entry=entries[(issue, mechanism)], language="en")
    issue_map.accuracy_answer(token=issue_map.accuracy_token(check), answer="confirmed", name=name)
