"""Demo content for the consultations app: the 2013 questionnaire of the Working Group on Enhanced Cooperation.

Pure data, no Django imports, so a seeding command or a test can load it and build the objects itself.

- CONSULTATION: the consultation, with its mandate (General Assembly resolution 67/195, paragraphs 20 and 21) and
  the clause telling respondents how their inputs are used and published.
- THEMES: the five themes of the questionnaire, in order.
- QUESTIONS: ten questions, each under a theme; "required" and "word_limit" (None for no limit) drive the form.
- ORGANISATIONS: fictional organisations added to those of accounts.management.commands.seed_demo, in the same
  row format (focal point login, focal point name, organisation, acronym, category slug, ISO alpha-3 country,
  is_international), so that inputs come from every category, every regional group and all six UN languages.
- INPUTS: one input per organisation at most, keyed by the focal point login of its organisation, with the language
  it was written in, the respondent's consent choice, its moderation state and its answers by question number.

Everything here is invented for demonstration: the organisations, their focal points and the views they hold.
Answers in Arabic, Chinese, French, Russian and Spanish are written in that language, not translated.
"""

CONSULTATION = {
    "title": "Questionnaire of the Working Group on Enhanced Cooperation",
    "slug": "wgec-2013",
    "reference": "WGEC-2013",
    "summary": (
        "The Working Group on Enhanced Cooperation invites all Member States and all other stakeholders to answer this "
        "questionnaire on the mandate of the World Summit on the Information Society regarding enhanced cooperation on "
        "international public policy issues pertaining to the Internet. The Working Group will compile and review the "
        "inputs it receives in preparing its recommendations on how to fully implement the mandate. Inputs may be "
        "written in any of the six official languages of the United Nations."
    ),
    "mandate": (
        "In paragraph 20 of its resolution 67/195 on information and communications technologies for development, the "
        "General Assembly invited the Chair of the Commission on Science and Technology for Development to establish a "
        'working group on enhanced cooperation "to examine the mandate of the World Summit on the Information Society '
        "regarding enhanced cooperation as contained in the Tunis Agenda, through seeking, compiling and reviewing "
        "inputs from all Member States and all other stakeholders, and to make recommendations on how to fully "
        'implement this mandate".\n\n'
        "The working group reports to the Commission at its seventeenth session, in 2014, as an input to the overall "
        "review of the outcomes of the World Summit. Under paragraph 21 of the same resolution, it brings together "
        "Governments from the five regional groups of the Commission and invitees from all other stakeholders, namely, "
        "the private sector, civil society, the technical and academic communities, and intergovernmental and "
        "international organizations, drawn equally from developing and developed countries.\n\n"
        "This questionnaire is how the Working Group seeks those inputs. Its questions follow five themes, from the "
        "meaning of enhanced cooperation and the roles of the different stakeholders to the public policy issues "
        "concerned, the participation of developing countries and the ways in which the mandate could be fully "
        "implemented."
    ),
    "consent_clause": (
        "The secretariat of the Commission on Science and Technology for Development will compile the inputs received "
        "and make them available to the members of the Working Group on Enhanced Cooperation, which will review them "
        "in preparing its report and recommendations to the Commission; published inputs may be quoted or summarized "
        "in that compilation and report. Each input is published on this site according to the choice the respondent "
        "makes when submitting it: publicly, under the name of the organisation; anonymously, without the name of the "
        "organisation or of its focal point; or for the secretariat only, in which case the input is used by the "
        "Working Group but not published. The secretariat does not publish inputs that it has not accepted."
    ),
}

THEMES = [
    {"number": 1, "title": "The meaning of enhanced cooperation"},
    {"number": 2, "title": "Roles and responsibilities of stakeholders"},
    {"number": 3, "title": "International public policy issues pertaining to the Internet"},
    {"number": 4, "title": "Participation of developing countries"},
    {"number": 5, "title": "Implementing the mandate"},
]

QUESTIONS = [
    {
        "number": 1,
        "theme": 1,
        "text": (
            "What is your understanding of the objectives and scope of enhanced cooperation, as set out in paragraphs "
            "69 to 71 of the Tunis Agenda for the Information Society?"
        ),
        "guidance": (
            "You may refer to the need, recognized in the Tunis Agenda, to enable Governments, on an equal footing, to "
            "carry out their roles and responsibilities in international public policy issues pertaining to the "
            "Internet, but not in the day-to-day technical and operational matters that do not impact on those issues. "
            "Say what enhanced cooperation should achieve, and what it should not cover."
        ),
        "required": True,
        "word_limit": 500,
    },
    {
        "number": 2,
        "theme": 1,
        "text": (
            "How does enhanced cooperation relate to the Internet Governance Forum and to other existing processes?"
        ),
        "guidance": (
            "General Assembly resolution 67/195 recalls that enhanced cooperation and the Internet Governance Forum "
            "are two distinct processes that may be complementary. How should they inform each other?"
        ),
        "required": False,
        "word_limit": 400,
    },
    {
        "number": 3,
        "theme": 2,
        "text": (
            "What are the roles and responsibilities of the different stakeholders in implementing enhanced "
            "cooperation: Governments, the private sector, civil society, the technical and academic communities, and "
            "intergovernmental and international organizations?"
        ),
        "guidance": (
            "Paragraph 35 of the Tunis Agenda describes the roles of the stakeholders. Tell us whether that "
            "description still holds, whether roles should differ from one issue to another, and how the stakeholders "
            "should work together."
        ),
        "required": True,
        "word_limit": 600,
    },
    {
        "number": 4,
        "theme": 2,
        "text": (
            "How does your organisation, or the stakeholder group it belongs to, take part today in international "
            "processes on Internet-related public policy?"
        ),
        "guidance": (
            "Examples are welcome: the processes you follow, how you contribute, and what has helped or hindered your "
            "participation."
        ),
        "required": False,
        "word_limit": 400,
    },
    {
        "number": 5,
        "theme": 3,
        "text": "Which international public policy issues pertaining to the Internet are of most concern to you?",
        "guidance": (
            "List the issues in order of priority if you can, and explain briefly why each matters to your "
            "organisation or country."
        ),
        "required": True,
        "word_limit": 600,
    },
    {
        "number": 6,
        "theme": 3,
        "text": (
            "For which of these issues do appropriate international mechanisms already exist, and which lack a "
            "mechanism or are addressed by mechanisms that are not effective?"
        ),
        "guidance": (
            "Where a mechanism exists, name it and say whether all countries and stakeholders can take part in it on "
            "an equal footing."
        ),
        "required": True,
        "word_limit": 500,
    },
    {
        "number": 7,
        "theme": 4,
        "text": (
            "What are the main barriers to the meaningful participation of developing countries in international "
            "processes on Internet-related public policy?"
        ),
        "guidance": (
            "Consider the participation of Governments as well as of stakeholders from developing countries: cost, "
            "expertise, language, the number of forums, access to information and connectivity."
        ),
        "required": True,
        "word_limit": 500,
    },
    {
        "number": 8,
        "theme": 4,
        "text": "How could these barriers be overcome?",
        "guidance": (
            "For example through capacity-building, financial support, remote participation, regional meetings or the "
            "translation of documents."
        ),
        "required": False,
        "word_limit": 400,
    },
    {
        "number": 9,
        "theme": 5,
        "text": (
            "What mechanisms or arrangements should be considered to fully implement the mandate on enhanced "
            "cooperation?"
        ),
        "guidance": (
            "Say whether existing organizations and processes are enough, whether they should be improved or whether a "
            "new mechanism is needed, and if so where it should sit, who should take part in it and how it should work "
            "with existing organizations."
        ),
        "required": True,
        "word_limit": 800,
    },
    {
        "number": 10,
        "theme": 5,
        "text": (
            "What recommendations should the Working Group make to the Commission on Science and Technology for "
            "Development at its seventeenth session?"
        ),
        "guidance": (
            "Please be as specific as you can. The Working Group's report is an input to the overall review of the "
            "outcomes of the World Summit on the Information Society."
        ),
        "required": True,
        "word_limit": None,
    },
]

# Added to the organisations of accounts.management.commands.seed_demo, in the same row format:
# (focal point login, focal point name, organisation, acronym, category slug, ISO alpha-3 country, international)
ORGANISATIONS = [
    (
        "egypt",
        "Karim Mansour",
        "Permanent Mission of the Arab Republic of Egypt in Geneva",
        "",
        "government",
        "EGY",
        False,
    ),
    ("levant-inclusion", "Rania Khoury", "Levant Network for Digital Inclusion", "LNDI", "civil-society", "JOR", False),
    (
        "maghreb-studies",
        "Youssef Benali",
        "Maghreb Centre for Internet Policy Studies",
        "MCIPS",
        "academic-community",
        "MAR",
        False,
    ),
    (
        "china",
        "Zhang Min",
        "Permanent Mission of the People's Republic of China in Geneva",
        "",
        "government",
        "CHN",
        False,
    ),
    (
        "hangzhou-policy",
        "Chen Jing",
        "Hangzhou Research Centre for Internet Policy",
        "HRCIP",
        "academic-community",
        "CHN",
        False,
    ),
    (
        "pearl-river-nog",
        "Huang Wei",
        "Pearl River Network Operators Association",
        "PRNOA",
        "technical-community",
        "CHN",
        False,
    ),
    (
        "russia",
        "Dmitry Sokolov",
        "Permanent Mission of the Russian Federation in Geneva",
        "",
        "government",
        "RUS",
        False,
    ),
    (
        "steppe-ix",
        "Aigerim Nurlanovna",
        "Steppe Internet Engineering Association",
        "SIEA",
        "technical-community",
        "KAZ",
        False,
    ),
    (
        "yerevan-institute",
        "Armen Hakobyan",
        "Yerevan Institute for Information Society Research",
        "YIISR",
        "academic-community",
        "ARM",
        False,
    ),
    ("mexico", "Gabriela Ortiz", "Permanent Mission of Mexico in Geneva", "", "government", "MEX", False),
    (
        "andean-collective",
        "Camila Restrepo",
        "Colectivo Andino por una Internet Incluyente",
        "CAII",
        "civil-society",
        "COL",
        False,
    ),
    (
        "abidjan-digital",
        "Koffi Kouassi",
        "Groupement ivoirien des entreprises du numérique",
        "GIEN",
        "private-sector",
        "CIV",
        False,
    ),
]

# One input per organisation at most; "organisation" is a focal point login from seed_demo or ORGANISATIONS.
INPUTS = [
    {
        "organisation": "kenya",
        "language": "en",
        "consent": "public",
        "state": "accepted",
        "answers": {
            1: (
                "For Kenya, enhanced cooperation is the process foreseen in paragraph 69 of the Tunis Agenda to enable "
                "Governments, on an equal footing, to carry out their roles and responsibilities in international "
                "public policy issues pertaining to the Internet. It is not about the day-to-day technical and "
                "operational matters that do not impact on public policy. It should give every Government, large or "
                "small, a real voice where decisions affecting our citizens are made, and it should do so in "
                "consultation with the other stakeholders, whose contribution to the growth of the Internet in Africa "
                "has been decisive."
            ),
            3: (
                "Governments are responsible for public policy and must be accountable to their citizens for it, "
                "including at the international level. The private sector drives investment and innovation; in Kenya, "
                "mobile operators brought financial services to millions of people who had never held a bank account. "
                "Civil society brings the concerns of users and communities. The technical and academic communities "
                "keep the network running and generate evidence. Intergovernmental organizations provide neutral "
                "platforms and expertise. These roles complement each other, and none of them should substitute for "
                "another."
            ),
            5: (
                "Our priorities are affordable international connectivity and the cost of transit for our landlocked "
                "neighbours; cybersecurity and cybercrime, including cooperation with foreign service providers on "
                "lawful requests for evidence; consumer protection in cross-border mobile payments; the taxation of "
                "digital services provided from abroad; and the management of spectrum and critical Internet resources "
                "in a way that serves developing regions as well as it serves the rest of the world."
            ),
            6: (
                "Some issues are handled in existing bodies: spectrum at the International Telecommunication Union, "
                "trade aspects at the World Trade Organization. Cross-border access to electronic evidence, the "
                "taxation of online services and consumer protection in digital payments lack a forum in which "
                "developing countries take part on an equal footing. Where mechanisms exist, they are often regional, "
                "or open only to a limited group of States, and their outcomes are then presented to everyone else as "
                "settled."
            ),
            7: (
                "Capacity is the first barrier. Few developing-country missions in Geneva or New York have a dedicated "
                "Internet policy officer, and in many of our countries less than 5% (<5%) of public R&D spending goes "
                "to information and communication technologies. Meetings are numerous, held far away and often "
                "conducted in English only. Travel costs, visas and the sheer number of parallel processes mean that "
                "the same small delegations must try to cover everything at once."
            ),
            8: (
                "Kenya hosted the Internet Governance Forum in Nairobi in 2011, which showed what local participation "
                "can achieve. We propose a fund for the participation of developing-country delegates, remote "
                "participation with genuine speaking rights, regional preparatory meetings ahead of global decisions, "
                "and joint training for diplomats and regulators organized together with the technical community and "
                "universities in the region."
            ),
            9: (
                "The mandate can be implemented without a large new bureaucracy, but it does require a clear home. We "
                "suggest that the Commission host a standing intergovernmental mechanism, open to written and oral "
                "inputs from all stakeholders, that meets regularly, identifies international public policy issues "
                "that no other body addresses and either refers them to the relevant organizations or develops policy "
                "guidance where none exists. It should report every year to the Commission."
            ),
            10: (
                "The Working Group should agree on a shared understanding of enhanced cooperation, list the "
                "international public policy issues that lack a mechanism, propose a mechanism within the United "
                "Nations to deal with them, and recommend sustained support for the participation of developing "
                "countries, with a timeline for the Commission to review progress."
            ),
        },
    },
    {
        "organisation": "indonesia",
        "language": "en",
        "consent": "public",
        "state": "draft",
        "answers": {
            1: (
                "Indonesia understands enhanced cooperation as cooperation among Governments, in consultation with all "
                "stakeholders, on international public policy issues pertaining to the Internet. As the largest "
                "archipelagic State in the world, we see the Internet as national infrastructure for unity and "
                "development, and we want international policy to reflect the needs of countries that are still "
                "connecting their people across thousands of islands."
            ),
            2: (
                "The Internet Governance Forum is a valuable platform for dialogue, and Indonesia is preparing to host "
                "its next meeting in Bali. Enhanced cooperation should draw on the discussions at the Forum, but it is "
                "a separate process, focused on the roles and responsibilities of Governments, and one process should "
                "not be used to delay the other."
            ),
            3: (
                "Governments set public policy and protect the national interest, including security and the welfare "
                "of citizens. Business invests in networks and services. Civil society, the technical community and "
                "academia advise on policy and help to implement it. International organizations coordinate. The "
                "multistakeholder committee we set up to prepare for the Internet Governance Forum shows that these "
                "roles can work together at national level."
            ),
            5: (
                "Cybersecurity and the protection of critical infrastructure; the spread of illegal content and of "
                "content that threatens social harmony; the protection of the personal data of Indonesian citizens "
                "stored abroad; a fair sharing of revenues between international content providers and national "
                "network operators; and the development of local content in Bahasa Indonesia and regional languages."
            ),
            6: (
                "[Draft: to be completed after the inter-ministerial meeting.] Data protection and the obligations of "
                "foreign platforms under national law appear to lack any international mechanism. Cybercrime is "
                "covered only in part, by regional instruments to which Indonesia is not a party, and mutual legal "
                "assistance is too slow for investigations that involve data held abroad."
            ),
            7: (
                "The archipelago itself: connecting more than 17,000 islands is costly, and international meetings "
                "compete with domestic priorities for the same small pool of experts, who are needed at home. "
                "Documents often arrive late, and discussions assume a level of connectivity and technical background "
                "that many delegates from developing countries do not have."
            ),
            9: (
                "Indonesia is open to several options, including a forum under the Commission or a strengthened role "
                "for existing United Nations agencies, provided that any mechanism is intergovernmental in its "
                "decision-making, transparent in its working methods and open to consultation with all other "
                "stakeholders. Duplication with existing organizations should be avoided."
            ),
            10: (
                "The Working Group should recommend practical steps that can be agreed by consensus, starting with a "
                "mapping of existing mechanisms and of the gaps between them, followed by options for a mechanism to "
                "address those gaps and a programme of capacity-building for developing countries, to be reviewed by "
                "the Commission."
            ),
        },
    },
    {
        "organisation": "brazil",
        "language": "en",
        "consent": "public",
        "state": "accepted",
        "answers": {
            1: (
                "Brazil sees enhanced cooperation as the unfinished part of the Tunis compromise. Paragraphs 69 to 71 "
                "of the Tunis Agenda recognize the need to enable Governments, on an equal footing, to carry out their "
                "roles and responsibilities in international public policy issues pertaining to the Internet. Today "
                "some of those issues are decided unilaterally or by a small number of actors. Enhanced cooperation "
                "means correcting that imbalance through a multilateral, transparent and democratic process, with the "
                "full involvement of all stakeholders."
            ),
            2: (
                "The Internet Governance Forum and enhanced cooperation are distinct and complementary processes. The "
                "Forum is a space for dialogue without negotiated outcomes, and it should remain so. Enhanced "
                "cooperation requires a place where decisions on public policy can actually be taken. Strengthening "
                "one must not be presented as a substitute for the other."
            ),
            3: (
                "Brazil's experience with its national Internet steering committee, where Government, business, the "
                "third sector and the academic community sit together, shows that multistakeholder and multilateral "
                "approaches can be combined. Governments hold the responsibility for public policy; the other "
                "stakeholders must take part in its formulation, each in its own role, as set out in paragraph 35 of "
                "the Tunis Agenda. Intergovernmental organizations should facilitate this work, not fragment it."
            ),
            5: (
                "Mass surveillance and the protection of privacy in the digital age; the oversight of critical "
                "Internet resources, in particular the unilateral oversight of the root zone; network neutrality; the "
                "jurisdiction applicable to global online services; cybersecurity pursued in a manner that respects "
                "human rights; and the promotion of cultural and linguistic diversity online."
            ),
            6: (
                "There is no adequate international mechanism for the oversight of the management of critical Internet "
                "resources, which remains tied to a single Government. Nor is there one for the protection of privacy "
                "against mass surveillance across borders. Jurisdiction over global services and network neutrality "
                "are dealt with country by country, which creates conflicting rules."
            ),
            7: (
                "Beyond resources, developing countries face a structural barrier: the most important decisions are "
                "taken in forums where they are not represented, or where participation depends on technical expertise "
                "and funding that they lack. Agendas are set elsewhere, and developing countries are invited to react "
                "rather than to shape them."
            ),
            9: (
                "Brazil supports the creation of a multilateral and multistakeholder mechanism, under the United "
                "Nations, with a mandate to address international public policy issues pertaining to the Internet that "
                "lack an appropriate home, to coordinate with existing organizations, and to promote the "
                "internationalization of the oversight of critical Internet resources. Such a mechanism could be "
                "linked to the Commission on Science and Technology for Development."
            ),
            10: (
                "The Working Group should recommend the establishment of such a mechanism, define its principles "
                "(transparency, democracy, multilateralism and the full involvement of all stakeholders) and propose "
                "that the Commission and the General Assembly take a decision on it in the context of the ten-year "
                "review of the World Summit on the Information Society."
            ),
        },
    },
    {
        "organisation": "finland",
        "language": "en",
        "consent": "public",
        "state": "accepted",
        "answers": {
            1: (
                "Finland regards enhanced cooperation as an ongoing process rather than a single institution. Since "
                "Tunis, many organizations have opened up and improved the way they cooperate with Governments and "
                "with each other, and Governments have more ways to make their views heard than they had in 2005. "
                "Enhanced cooperation is happening through these improvements; the question is how to strengthen them "
                "and make them more visible, not how to replace them."
            ),
            2: (
                "The Internet Governance Forum is the main place where all stakeholders discuss public policy issues "
                "on an equal basis, and it has helped many Governments to understand the Internet. We see it as an "
                "essential part of enhanced cooperation, and we support improving its outcomes and its funding, in "
                "line with the recommendations of the Commission's working group on improvements to the Forum."
            ),
            3: (
                "Every stakeholder has a role in shaping Internet public policy, and these roles are not fixed: they "
                "depend on the issue. Governments are responsible for legislation and for the protection of human "
                "rights; the private sector and the technical community have the expertise to implement; civil society "
                "holds all of us to account; academia supplies evidence. The most successful policies in Finland have "
                "been developed in open consultation."
            ),
            5: (
                "Human rights online, including freedom of expression and privacy; the openness, stability and "
                "security of the Internet; access to broadband as a basis for development; and trust in electronic "
                "services. We are also concerned about proposals that would fragment the Internet along national "
                "borders and reduce its value for everyone."
            ),
            6: (
                "Most issues already have mechanisms, even if not perfect ones: the Human Rights Council has affirmed "
                "that the same rights that people have offline must also be protected online, the OECD and the Council "
                "of Europe work on privacy and cybercrime, and the technical bodies manage standards and resources. "
                "The gap lies in coordination and information-sharing among them, not in the absence of mechanisms."
            ),
            7: (
                "The cost of participation, limited expertise in small administrations, and the difficulty of "
                "following many processes at once. Developed countries share some of these difficulties: our own "
                "ministry has a small team covering all Internet-related processes, and we rely heavily on remote "
                "participation and on cooperation with other Nordic countries."
            ),
            8: (
                "Finland supports capacity-building through its development cooperation, including for ICT policy and "
                "regulation. Better remote participation, plain-language summaries of the work of technical bodies, "
                "and national and regional Internet Governance Forums are cost-effective ways to widen participation, "
                "and we are ready to share our experience."
            ),
            9: (
                "Rather than a new intergovernmental body, we propose that existing organizations report regularly on "
                "how they involve Governments and stakeholders, that an online clearing house map the issues and the "
                "venues where they are dealt with, and that the Internet Governance Forum be strengthened so that it "
                "produces more tangible outputs for decision-makers."
            ),
            10: (
                "Recommendations should be consensual and practical: a mapping of issues and mechanisms, a "
                "clearing-house function, support for the participation of developing countries, and periodic review "
                "by the Commission. Finland would not support recommendations that give Governments exclusive control "
                "over the Internet or that weaken the multistakeholder model."
            ),
        },
    },
    {
        "organisation": "egypt",
        "language": "ar",
        "consent": "public",
        "state": "accepted",
        "answers": {
            1: (
                "ترى جمهورية مصر العربية أن التعاون المعزز، كما ورد في الفقرتين 69 و71 من برنامج عمل تونس، هو العملية "
                "التي تمكّن الحكومات، على قدم المساواة، من الاضطلاع بأدوارها ومسؤولياتها في قضايا السياسات العامة "
                "الدولية المتعلقة بالإنترنت. ولا يقتصر هذا المفهوم على تبادل المعلومات، بل يشمل وضع مبادئ عالمية "
                "للسياسات العامة، مع التشاور مع جميع أصحاب المصلحة كلٌّ في حدود دوره."
            ),
            3: (
                "إن صياغة السياسات العامة المتعلقة بالإنترنت حقٌّ سيادي للدول، وهي مسؤولة عنها أمام مواطنيها. ويضطلع "
                "القطاع الخاص بدور مهم في الاستثمار والابتكار وبناء البنية التحتية، ويسهم المجتمع المدني في التعبير عن "
                "احتياجات المستخدمين، وتقدم الأوساط التقنية والأكاديمية الخبرة اللازمة. أما المنظمات الحكومية الدولية "
                "فعليها أن تيسّر التنسيق وتدعم بناء القدرات. وقد حددت الفقرة 35 من برنامج عمل تونس هذه الأدوار بوضوح."
            ),
            5: (
                "أمن الفضاء السيبراني ومكافحة الجرائم الإلكترونية، ومنع استخدام الإنترنت لأغراض إرهابية، وإدارة "
                "الموارد الحيوية للإنترنت بما في ذلك أسماء النطاقات المدوّلة باللغة العربية، وتكلفة الربط الدولي، "
                "وحماية البيانات الشخصية للمواطنين التي تُخزَّن خارج الحدود، وتعزيز المحتوى العربي على الشبكة. وتولي "
                "مصر أولوية خاصة لهذه القضايا في ضوء توسع الخدمات الحكومية الإلكترونية."
            ),
            6: (
                "لا توجد آلية دولية متعددة الأطراف تتيح للحكومات المشاركة على قدم المساواة في الإشراف على إدارة "
                "الموارد الحيوية للإنترنت، ولا يوجد إطار عالمي لمكافحة الجرائم الإلكترونية يحظى بقبول جميع الدول. كما "
                "أن تكلفة الربط الدولي تُحدَّد باتفاقات تجارية لا تراعي أوضاع البلدان النامية."
            ),
            7: (
                "تتمثل أبرز العوائق في محدودية الكوادر المتخصصة في السياسات الدولية للإنترنت، وتعدد المحافل وتزامن "
                "اجتماعاتها، وارتفاع تكاليف المشاركة، وصدور كثير من الوثائق بلغة واحدة. ويؤدي ذلك إلى اتخاذ قرارات تمس "
                "مصالح البلدان النامية دون أن يكون لها صوت مسموع فيها."
            ),
            8: (
                "نقترح إنشاء صندوق طوعي لدعم مشاركة وفود البلدان النامية، وتنظيم برامج تدريبية للدبلوماسيين والمسؤولين "
                "بالتعاون مع المنظمات الإقليمية، وإتاحة الوثائق بجميع اللغات الرسمية للأمم المتحدة في وقت مناسب، "
                "وتعزيز وسائل المشاركة عن بُعد. كما ندعو إلى إشراك الجامعات ومراكز البحث في البلدان النامية في هذه "
                "البرامج، وإلى تنظيم اجتماعات تحضيرية إقليمية قبل الاجتماعات الدولية الكبرى."
            ),
            9: (
                "تؤيد مصر إنشاء آلية حكومية دولية في إطار الأمم المتحدة، تتشاور مع جميع أصحاب المصلحة، وتختص ببحث "
                "قضايا السياسات العامة الدولية المتعلقة بالإنترنت التي لا تتناولها الآليات القائمة، ووضع مبادئ عامة "
                "بشأنها. ويمكن أن تعمل هذه الآلية بالتنسيق مع لجنة تسخير العلم والتكنولوجيا لأغراض التنمية ومع "
                "المنظمات المتخصصة."
            ),
            10: (
                "ينبغي للفريق العامل أن يوصي بتعريف واضح للتعاون المعزز، وبإنشاء الآلية المشار إليها وفق جدول زمني "
                "محدد، وبتدابير لدعم مشاركة البلدان النامية، على أن تُرفع توصياته إلى الجمعية العامة في إطار الاستعراض "
                "الشامل لنتائج القمة العالمية لمجتمع المعلومات. ونؤكد استعدادنا للإسهام في أعمال الفريق العامل بصورة "
                "بنّاءة."
            ),
        },
    },
    {
        "organisation": "china",
        "language": "zh-hans",
        "consent": "public",
        "state": "accepted",
        "answers": {
            1: (
                "中国认为，加强合作是信息社会世界峰会《突尼斯议程》确定的一项重要任务，其核心是使各国政府在平等的基础上"
                "，在与互联网有关的国际公共政策问题上履行各自的作用和职责。加强合作应当遵循多边、透明、民主的原则，尊重"
                "各国在互联网公共政策方面的主权，同时充分发挥其他利益攸关方在各自领域中的作用。"
            ),
            2: (
                "互联网治理论坛是各利益攸关方开展对话、交流经验的重要平台，但它不具备决策职能，不能替代加强合作。正如大"
                "会第67/195号决议所重申的，这是两个不同的进程，应当平行推进、相互补充。"
            ),
            3: (
                "政府在与互联网有关的公共政策问题上拥有权力和责任，包括维护国家安全、社会稳定和公民的合法权益。私营部门"
                "在技术和经济领域发挥重要作用，民间社会在社区层面发挥作用，技术界和学术界提供专业知识，政府间和国际组织"
                "在协调和制定国际标准方面发挥作用。这些作用在《突尼斯议程》第35段中已有明确表述，应当得到尊重。"
            ),
            5: (
                "网络安全与打击网络犯罪；防止利用互联网从事恐怖主义活动；互联网关键资源的公平分配与管理，包括根区文件的"
                "管理；跨境数据流动与个人信息保护；发展中国家的互联网接入和能力建设；以及多语种内容的发展。"
            ),
            6: (
                "目前，互联网关键资源的管理仍由个别国家单方面监督，缺乏各国平等参与的国际机制；打击网络犯罪和网络恐怖主"
                "义也缺少一项具有普遍性的国际法律文书。现有的一些区域性安排不能充分反映广大发展中国家的关切。"
            ),
            7: (
                "发展中国家普遍面临资金、技术和人才不足的问题，难以持续参与众多国际进程。一些国际会议主要使用单一语言，"
                "文件翻译不及时，也影响了发展中国家的有效参与。此外，现有规则多由少数国家主导制定，发展中国家往往只能被"
                "动接受。"
            ),
            9: (
                "中国支持在联合国框架下建立一个政府间机制，负责讨论和协调与互联网有关的国际公共政策问题，并与其他利益攸"
                "关方进行充分协商。该机制可以依托科学和技术促进发展委员会，也可以在国际电信联盟等现有机构的基础上建立，"
                "关键是确保各国平等参与。"
            ),
            10: (
                "工作组应当就加强合作的含义达成共识，明确需要处理的国际公共政策问题，并就在联合国框架下落实这一任务提出"
                "具体建议和时间表，提交委员会第十七届会议审议，作为信息社会世界峰会成果全面审查的投入。"
            ),
        },
    },
    {
        "organisation": "russia",
        "language": "ru",
        "consent": "public",
        "state": "accepted",
        "answers": {
            1: (
                "Российская Федерация рассматривает расширенное сотрудничество как механизм, который должен обеспечить "
                "всем государствам равные возможности участия в управлении Интернетом и в решении международных "
                "вопросов государственной политики, связанных с Интернетом, как это предусмотрено пунктами 68–71 "
                "Тунисской программы. Речь идёт прежде всего о суверенном праве государств определять политику в "
                "отношении национального сегмента сети Интернет."
            ),
            2: (
                "Форум по вопросам управления Интернетом полезен как площадка для диалога, однако он не принимает "
                "решений и не может заменить расширенное сотрудничество. Как подтверждено в резолюции 67/195, это два "
                "самостоятельных процесса, которые должны развиваться параллельно и могут дополнять друг друга. Форум "
                "мог бы передавать итоги своих обсуждений будущему механизму расширенного сотрудничества."
            ),
            3: (
                "Полномочия в отношении вопросов государственной политики, связанных с Интернетом, являются суверенным "
                "правом государств, что закреплено в пункте 35 Тунисской программы. Частный сектор играет важную роль "
                "в развитии технологий и экономики, гражданское общество — на уровне местных сообществ, техническое и "
                "академическое сообщества вносят экспертный вклад, а межправительственные организации содействуют "
                "координации и разработке международных норм."
            ),
            5: (
                "Международная информационная безопасность, включая использование ИКТ в военно-политических, "
                "террористических и преступных целях; распределение критически важных ресурсов Интернета и надзор за "
                "ними; защита персональных данных; противодействие спаму; юрисдикция в отношении глобальных сервисов, "
                "работающих на территории разных государств. По всем этим вопросам решения сегодня принимаются без "
                "равноправного участия большинства государств."
            ),
            6: (
                "Управление критически важными ресурсами Интернета по-прежнему находится под контролем одного "
                "государства, и международного механизма, обеспечивающего равноправное участие всех государств, не "
                "существует. Отсутствует и универсальный международно-правовой документ по обеспечению международной "
                "информационной безопасности. Существующие региональные конвенции были разработаны ограниченным кругом "
                "государств и не могут рассматриваться как универсальные. Вопросы юрисдикции в отношении глобальных "
                "сервисов решаются каждым государством самостоятельно, что порождает правовую неопределённость."
            ),
            7: (
                "Основные барьеры — нехватка специалистов и финансовых средств, а также то, что ключевые решения "
                "принимаются в организациях, где развивающиеся страны фактически не представлены. Существенен и "
                "языковой барьер: документы многих площадок доступны только на английском языке. Необходимо также "
                "учитывать, что многие развивающиеся страны не располагают постоянными представительствами в Женеве и "
                "Нью-Йорке, достаточными для одновременной работы на всех площадках."
            ),
            9: (
                "Россия выступает за передачу функций управления Интернетом, включая надзор за критически важными "
                "ресурсами, международной межправительственной организации, например Международному союзу "
                "электросвязи, при участии всех заинтересованных сторон в рамках их компетенции. Такой механизм должен "
                "работать на основе принципов многосторонности, прозрачности и демократичности."
            ),
            10: (
                "Рабочей группе следует рекомендовать конкретные шаги по интернационализации управления Интернетом, "
                "предусмотреть сроки их реализации и представить свой доклад Комиссии на её семнадцатой сессии для "
                "последующего рассмотрения Генеральной Ассамблеей в рамках общего обзора итогов Всемирной встречи. "
                "Российская Федерация готова конструктивно участвовать в работе Группы."
            ),
        },
    },
    {
        "organisation": "mexico",
        "language": "es",
        "consent": "public",
        "state": "accepted",
        "answers": {
            1: (
                "México entiende la cooperación mejorada como el proceso que permite a los gobiernos, en pie de "
                "igualdad y en consulta con todas las partes interesadas, desempeñar sus funciones y responsabilidades "
                "en las cuestiones de política pública internacional relativas a Internet. No se trata de controlar la "
                "red, sino de asegurar que las decisiones que nos afectan a todos se tomen con la participación de "
                "todos."
            ),
            2: (
                "El Foro para la Gobernanza de Internet y la cooperación mejorada son procesos distintos y "
                "complementarios. México apoya un Foro fortalecido, con financiamiento estable y resultados más "
                "concretos, que pueda alimentar los trabajos de cooperación mejorada sin sustituirlos. Ambos procesos "
                "deberían mantener una comunicación fluida y compartir sus conclusiones."
            ),
            3: (
                "Los gobiernos tienen la responsabilidad de definir las políticas públicas y de garantizar los "
                "derechos de las personas, incluido el acceso a Internet. El sector privado invierte en "
                "infraestructura y servicios y necesita reglas claras. La sociedad civil y las comunidades técnica y "
                "académica enriquecen las decisiones con su experiencia, y las organizaciones internacionales deben "
                "facilitar la coordinación. México ha incorporado este enfoque en la elaboración de su política "
                "digital nacional."
            ),
            5: (
                "El acceso universal y asequible, en particular en zonas rurales e indígenas; la ciberseguridad y el "
                "combate a la ciberdelincuencia; la protección de datos personales; la competencia en los mercados de "
                "telecomunicaciones; y la diversidad lingüística y cultural en línea, incluidas las lenguas indígenas."
            ),
            6: (
                "La cooperación contra la ciberdelincuencia depende de instrumentos regionales y de acuerdos "
                "bilaterales, y no existe un foro de alcance universal. Tampoco hay un mecanismo internacional que "
                "aborde la protección de datos personales en los flujos transfronterizos con la participación de todos "
                "los países."
            ),
            7: (
                "Los países en desarrollo enfrentan restricciones presupuestarias, escasez de personal especializado y "
                "la dispersión de los debates en numerosos foros. Muchas reuniones se celebran lejos de nuestra región "
                "y los documentos no siempre están disponibles en español con la debida antelación."
            ),
            8: (
                "Proponemos programas regionales de capacitación, un fondo para apoyar la participación de delegados "
                "de países en desarrollo, la participación remota con plenos derechos de intervención y la traducción "
                "oportuna de los documentos a todos los idiomas oficiales. La cooperación Sur-Sur y el intercambio de "
                "experiencias entre reguladores de la región también pueden contribuir a superar estas barreras."
            ),
            9: (
                "México está dispuesto a considerar diversas opciones, incluido un mecanismo en el marco de la "
                "Comisión, siempre que sea incluyente y transparente, cuente con la participación de todas las partes "
                "interesadas y evite duplicar el trabajo de las organizaciones existentes."
            ),
            10: (
                "El Grupo de Trabajo debería recomendar un entendimiento común de la cooperación mejorada, un "
                "inventario de los temas y de los mecanismos existentes, medidas concretas de fortalecimiento de "
                "capacidades y un proceso de seguimiento periódico en la Comisión. México está dispuesto a contribuir "
                "de manera constructiva a los trabajos del Grupo."
            ),
        },
    },
    {
        "organisation": "mobile-money",
        "language": "en",
        "consent": "secretariat",
        "state": "changes_requested",
        "answers": {
            1: (
                "For our members, enhanced cooperation should mean that Governments coordinate their Internet-related "
                "policies with each other and with industry, so that services that work across borders do not face "
                "conflicting rules in every country they enter. Predictable rules are what allow our members to invest "
                "in reaching rural customers."
            ),
            3: (
                "Governments should set clear, stable and technology-neutral rules and enforce them consistently. The "
                "private sector invests in infrastructure and services and should be consulted before regulations are "
                "adopted. Civil society and the technical community help to make services safe and usable. Regional "
                "bodies such as the East African Community should harmonize rules among their members."
            ),
            4: (
                "Our association takes part in consultations by national regulators and central banks and in the work "
                "of regional economic communities. It has rarely been able to contribute at the global level, because "
                "the relevant processes are not visible to us and meetings take place far away. This questionnaire is "
                "our first direct input to a United Nations process."
            ),
            5: (
                "Regulatory predictability for cross-border digital financial services; interoperability between "
                "mobile-money platforms; consumer protection and dispute resolution; data localization requirements; "
                "the taxation of mobile transactions, which in some countries has visibly reduced usage; and the "
                "security of mobile networks against fraud and SIM-swap attacks."
            ),
            6: (
                "No international mechanism deals with cross-border mobile payments as such: standard-setting bodies "
                "cover banking, and the International Telecommunication Union covers telecommunications, but digital "
                "financial services fall between them. The result is that each country regulates alone, and operators "
                "spend more on compliance than on reaching new customers."
            ),
            7: (
                "In East Africa, the main barrier is that policy expertise is concentrated in a few ministries. Small "
                "businesses and start-ups never hear about international processes. Where our Governments do take "
                "part, they rarely consult the local private sector first, so African innovations such as mobile money "
                "are barely known in global debates."
            ),
            9: (
                "A mechanism, wherever it is housed, should publish its agenda in advance, consult industry formally, "
                "and issue guidance that national regulators can use. It should work with regional economic "
                "communities, and it should avoid imposing obligations that raise the cost of serving low-income "
                "users, who are the majority of our customers."
            ),
            10: (
                "Recommend regular multistakeholder consultations on cross-border digital services, a public database "
                "of national regulations affecting them, and support for regional harmonization in developing regions, "
                "so that a service licensed in one country can reach customers in its neighbours without starting "
                "again from nothing."
            ),
        },
    },
    {
        "organisation": "cloud-forum",
        "language": "en",
        "consent": "anonymous",
        "state": "rejected",
        "answers": {
            1: (
                "Enhanced cooperation should be understood broadly, as the improvement of cooperation among all "
                "actors, including between Governments and industry. It should not be read as a mandate for a new "
                "intergovernmental body with authority over the Internet, which would slow innovation, deter "
                "investment and put at risk the open model that has served users so well."
            ),
            2: (
                "The Internet Governance Forum is the most inclusive forum for Internet policy discussion and "
                "demonstrates that multistakeholder dialogue works. It is itself a form of enhanced cooperation, and "
                "it should be strengthened with stable funding rather than complemented by a parallel "
                "intergovernmental process that would divide attention and resources."
            ),
            3: (
                "Industry builds and operates most of the infrastructure and services on which the Internet economy "
                "depends. Governments should create a predictable legal environment, protect fundamental rights and "
                "avoid unnecessary barriers to cross-border data flows. The technical community should continue to "
                "lead on standards. Decisions are better when everyone is at the table from the start."
            ),
            5: (
                "Cross-border data flows and data localization; conflicting demands from different jurisdictions for "
                "access to data stored in the cloud; intellectual property; trade barriers for digital services; and "
                "the security and resilience of cloud infrastructure on which public administrations increasingly "
                "depend."
            ),
            6: (
                "Conflicting jurisdictional demands over data have no satisfactory international solution. Mutual "
                "legal assistance treaties are slow, and companies are caught between the laws of different countries. "
                "Trade agreements address some aspects of data flows, but they are negotiated among limited groups of "
                "countries and do not involve other stakeholders."
            ),
            7: (
                "The high cost of connectivity, the lack of data centres and of reliable electricity, and regulatory "
                "uncertainty that discourages investment. In our view these are economic barriers more than "
                "institutional ones, and they are best addressed by policies that attract investment into developing "
                "markets."
            ),
            9: (
                "The mandate is best implemented through existing organizations, each in its area of competence, with "
                "better cooperation among them. A voluntary, lightweight reporting mechanism would be sufficient to "
                "show progress. Any new structure must be fully multistakeholder, with industry taking part on the "
                "same footing as other stakeholders."
            ),
            10: (
                "The Working Group should recognize the progress already made since Tunis, recommend better "
                "coordination and information-sharing among existing organizations, and refrain from recommending any "
                "new intergovernmental body with authority over Internet policy. Progress should be measured by how "
                "well existing organizations involve Governments and other stakeholders, not by the creation of new "
                "structures."
            ),
        },
    },
    {
        "organisation": "abidjan-digital",
        "language": "fr",
        "consent": "public",
        "state": "accepted",
        "answers": {
            1: (
                "Pour les entreprises du numérique que nous représentons, la coopération renforcée doit aboutir à des "
                "règles internationales plus claires et plus cohérentes. Nos membres, souvent de jeunes entreprises, "
                "vendent leurs services dans plusieurs pays de la sous-région et se heurtent à des réglementations "
                "contradictoires qui freinent l'investissement et la création d'emplois."
            ),
            3: (
                "Les gouvernements doivent offrir un cadre juridique stable et prévisible et consulter le secteur "
                "privé avant d'adopter des réglementations. Les entreprises investissent, créent des emplois et "
                "innovent ; elles doivent aussi protéger les données de leurs clients. La société civile et les "
                "communautés technique et universitaire contribuent à la confiance des utilisateurs, et les "
                "organisations régionales doivent harmoniser les règles."
            ),
            4: (
                "Notre groupement participe aux consultations de l'autorité de régulation nationale et aux travaux "
                "d'harmonisation de la Communauté économique des États de l'Afrique de l'Ouest. Au niveau mondial, en "
                "revanche, nous n'avions jamais été consultés directement avant ce questionnaire. Nous espérons que "
                "cette première contribution ouvrira la voie à un dialogue régulier."
            ),
            5: (
                "Le coût de la connectivité internationale et de l'hébergement ; la fiscalité des services numériques "
                "; la protection des données et les transferts transfrontières ; le paiement en ligne et la sécurité "
                "des transactions ; et la concurrence avec les grandes plateformes étrangères, qui ne sont pas "
                "soumises aux mêmes obligations que les entreprises locales."
            ),
            6: (
                "Il n'existe pas de mécanisme international qui traite de l'équité fiscale et réglementaire entre les "
                "plateformes mondiales et les entreprises locales des pays en développement. Les transferts de données "
                "sont encadrés au niveau régional, mais les règles d'une région ne sont pas compatibles avec celles "
                "des autres."
            ),
            7: (
                "Les entreprises africaines sont absentes des débats internationaux parce qu'elles n'ont ni le temps "
                "ni les moyens d'y participer, et parce que leurs gouvernements les consultent rarement. Les grandes "
                "entreprises étrangères, elles, sont présentes partout et font valoir leurs intérêts bien avant que "
                "les décisions ne soient prises."
            ),
            9: (
                "Un mécanisme efficace devrait consulter formellement le secteur privé, y compris les petites "
                "entreprises des pays en développement, publier ses travaux et proposer des lignes directrices que les "
                "régulateurs nationaux et régionaux pourront appliquer, afin que les règles soient prévisibles d'un "
                "pays à l'autre."
            ),
            10: (
                "Nous recommandons que le Groupe de travail prévoie une consultation régulière du secteur privé des "
                "pays en développement, appuie l'harmonisation régionale des règles et inscrive la fiscalité des "
                "services numériques parmi les questions de politique publique à traiter en priorité."
            ),
        },
    },
    {
        "organisation": "sahel-rights",
        "language": "fr",
        "consent": "public",
        "state": "accepted",
        "answers": {
            1: (
                "Pour notre réseau, la coopération renforcée ne peut pas se réduire à un dialogue entre États. Le "
                "Sommet mondial sur la société de l'information a promis une société de l'information à dimension "
                "humaine, inclusive et privilégiant le développement. La coopération renforcée doit permettre de "
                "prendre des décisions de politique publique internationale relatives à l'Internet qui respectent les "
                "droits humains et qui tiennent compte de la voix des usagers, y compris de ceux des pays du Sahel."
            ),
            2: (
                "Le Forum sur la gouvernance d'Internet est précieux : c'est souvent le seul endroit où les "
                "organisations de la société civile africaine peuvent interpeller directement les gouvernements et les "
                "entreprises. Mais il ne produit pas de décisions. La coopération renforcée devrait s'appuyer sur ses "
                "débats et lui rendre compte de ses travaux, au lieu de se dérouler à huis clos."
            ),
            3: (
                "Les gouvernements doivent protéger les droits des citoyens en ligne et rendre compte de leurs choix. "
                "Le secteur privé doit respecter ces droits, notamment la vie privée, et faire preuve de transparence "
                "lorsqu'il reçoit des demandes de retrait de contenus ou de communication de données. La société "
                "civile défend les usagers et documente les atteintes. Les communautés technique et universitaire "
                "apportent leur expertise, et les organisations internationales doivent veiller à ce que tous puissent "
                "participer."
            ),
            5: (
                "Les coupures de l'Internet et des réseaux mobiles en période électorale ou de crise ; la surveillance "
                "des communications ; la protection des données personnelles, alors que peu de pays de la sous-région "
                "disposent d'une autorité de protection effective ; le coût de l'accès, encore hors de portée de la "
                "majorité de la population ; et la place des langues nationales africaines en ligne."
            ),
            6: (
                "Aucun mécanisme international n'examine de manière contraignante les coupures de réseaux ou la "
                "surveillance de masse. Le Conseil des droits de l'homme a reconnu que les droits dont les personnes "
                "jouissent hors ligne doivent être protégés en ligne, mais le suivi de cette résolution reste limité. "
                "Quant au coût de l'accès, il dépend d'accords entre opérateurs qui échappent à tout contrôle public "
                "international."
            ),
            7: (
                "La langue d'abord : la plupart des débats se tiennent en anglais, et les documents ne sont pas "
                "traduits à temps. Ensuite, le coût des déplacements et les refus de visa, qui frappent souvent nos "
                "membres. Enfin, la faible connectivité : participer à distance suppose une bande passante dont nos "
                "partenaires ne disposent pas à Niamey, à Bamako ou même dans les quartiers de Dakar."
            ),
            8: (
                "Il faut financer la participation de la société civile des pays en développement, et pas seulement "
                "celle des gouvernements ; traduire les documents dans toutes les langues officielles ; organiser des "
                "consultations régionales en Afrique de l'Ouest ; et permettre la participation à distance par "
                "téléphone ou par messagerie, qui consomment peu de bande passante."
            ),
            9: (
                "Quel que soit le mécanisme retenu, il doit être ouvert à toutes les parties prenantes, transparent "
                "dans ses délibérations et ancré dans le droit international des droits de l'homme. Nous ne "
                "soutiendrons pas un organe purement intergouvernemental qui déciderait sans nous de ce qui est "
                "acceptable en ligne."
            ),
            10: (
                "Le Groupe de travail devrait recommander que les droits humains soient le fondement de toute "
                "coopération renforcée, que la société civile des pays du Sud soit associée à sa mise en œuvre avec "
                "des moyens réels, et qu'un rapport public sur les progrès accomplis soit présenté chaque année à la "
                "Commission."
            ),
        },
    },
    {
        "organisation": "levant-inclusion",
        "language": "ar",
        "consent": "anonymous",
        "state": "accepted",
        "answers": {
            1: (
                "نفهم التعاون المعزز على أنه تعاونٌ بين الحكومات وسائر أصحاب المصلحة يهدف إلى الحفاظ على الإنترنت "
                "فضاءً مفتوحًا وآمنًا للجميع. ولا ينبغي أن يتحول إلى غطاء لمزيد من الرقابة أو لتقييد حرية التعبير باسم "
                "السيادة، بل يجب أن يستند إلى القانون الدولي لحقوق الإنسان وأن يضع مصلحة المستخدمين في المقام الأول."
            ),
            3: (
                "على الحكومات أن تحمي الحقوق والحريات على الإنترنت وأن تكون شفافة في قراراتها. وعلى الشركات أن تحترم "
                "خصوصية المستخدمين وأن تنشر تقارير عن الطلبات التي تتلقاها من الحكومات. ويرصد المجتمع المدني "
                "الانتهاكات ويوصل أصوات الفئات المهمشة، مثل النساء واللاجئين والأشخاص ذوي الإعاقة. وتوفر الأوساط "
                "التقنية والأكاديمية المعرفة، فيما تضمن المنظمات الدولية مشاركة الجميع."
            ),
            4: (
                "نعمل مع شبكة من المتطوعين في الأردن ولبنان وفلسطين على تدريب الشباب والنساء على الأمان الرقمي. وقد "
                "شاركنا في المنتدى العربي لحوكمة الإنترنت، لكن مشاركتنا في العمليات الدولية تبقى محدودة بسبب التكاليف "
                "وصعوبة الحصول على التأشيرات. ونأمل أن تتيح هذه المشاورة الإلكترونية فرصة أوسع لإسماع صوت منظمات "
                "المنطقة."
            ),
            5: (
                "حرية التعبير والحق في الخصوصية، وحجب المواقع وقطع الاتصالات، ومراقبة الاتصالات، وحماية الصحفيين "
                "والمدافعين عن حقوق الإنسان على الإنترنت، وإتاحة الاتصال للاجئين في المخيمات، وتوفير المحتوى والخدمات "
                "باللغة العربية وبصيغ ميسّرة للأشخاص ذوي الإعاقة. فهذه القضايا تمس الحياة اليومية لملايين المستخدمين "
                "في منطقتنا، وغالبًا ما تُناقش دون مشاركتهم."
            ),
            6: (
                "لا توجد آلية دولية فعالة لمساءلة الدول والشركات عن المراقبة الجماعية أو عن قطع الإنترنت، ولا يوجد "
                "إطار يضمن حق اللاجئين في الاتصال. ويتناول مجلس حقوق الإنسان بعض هذه القضايا، لكن توصياته غير ملزمة "
                "ونادرًا ما تصل إلى مرحلة التنفيذ."
            ),
            7: (
                "إلى جانب ضعف الموارد، يواجه المجتمع المدني في منطقتنا قيودًا قانونية على التسجيل والتمويل، ويخشى بعض "
                "الناشطين من العواقب إذا تحدثوا علنًا في المحافل الدولية. ولهذا السبب اخترنا أن تُنشر مساهمتنا دون ذكر "
                "اسم منظمتنا. كما أن ضعف الاتصال في بعض المناطق يحد من إمكان المشاركة عن بُعد."
            ),
            9: (
                "ينبغي أن تكون أي آلية جديدة مفتوحة لمشاركة جميع أصحاب المصلحة على قدم المساواة، وأن تنشر وثائقها "
                "ومداولاتها، وأن تتيح للمجتمع المدني تقديم مساهمات مكتوبة وشفوية. ونعارض أي آلية تقتصر عضويتها "
                "وقراراتها على الحكومات وحدها. ويجب أن تكون المشاركة عن بُعد متاحة بجميع اللغات الرسمية."
            ),
            10: (
                "نوصي بأن يعتمد الفريق العامل حقوق الإنسان مبدأً أساسيًا للتعاون المعزز، وأن يضمن مشاركة المجتمع "
                "المدني من المنطقة العربية في تنفيذه، وأن يدعو إلى توفير حماية خاصة للمدافعين عن حقوق الإنسان الذين "
                "يشاركون في هذه العمليات. كما نوصي بإتاحة جميع الوثائق باللغة العربية في الوقت المناسب."
            ),
        },
    },
    {
        "organisation": "andean-collective",
        "language": "es",
        "consent": "secretariat",
        "state": "withdrawn",
        "answers": {
            1: (
                "Para nuestro colectivo, la cooperación mejorada debe servir para que las decisiones sobre Internet "
                "tengan en cuenta a quienes todavía no están conectados: comunidades rurales, pueblos indígenas y "
                "mujeres de bajos ingresos. Si solo dialogan los gobiernos y las grandes empresas, la brecha digital "
                "seguirá creciendo."
            ),
            3: (
                "Los gobiernos deben garantizar el acceso como un derecho y proteger la libertad de expresión. Las "
                "empresas deben respetar los derechos humanos y ofrecer servicios asequibles. La sociedad civil debe "
                "poder participar con voz propia, y no solo como invitada. Las comunidades técnica y académica pueden "
                "apoyar a las redes comunitarias, y las organizaciones internacionales deben asegurar la inclusión de "
                "los más vulnerables."
            ),
            5: (
                "El acceso asequible y las redes comunitarias; el uso del espectro para conectar zonas rurales; la "
                "libertad de expresión en línea; la protección de las personas defensoras de derechos humanos frente a "
                "la vigilancia; y la presencia de las lenguas indígenas en Internet."
            ),
            6: (
                "No existe un mecanismo internacional que reconozca y apoye a las redes comunitarias ni que oriente a "
                "los Estados sobre la asignación de espectro con fines sociales. La vigilancia de las personas "
                "defensoras de derechos humanos tampoco cuenta con un mecanismo eficaz de rendición de cuentas."
            ),
            7: (
                "Las organizaciones de base no tienen recursos para viajar ni personal dedicado a estos procesos, y a "
                "menudo ni siquiera saben que existen. Las consultas se publican casi siempre en inglés y con plazos "
                "muy cortos para organizaciones que trabajan en zonas sin conexión estable."
            ),
            8: (
                "Financiar la participación de organizaciones de base, realizar consultas regionales en español y en "
                "portugués, y ofrecer formas sencillas de participar, por ejemplo por teléfono o a través de radios "
                "comunitarias, con plazos razonables para responder. Las organizaciones internacionales podrían apoyar "
                "también encuentros locales previos a las reuniones globales."
            ),
            9: (
                "Cualquier mecanismo debe ser multisectorial, estar abierto a las organizaciones de base y realizar "
                "consultas en los idiomas de la región. Además, debe rendir cuentas públicamente sobre cómo toma en "
                "cuenta los aportes recibidos. Las reuniones deberían transmitirse en línea y contar con "
                "interpretación, de modo que las comunidades puedan seguirlas aunque no viajen."
            ),
            10: (
                "Recomendamos que el Grupo de Trabajo incluya el acceso entre sus prioridades, que reconozca el papel "
                "de las redes comunitarias y que establezca mecanismos de participación accesibles para las "
                "organizaciones de base de los países en desarrollo. Así, la cooperación mejorada llegaría también a "
                "quienes todavía están fuera de la red."
            ),
        },
    },
    {
        "organisation": "kathmandu-data",
        "language": "en",
        "consent": "public",
        "state": "submitted",
        "answers": {
            1: (
                "For us, enhanced cooperation must make international Internet policy more open and accountable to "
                "people in countries like Nepal, where decisions taken elsewhere, on data, platforms or connectivity, "
                "shape our lives without our voice. It should be a process that people can follow, with documents that "
                "are public and decisions that can be explained."
            ),
            3: (
                "Governments should be open and accountable and publish the data and decisions they make on Internet "
                "policy. Companies should be transparent about how they handle user data and Government requests. "
                "Civil society should be able to take part without fear. The technical and academic communities should "
                "share knowledge in local languages, and international organizations should support all of this."
            ),
            5: (
                "Open government data and access to information; affordable connectivity for landlocked and "
                "mountainous countries; the digital inclusion of women, Dalit and indigenous communities and people "
                "with disabilities; and content in local languages such as Nepali, Maithili and Nepal Bhasa. These "
                "issues decide who benefits from the Internet and who is left behind."
            ),
            6: (
                "There is no international mechanism that deals with the affordability of transit and connectivity for "
                "landlocked least developed countries, and none that makes Governments accountable for how they use "
                "the data they collect on citizens through online services. Existing bodies treat these questions as "
                "national matters, although they depend on decisions taken far beyond our borders."
            ),
            7: (
                "Poor connectivity and high cost; a lack of funding for travel; limited awareness among officials; and "
                "the fact that civil society organizations from least developed countries are rarely invited, and when "
                "they are, they are asked to speak about problems rather than solutions."
            ),
            8: (
                "Support national and regional Internet Governance Forums in South Asia, fund fellowships for young "
                "people and women, translate key documents into local languages, and make remote participation work on "
                "ordinary mobile connections rather than on broadband that few of us have."
            ),
            9: (
                "Any mechanism should include civil society from the least developed countries, publish its documents "
                "openly in machine-readable formats, and report each year on progress against clear commitments, so "
                "that its work can be followed and evaluated by the public. It should also offer simple ways to send "
                "comments from a mobile phone."
            ),
            10: (
                "Recommend that the special needs of least developed and landlocked developing countries be recognized "
                "explicitly, and that openness, open data and transparency be adopted as principles of enhanced "
                "cooperation and of any mechanism that implements it. The Working Group should also invite more "
                "organisations from South Asia to take part in its work."
            ),
        },
    },
    {
        "organisation": "pacific-nog",
        "language": "en",
        "consent": "public",
        "state": "accepted",
        "answers": {
            1: (
                "From the network operators' point of view, enhanced cooperation is about Governments and the "
                "technical community understanding each other better, so that public policy decisions do not "
                "inadvertently break the way the Internet works. It should respect the distinction, made in the Tunis "
                "Agenda, between public policy issues and the day-to-day technical and operational matters that do not "
                "affect them."
            ),
            3: (
                "The technical community develops open standards, operates networks, exchanges traffic and manages "
                "addresses and names through bottom-up processes. Governments are responsible for public policy and "
                "for an environment in which networks can be built. Operators in small islands depend on both: good "
                "policy on submarine cables and spectrum, and good engineering. Civil society and academia help keep "
                "the whole system honest."
            ),
            4: (
                "Our members are engineers from operators, universities and government agencies across the Pacific. We "
                "run training workshops, help set up Internet exchange points and take part in the policy process of "
                "our regional Internet registry. Participation in United Nations processes has been limited to the "
                "Internet Governance Forum, usually remotely, and often at 3 a.m. local time."
            ),
            5: (
                "The cost and resilience of international connectivity for small island developing States, many of "
                "which depend on a single submarine cable or on satellite links; the transition to IPv6; disaster "
                "preparedness and emergency communications during cyclones; and spam and network abuse originating "
                "elsewhere but paid for by our small networks."
            ),
            6: (
                "There is no international mechanism that addresses the resilience of connectivity for small and "
                "remote States, even though a single cable cut can isolate an entire country for weeks. Technical "
                "coordination on addressing and routing works well through existing bodies and does not need a new "
                "mechanism."
            ),
            7: (
                "Distance, cost and size. Our countries have small administrations, and one person may be responsible "
                "for telecommunications, broadcasting and ICT policy at the same time. Travel from the Pacific to "
                "Geneva takes two days each way, and time zones make remote participation impractical for most "
                "meetings."
            ),
            8: (
                "Hold some meetings in or near developing regions, rotate the time slots of remote sessions, fund "
                "fellowships, and build links between Government officials and local network operator groups, so that "
                "delegates are supported by technical expertise from home when they negotiate abroad."
            ),
            9: (
                "Any mechanism should be interoperable with the existing technical institutions rather than duplicate "
                "them, consult the technical community early, and publish its work openly. A mapping of who does what "
                "would be a good first step, before any decision on new structures is taken."
            ),
            10: (
                "The Working Group should recognize the specific situation of small island developing States and "
                "recommend that any mechanism give priority to connectivity, resilience and capacity-building, and "
                "that it consult network operators in developing regions before addressing technical matters. Our "
                "members would be glad to contribute."
            ),
        },
    },
    {
        "organisation": "pearl-river-nog",
        "language": "zh-hans",
        "consent": "public",
        "state": "accepted",
        "answers": {
            1: (
                "从技术社群的角度看，加强合作应当有助于各方更好地理解互联网的技术运行方式，确保公共政策的制定不会损害网"
                "络的互联互通和稳定性。我们支持政府在公共政策方面发挥作用，但日常的技术和运营事务应当继续由技术社群通过"
                "开放、自下而上的方式处理。"
            ),
            3: (
                "技术社群负责开发开放标准、运营网络、管理地址和域名等资源，并通过开放的程序听取各方意见。政府负责制定政"
                "策、营造良好的发展环境；企业投资建设网络；民间社会和学术界反映用户需求并提供研究支持；国际组织促进各方"
                "沟通。只有各方协同，互联网才能保持全球互通。"
            ),
            4: (
                "我们的成员来自华南地区的运营商、数据中心和高校，定期举办技术研讨会，推动IPv6部署和互联网交换中心的建设"
                "，并参与亚太地区互联网地址注册机构的政策制定过程。我们很少参与联合国的相关进程，这是我们第一次提交意见"
                "。"
            ),
            5: (
                "IPv6的部署和IPv4地址的过渡；国际化域名和多语种电子邮件地址的推广应用；路由安全；跨境网络安全事件的应急"
                "响应协调；以及国际带宽的成本问题。这些问题直接关系到发展中国家网络的质量、安全和成本，需要政府与技术社"
                "群密切合作。"
            ),
            6: (
                "技术协调方面的机制总体运行良好，例如地址分配和标准制定。但在跨境网络安全事件的应急响应方面，各国应急响"
                "应组织之间的合作还缺乏稳定的渠道；国际化域名的推广也缺少政府与技术社群之间的协调。"
            ),
            7: (
                "很多发展中国家的技术人员缺乏参加国际技术会议的经费，外语能力也限制了他们参与标准制定的讨论。同时，政府"
                "官员和本国技术社群之间缺乏沟通，导致在国际场合难以提出有技术依据的立场。"
            ),
            9: (
                "任何机制都应当与现有技术组织保持互操作，避免重复工作，并在早期征求技术社群的意见。可以考虑建立一个由政"
                "府和技术社群共同参与的联络机制，定期交流政策和技术发展动态。"
            ),
            10: (
                "建议工作组承认现有技术协调机制的作用，提出促进政府与技术社群对话的具体措施，并重视国际化域名和多语种互"
                "联网的发展，使更多不使用拉丁字母的用户能够平等地使用互联网。"
            ),
        },
    },
    {
        "organisation": "steppe-ix",
        "language": "ru",
        "consent": "public",
        "state": "accepted",
        "answers": {
            1: (
                "Для технического сообщества расширенное сотрудничество означает прежде всего диалог между "
                "государствами и теми, кто строит и эксплуатирует сети. Решения в области государственной политики "
                "должны учитывать, как на практике работает Интернет, иначе они могут нарушить связность и "
                "стабильность сети, от которых зависят все пользователи."
            ),
            3: (
                "Техническое сообщество разрабатывает открытые стандарты, обеспечивает обмен трафиком, распределяет "
                "адреса и поддерживает систему доменных имён. Правительства отвечают за государственную политику и за "
                "условия для развития инфраструктуры. Частный сектор инвестирует в сети, гражданское и академическое "
                "сообщества выражают интересы пользователей, а международные организации содействуют диалогу между "
                "всеми сторонами."
            ),
            4: (
                "Наша ассоциация объединяет операторов связи и точки обмена трафиком Центральной Азии. Мы проводим "
                "технические семинары на русском языке, участвуем в выработке политики регионального "
                "интернет-регистратора и консультируем государственные органы по вопросам внедрения IPv6. В процессах "
                "ООН мы участвуем впервые. Это наш первый опыт такого рода."
            ),
            5: (
                "Высокая стоимость международных каналов для стран, не имеющих выхода к морю; развитие точек обмена "
                "трафиком в регионе; переход на IPv6; безопасность маршрутизации; доменные имена на национальных "
                "языках, включая кириллические домены верхнего уровня. Для Центральной Азии эти вопросы напрямую "
                "определяют стоимость и качество доступа к Интернету для миллионов пользователей, особенно в сельских "
                "районах."
            ),
            6: (
                "Для стран, не имеющих выхода к морю, нет международного механизма, который рассматривал бы условия "
                "транзита трафика и стоимость доступа к магистральным каналам. Техническая координация адресов и "
                "стандартов, напротив, работает хорошо и в новом механизме не нуждается. Операторы небольших стран "
                "вынуждены договариваться о транзите на невыгодных условиях, что в итоге оплачивают конечные "
                "пользователи."
            ),
            7: (
                "Расстояния, стоимость поездок и визы; нехватка специалистов, свободно владеющих английским языком, на "
                "котором ведётся большинство технических обсуждений; слабая связь между государственными органами и "
                "местным техническим сообществом. Кроме того, региональные мероприятия проводятся редко, а участие в "
                "глобальных встречах для инженеров из небольших компаний почти недоступно. Участие в удалённом режиме "
                "затруднено из-за разницы во времени и нестабильной связи."
            ),
            8: (
                "Полезно было бы проводить региональные семинары на русском языке, поддерживать стипендии для молодых "
                "инженеров и переводить ключевые документы технических организаций. Государственным служащим стоит "
                "чаще привлекать местное техническое сообщество к подготовке национальных позиций. Большую пользу "
                "принесли бы и совместные учения по реагированию на сетевые инциденты с участием операторов соседних "
                "стран."
            ),
            9: (
                "Любой новый механизм должен взаимодействовать с существующими техническими организациями, а не "
                "дублировать их, и консультироваться с техническим сообществом на раннем этапе. Особое внимание "
                "следует уделить проблемам связности развивающихся стран, не имеющих выхода к морю. Результаты его "
                "работы необходимо публиковать открыто, в том числе на русском языке, чтобы их могли использовать "
                "операторы и регуляторы региона."
            ),
            10: (
                "Рекомендовать признать роль технического сообщества, включить стоимость транзита для стран, не "
                "имеющих выхода к морю, в повестку расширенного сотрудничества и поддержать развитие региональных "
                "точек обмена трафиком в развивающихся странах. Ассоциация готова делиться опытом работы региональных "
                "точек обмена трафиком и участвовать в консультациях Рабочей группы."
            ),
        },
    },
    {
        "organisation": "ciis",
        "language": "es",
        "consent": "public",
        "state": "accepted",
        "answers": {
            1: (
                "Desde la perspectiva académica, la cooperación mejorada es uno de los conceptos más ambiguos de la "
                "Agenda de Túnez, y esa ambigüedad no es casual: refleja un compromiso político entre visiones "
                "distintas de la gobernanza de Internet. Entendemos que su objetivo es permitir que los gobiernos, en "
                "pie de igualdad, ejerzan sus funciones en materia de políticas públicas internacionales, sin excluir "
                "la participación efectiva de los demás actores."
            ),
            3: (
                "Los gobiernos tienen la responsabilidad de formular políticas públicas y de rendir cuentas por ellas. "
                "El sector privado aporta inversión e innovación, pero también concentra un poder creciente que exige "
                "reglas claras. La sociedad civil representa intereses que de otro modo quedarían fuera. Las "
                "comunidades técnica y académica aportan conocimiento y evidencia, y las organizaciones "
                "internacionales facilitan la coordinación. Los roles descritos en el párrafo 35 de la Agenda de Túnez "
                "deben interpretarse con flexibilidad, según el tema."
            ),
            4: (
                "Nuestro centro participa en el Foro para la Gobernanza de Internet y en su reunión preparatoria "
                "regional para América Latina y el Caribe, publica estudios sobre la regulación de Internet en la "
                "región y capacita a funcionarios públicos. Las principales dificultades han sido el financiamiento "
                "para viajar y la falta de materiales en español."
            ),
            5: (
                "La privacidad y la protección de datos personales frente a la vigilancia; la responsabilidad de los "
                "intermediarios; la jurisdicción aplicable a los servicios globales; la neutralidad de la red; el "
                "acceso asequible; y los derechos de autor en el entorno digital, donde los acuerdos comerciales a "
                "menudo imponen normas a los países en desarrollo sin un debate público previo."
            ),
            6: (
                "Faltan mecanismos para resolver los conflictos de jurisdicción entre Estados sobre servicios en línea "
                "y para proteger la privacidad frente a la vigilancia transfronteriza. En materia de propiedad "
                "intelectual existen mecanismos, pero no son equilibrados. Nuestras investigaciones muestran que hoy "
                "la mayoría de estos temas se deciden en tribunales nacionales o en las condiciones de uso de empresas "
                "privadas."
            ),
            7: (
                "La falta de especialistas en gobernanza de Internet en las cancillerías; la escasa investigación "
                "regional, que obliga a depender de estudios producidos en el Norte; las barreras idiomáticas; y la "
                "dificultad de sostener una presencia continua en múltiples foros que se reúnen en distintos "
                "continentes."
            ),
            9: (
                "Proponemos empezar por un observatorio que identifique los temas de política pública internacional y "
                "los foros que los tratan, con informes periódicos a la Comisión. Sobre esa base, la Comisión podría "
                "decidir si hace falta un nuevo mecanismo, que en todo caso debería ser multisectorial, transparente y "
                "abierto a la participación remota."
            ),
            10: (
                "Recomendamos un inventario de temas y mecanismos, un programa de fortalecimiento de capacidades en "
                "coordinación con universidades de los países en desarrollo y la traducción sistemática de los "
                "documentos del Grupo de Trabajo y de la Comisión a todos los idiomas oficiales."
            ),
        },
    },
    {
        "organisation": "tallinn",
        "language": "en",
        "consent": "anonymous",
        "state": "accepted",
        "answers": {
            1: (
                "We understand enhanced cooperation as a set of practices rather than a body: the ways in which "
                "Governments and other stakeholders share information, coordinate and, where needed, agree on norms "
                "for the Internet. Our research on digital public services shows that trust between institutions "
                "matters more than formal structures, and that trust is built through regular, transparent work "
                "together."
            ),
            3: (
                "Governments must guarantee rights, security and the rule of law online; the private sector provides "
                "most services and infrastructure; civil society holds both to account; the technical community keeps "
                "the network interoperable; and academia provides independent analysis and trains the next generation "
                "of policy-makers. Intergovernmental organizations should enable cooperation, especially between "
                "countries with very different capacities."
            ),
            4: (
                "Our centre advises Governments in Eastern Europe, Africa and Asia on digital public services and "
                "contributes to the work of regional organizations. We have taken part in the Internet Governance "
                "Forum and in expert meetings of the Commission, most often as speakers funded by project grants "
                "rather than through any regular channel for academic input."
            ),
            5: (
                "Cybersecurity and the protection of critical information infrastructure; the application of "
                "international law to State conduct in cyberspace; cross-border recognition of electronic identities "
                "and signatures; and the privacy of citizens whose data sit in interconnected public registries. In "
                "each case, what is at stake is the trust that citizens place in digital services."
            ),
            6: (
                "Norms of State behaviour in cyberspace are discussed by a group of governmental experts under the "
                "First Committee, but its membership is limited. Cross-border recognition of electronic identity "
                "exists only regionally, for example within the European Union. There is no global forum where these "
                "experiences can be shared with developing countries on an equal footing."
            ),
            7: (
                "Limited research capacity and data, and the absence of independent national institutions that can "
                "advise Governments. Countries that are building e-government systems rarely have the opportunity to "
                "learn from each other's successes and mistakes; too often they learn only from vendors."
            ),
            9: (
                "A light mechanism under the Commission, supported by a network of research institutions from all "
                "regions, could identify emerging issues, commission evidence and present options to Governments and "
                "stakeholders. It should publish its work openly and be evaluated against clear objectives."
            ),
            10: (
                "Recommend an evidence-based approach to enhanced cooperation, including a network of research "
                "institutions from developed and developing countries, open publication of the evidence used, and a "
                "review of the implementation of the mandate by the Commission every two years. The Commission should "
                "be able to adjust course as evidence accumulates."
            ),
        },
    },
    {
        "organisation": "maghreb-studies",
        "language": "ar",
        "consent": "public",
        "state": "accepted",
        "answers": {
            1: (
                "من منظور بحثي، ظل مفهوم التعاون المعزز غامضًا منذ قمة تونس عام 2005، إذ تتباين تفسيراته بين من يراه "
                "عملية مستمرة داخل المؤسسات القائمة ومن يراه آلية جديدة قائمة بذاتها. ونرى أن المطلوب أولًا هو الاتفاق "
                "على تعريف عملي يحدد الأطراف المعنية والقضايا المشمولة والنتائج المتوقعة."
            ),
            2: (
                "منتدى حوكمة الإنترنت فضاء للحوار وتبادل الخبرات، أما التعاون المعزز فيتعلق بصنع السياسات. والعلاقة "
                "بينهما ينبغي أن تكون تكاملية: يطرح المنتدى القضايا ويبلورها، وتتولى آلية التعاون المعزز معالجة ما "
                "يحتاج منها إلى قرار، ثم تعرض نتائج عملها على المنتدى لمناقشتها."
            ),
            3: (
                "تقع على عاتق الحكومات مسؤولية السياسات العامة، غير أن نجاحها يتوقف على مشاركة القطاع الخاص والمجتمع "
                "المدني. وللأوساط الأكاديمية دور خاص في إنتاج المعرفة المستقلة وتدريب الكفاءات، وفي نقل النقاشات "
                "التقنية إلى لغة يفهمها صانعو القرار. أما المنظمات الدولية فعليها تيسير تبادل الخبرات بين الجامعات في "
                "الشمال والجنوب."
            ),
            5: (
                "حماية البيانات الشخصية وتدفقها عبر الحدود، والتنوع اللغوي والثقافي على الإنترنت، والتعليم الإلكتروني، "
                "والملكية الفكرية في البيئة الرقمية، والفجوة الرقمية بين المدن والأرياف في بلدان المغرب العربي. وتكتسي "
                "هذه القضايا أهمية خاصة لأن أغلب الخدمات الرقمية المستخدمة في المنطقة تقدمها شركات أجنبية، ولأن "
                "المحتوى المتاح بالعربية والأمازيغية لا يزال محدودًا."
            ),
            6: (
                "تنظم الاتفاقيات الإقليمية بعض جوانب حماية البيانات، لكن لا توجد آلية عالمية تعالج تدفق البيانات عبر "
                "الحدود بين مناطق ذات أنظمة قانونية مختلفة. كما يفتقر التنوع اللغوي على الإنترنت إلى إطار دولي يتجاوز "
                "الإعلانات العامة إلى التزامات قابلة للقياس. وتبقى المبادرات القائمة متفرقة وغير منسقة."
            ),
            7: (
                "ضعف تمويل البحث العلمي في مجال حوكمة الإنترنت، وقلة البيانات المتاحة عن المنطقة، وهيمنة اللغة "
                "الإنجليزية على الأدبيات والمحافل، وغياب قنوات منتظمة تربط الباحثين بصانعي القرار في بلداننا. ونتيجة "
                "لذلك، تعتمد النقاشات الدولية على دراسات أُنجزت في سياقات مختلفة، ولا تعكس واقع مجتمعاتنا وأولوياتها."
            ),
            9: (
                "نقترح أن تنشئ اللجنة شبكة من مراكز البحث في جميع المناطق تتولى رصد قضايا السياسات العامة الدولية "
                "المتعلقة بالإنترنت وتقديم تقارير دورية عنها، على أن تُبنى على نتائجها أي آلية مستقبلية، وأن تكون هذه "
                "الآلية شفافة وتشارك فيها جميع فئات أصحاب المصلحة."
            ),
            10: (
                "نوصي الفريق العامل بإعداد تعريف عملي للتعاون المعزز، ووضع خريطة للقضايا والآليات القائمة، وإطلاق "
                "برنامج لبناء القدرات البحثية في البلدان النامية، مع إتاحة وثائق الفريق العامل باللغة العربية وسائر "
                "اللغات الرسمية في وقت مناسب. ونحن على استعداد للإسهام في هذه الجهود من خلال شبكة الجامعات المغاربية."
            ),
        },
    },
    {
        "organisation": "hangzhou-policy",
        "language": "zh-hans",
        "consent": "secretariat",
        "state": "accepted",
        "answers": {
            1: (
                "我们认为，“加强合作”是一个尚待充实的概念。《突尼斯议程》第69至71段为其确定了方向，但没有规定具体形式。"
                "从研究角度看，应当把加强合作理解为一个多层次的过程：既包括政府之间的协调，也包括政府与企业、技术社群和"
                "学术界之间的合作。"
            ),
            2: (
                "互联网治理论坛为各方提供了对话平台，但不作出决定。加强合作与论坛的关系应当是互补的：论坛可以发现和讨论"
                "问题，加强合作则应当为那些需要政策协调的问题提供解决途径，并把进展情况反馈给论坛。"
            ),
            3: (
                "政府负责制定公共政策并承担相应责任；企业是技术创新和投资的主体；民间社会反映用户的诉求；技术界维护网络"
                "的互联互通；学术界提供独立的研究和政策建议，并为发展中国家培养专业人才；政府间和国际组织则应当促进各国"
                "之间的经验交流。"
            ),
            5: (
                "跨境数据流动、个人信息保护、电子商务规则、网络安全以及互联网对经济社会发展的影响。特别值得关注的是，各"
                "国在数据保护方面的规则差异越来越大，给跨境服务和国际合作带来了新的困难。"
            ),
            6: (
                "在跨境数据流动和电子商务方面，目前只有一些区域性或双边的安排，缺乏全球性的协调机制。各国在网络安全领域"
                "的合作也主要依靠双边渠道，多边层面的信任建立措施仍然不足，发展中国家的参与尤其有限。"
            ),
            7: (
                "主要障碍包括：研究能力不足，缺乏本国和本地区的数据；能够参与国际讨论的专家数量有限；语言障碍；以及国际"
                "会议的时间和地点往往不便于发展中国家的代表参加。此外，发展中国家的研究机构很少获得国际合作项目的资助，"
                "研究成果也难以进入国际讨论。"
            ),
            9: (
                "建议先在委员会下设立一个由各国政府和其他利益攸关方共同参与的研究和协调平台，梳理问题和现有机制，再逐步"
                "形成更为正式的安排。这样既能积累共识，也能避免与现有机构重复。"
            ),
            10: (
                "建议工作组：（一）明确加强合作的定义和范围；（二）建立问题与现有机制的清单；（三）加强发展中国家研究机"
                "构的能力建设；（四）定期向委员会报告落实进展。我们愿意与其他国家的研究机构合作，为工作组提供研究支持。"
            ),
        },
    },
    {
        "organisation": "yerevan-institute",
        "language": "ru",
        "consent": "anonymous",
        "state": "submitted",
        "answers": {
            1: (
                "С точки зрения исследователей, расширенное сотрудничество — это прежде всего процесс, а не институт. "
                "В Тунисской программе он описан в самых общих чертах, и за прошедшие годы государства так и не пришли "
                "к единому пониманию его содержания. Мы считаем, что Рабочей группе следует начать с согласованного "
                "рабочего определения."
            ),
            3: (
                "Роли сторон зависят от конкретного вопроса. В вопросах кибербезопасности ведущая роль принадлежит "
                "государствам, в вопросах стандартов — техническому сообществу, в вопросах прав пользователей — "
                "гражданскому обществу. Академическое сообщество обеспечивает независимый анализ и подготовку кадров, "
                "а межправительственные организации предоставляют площадку для диалога."
            ),
            5: (
                "Электронное правительство и защита персональных данных; доверие к электронным услугам; информационная "
                "безопасность; развитие контента на национальных языках, в том числе на армянском; подготовка кадров в "
                "сфере ИКТ для государственного управления. Эти вопросы особенно важны для небольших государств, "
                "которые активно развивают электронные услуги, но не обладают достаточными ресурсами для их защиты."
            ),
            6: (
                "На региональном уровне существуют отдельные соглашения, но глобального механизма обмена опытом между "
                "развитыми и развивающимися странами в области электронного правительства и защиты данных нет. "
                "Небольшие страны вынуждены осваивать этот опыт самостоятельно, часто через консультантов поставщиков. "
                "Обмен опытом ограничивается двусторонними проектами, которые заканчиваются вместе с финансированием."
            ),
            7: (
                "Недостаток финансирования исследований, отсутствие статистики и ограниченный доступ исследователей из "
                "небольших стран к международным дискуссиям. Кроме того, многие материалы недоступны на русском языке, "
                "который остаётся рабочим языком для значительной части нашего региона. Результаты исследований, "
                "проведённых в нашем регионе, редко попадают в международные доклады."
            ),
            8: (
                "Полезны совместные программы университетов развитых и развивающихся стран, летние школы по управлению "
                "Интернетом, перевод ключевых документов на русский язык и гранты, позволяющие молодым исследователям "
                "участвовать в международных форумах. Важно также поддерживать региональные школы по управлению "
                "Интернетом, которые уже доказали свою эффективность."
            ),
            9: (
                "Предлагаем создать при Комиссии сеть исследовательских центров всех регионов, которая готовила бы "
                "аналитические материалы по новым вопросам политики и представляла их государствам и другим "
                "заинтересованным сторонам, прежде чем обсуждать создание новых институтов. Такая сеть могла бы "
                "опираться на существующие университеты и не потребовала бы значительных затрат."
            ),
            10: (
                "Рекомендовать согласованное рабочее определение расширенного сотрудничества, создание сети "
                "исследовательских центров при Комиссии и регулярную оценку хода выполнения мандата с участием всех "
                "заинтересованных сторон. Особое внимание следует уделить потребностям небольших развивающихся стран и "
                "стран с переходной экономикой, а также доступности материалов на всех официальных языках Организации "
                "Объединённых Наций."
            ),
        },
    },
    {
        "organisation": "digital-office",
        "language": "fr",
        "consent": "public",
        "state": "accepted",
        "answers": {
            1: (
                "Pour notre Bureau, la coopération renforcée désigne d'abord la coordination entre les organisations "
                "internationales et intergouvernementales, les gouvernements et les autres parties prenantes, "
                "conformément au paragraphe 71 de l'Agenda de Tunis, qui invite toutes les organisations concernées à "
                "engager ce processus. Elle doit rendre la gouvernance de l'Internet plus cohérente, et non lui "
                "ajouter une couche supplémentaire."
            ),
            2: (
                "Le Forum sur la gouvernance d'Internet permet un dialogue ouvert entre toutes les parties prenantes ; "
                "la coopération renforcée devrait s'en nourrir et lui indiquer en retour quelles suites ont été "
                "données aux questions soulevées. Les deux processus sont distincts, mais ils gagneraient à coordonner "
                "leurs calendriers et à partager leurs rapports."
            ),
            3: (
                "Les gouvernements définissent les politiques publiques ; le secteur privé, la société civile et les "
                "communautés technique et universitaire y contribuent chacun selon son expertise. Les organisations "
                "intergouvernementales et internationales ont un rôle de facilitation : elles offrent un cadre neutre, "
                "rassemblent les données, évitent les doublons et aident les pays en développement à participer."
            ),
            4: (
                "Depuis 2006, notre Bureau rend compte des mesures prises pour mettre en œuvre le paragraphe 71 de "
                "l'Agenda de Tunis dans ses domaines de compétence, et il organise chaque année des consultations "
                "ouvertes à toutes les parties prenantes. Nous constatons toutefois que ces rapports sont peu lus et "
                "que les mandats des différentes organisations se chevauchent."
            ),
            5: (
                "La cohérence entre les travaux des différentes organisations sur la cybersécurité, la protection des "
                "données et le commerce électronique ; la mesure de la société de l'information, sans laquelle les "
                "politiques avancent à l'aveugle ; et l'accès des pays les moins avancés aux infrastructures à haut "
                "débit."
            ),
            6: (
                "La plupart des sujets relèvent du mandat d'au moins une organisation, mais aucun mécanisme n'assure "
                "la coordination d'ensemble ni ne signale les questions qui ne relèvent de personne. Les questions "
                "transversales, comme la protection des données, sont traitées en parallèle dans plusieurs enceintes, "
                "sans lien entre elles."
            ),
            7: (
                "La multiplication des enceintes, chacune avec ses propres règles de participation ; le coût d'une "
                "présence à Genève et à New York ; et le manque de données fiables sur l'état de la connectivité et "
                "des politiques nationales, qui empêche les pays en développement de faire valoir leurs priorités avec "
                "des éléments probants."
            ),
            9: (
                "Nous proposons un mécanisme de coordination entre les organisations du système des Nations Unies et "
                "les autres organisations concernées, appuyé par un inventaire en ligne de leurs activités et par des "
                "rapports annuels à la Commission. Ce mécanisme pourrait aussi signaler à la Commission les questions "
                "qui ne disposent d'aucun cadre approprié."
            ),
            10: (
                "Le Groupe de travail devrait recommander un inventaire commun des activités liées aux politiques "
                "publiques de l'Internet, des rapports annuels harmonisés des organisations concernées et la "
                "désignation, dans chacune d'elles, d'un point focal pour la coopération renforcée. Notre Bureau est "
                "disposé à coordonner la préparation de cet inventaire."
            ),
        },
    },
]
