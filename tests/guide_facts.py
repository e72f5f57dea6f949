"""Facts of the 2015 guide, written down by hand from the guide's text (not from the graph).

Each constant cites the lines of source/gswg-guide-2015.lo.txt it was read from. The data tests
compare the graph against these; if a test fails, re-read the guide before touching either side.
"""

# Annex 2, GSWG, government group (line 345), in printed order; "ແລະອື່ນໆ" closes it.
GSWG_GOVERNMENT = [
    "party-central-organisation-commission",
    "government-inspection-authority",
    "lfnc",
    "lwu",
    "national-assembly",
    "moha",
    "moj",
    "maf",
    "moes",
    "mof",
    "mofa",
    "moh",
    "moict",
    "molsw",
    "monre",
    "mpi",
    "mops",
    "mpwt",
    "napa",
    "ncaw",
    "nuol",
    "supreme-peoples-prosecutor",
    "peoples-supreme-court",
    "lao-bar-association",
]
# Annex 2, GSWG, development partners (lines 351-377 and 379); "ແລະ ອື່ນໆ" closes it.
GSWG_PARTNERS = [
    "australia",
    "european-union",
    "finland",
    "france",
    "singapore",
    "germany",
    "india",
    "japan",
    "korea",
    "usa",
    "vietnam",
    "luxembourg",
    "world-bank",
    "adb",
    "afd",
    "ausaid",
    "cord",
    "giz",
    "ingo-network",
    "jica",
    "koica",
    "uncdf",
    "unicef",
    "undp",
    "unodc",
    "unfpa",
    "un-women",
    "lao-npa-network",
    "luxdev",
    "nzaid",
    "oxfam-novib",
    "save-the-children",
    "snv",
    "sdc",
    "asia-foundation",
    "usaid",
]
# Annex 2, PSI SSWG, government (lines 385 and 389).
PSI_GOVERNMENT = [
    "government-inspection-authority",
    "ncaw",
    "lwu",
    "moes",
    "mof",
    "mofa",
    "moh",
    "moha",
    "moict",
    "moj",
    "molsw",
    "monre",
    "mops",
    "mpwt",
    "mpi",
    "national-assembly",
    "supreme-peoples-prosecutor",
    "peoples-supreme-court",
]
# Annex 2, PSI SSWG, development partners (lines 390 and 392).
PSI_PARTNERS = [
    "finland",
    "france",
    "germany",
    "india",
    "australia",
    "european-union",
    "japan",
    "korea",
    "singapore",
    "afd",
    "adb",
    "world-bank",
    "ausaid",
    "giz",
    "ingo-network",
    "jica",
    "lao-npa-network",
    "nzaid",
    "snv",
    "sdc",
    "uncdf",
    "unicef",
    "undp",
    "unodc",
]
# Annex 2, LIO SSWG, government (lines 398 and 402).
LIO_GOVERNMENT = [
    "national-assembly",
    "bank-of-lao-pdr",
    "office-of-the-president",
    "government-inspection-authority",
    "government-office",
    "ncaw",
    "lwu",
    "lyu",
    "lfnc",
    "moj",
    "maf",
    "moes",
    "mem",
    "mof",
    "mofa",
    "moh",
    "moha",
    "moict",
    "ministry-of-agriculture-and-commerce",
    "molsw",
    "monre",
    "mops",
    "mpwt",
    "mpi",
    "mond",
    "law-school",
    "lao-bar-association",
    "napa",
    "supreme-peoples-prosecutor",
    "peoples-supreme-court",
    "nuol-faculty-of-law",
]
# Annex 2, LIO SSWG, development partners (line 403 and lines 405-415).
LIO_PARTNERS = [
    "australia",
    "cambodia",
    "european-union",
    "france",
    "germany",
    "japan",
    "malaysia",
    "myanmar",
    "philippines",
    "korea",
    "singapore",
    "thailand",
    "usa",
    "vietnam",
    "un-women",
    "unicef",
    "undp",
    "unodc",
    "jica",
]

MEMBER_LISTS = {
    ("gswg", "government"): GSWG_GOVERNMENT,
    ("gswg", "development-partner"): GSWG_PARTNERS,
    ("psi-sswg", "government"): PSI_GOVERNMENT,
    ("psi-sswg", "development-partner"): PSI_PARTNERS,
    ("lio-sswg", "government"): LIO_GOVERNMENT,
    ("lio-sswg", "development-partner"): LIO_PARTNERS,
}

# Chairs and co-chairs: (group, organisation, role, office post).
# RTP: line 27. GSWG: line 111 (leadership; roles by the rule of line 39/47).
# PSI SSWG: lines 171 and 177-185. LIO SSWG: lines 200 and 208-215.
CHAIRS = {
    ("round-table-process", "government-of-lao-pdr", "chair", None),
    ("round-table-process", "undp", "co-chair", None),
    ("gswg", "moha", "chair", "post-moha-minister"),
    ("gswg", "moj", "chair", "post-moj-minister"),
    ("gswg", "undp", "co-chair", "post-undp-resident-representative"),
    ("psi-sswg", "moha", "chair", "post-moha-vice-minister"),
    ("psi-sswg", "sdc", "co-chair", "post-sdc-deputy-representative"),
    ("psi-sswg", "undp", "co-chair", "post-undp-deputy-representative"),
    ("lio-sswg", "moj", "chair", "post-moj-vice-minister"),
    ("lio-sswg", "european-union", "co-chair", "post-eu-charge-d-affaires"),
    ("lio-sswg", "undp", "co-chair", "post-undp-deputy-representative"),
}

# Key organisations in the chart of section I (lines 90-102).
KEY_ORGANISATIONS = {
    "psi-sswg": {"moha", "national-assembly", "mof"},
    "lio-sswg": {
        "moj",
        "national-assembly",
        "mops",
        "peoples-supreme-court",
        "supreme-peoples-prosecutor",
        "mofa",
    },
}

# The ten sector working groups, lines 55-64: (IRI, Lao name as printed, English name).
SECTOR_WORKING_GROUPS = [
    ("swg-agriculture-rural-development", "ໜ່ວຍງານດ້ານກະສິກຳ ແລະ ການພັດທະນາຊຸມນະບົດ", "Agriculture"),
    ("swg-education", "ໜ່ວຍງານດ້ານການສຶກສາ", "Education"),
    ("gswg", "ໜ່ວຍງານດ້ານການປົກຄອງ", "Governance"),
    ("swg-health", "ໜ່ວຍງານດ້ານສາທາລະນະສຸກ", "Health"),
    ("swg-illicit-drug-control", "ໜ່ວຍງານດ້ານການຄວບຄຸມຢາເສບຕິດ", "Drug"),
    ("swg-infrastructure", "ໜ່ວຍງານດ້ານພື້ນຖານໂຄງລ່າງ", "Infrastructure"),
    ("swg-macroeconomics", "ໜ່ວຍງານດ້ານເສດຖະກິດມະຫາພາກ", "Macroeconomic"),
    (
        "swg-natural-resources-environment",
        "ໜ່ວຍງານດ້ານຄຸ້ມຄອງຊັບພະຍາກອນທຳມະຊາດ ແລະ ສິ່ງແວດລ້ອມ",
        "Natural Resource",
    ),
    ("swg-trade-private-sector", "ໜ່ວຍງານດ້ານການພັດທະນາການຄ້າ ແລະ ພາກເອກະຊົນ", "Trade"),
    ("swg-uxo", "ໜ່ວຍງານເກັບກູ້ລະເບີດທີ່ຕົກຄ້າງ (ທີ່ຍັງບໍ່ທັນແຕກ)", "Unexploded Ordnance"),
]

# The four pillars (lines 74-86, line 121) and who covers each (lines 140, 154, 162).
PILLAR_COVERAGE = {
    "pillar-public-service-improvement": ("ການປັບປຸງການບໍລິຫານລັດຖະການ", "psi-sswg"),
    "pillar-peoples-participation": ("ການມີສ່ວນຮ່ວມຂອງປະຊາຊົນ", "psi-sswg"),
    "pillar-rule-of-law": ("ການຄຸ້ມຄອງລັດດ້ວຍກົດໝາຍ", "lio-sswg"),
    "pillar-public-financial-management": ("ການຄຸ້ມຄອງການເງິນພາກລັດ", "swg-macroeconomics"),
}
# How the guide says so: stated for public service improvement (the PSI SSWG by name, line 154)
# and public financial management (line 154); for people's participation and the rule of law
# the guide never says which sub-group covers them (lines 140, 162): the curators infer it.
PILLAR_COVERAGE_EVIDENCE = {
    "pillar-public-service-improvement": "evidence-stated",
    "pillar-peoples-participation": "evidence-inferred",
    "pillar-rule-of-law": "evidence-inferred",
    "pillar-public-financial-management": "evidence-stated",
}

# Functions and terms of reference: group -> (functions, top-level ToR items, printed ToR numbers).
# GSWG: functions lines 121-127, ToR lines 257-269 (item 3 with a-c).
# PSI: functions lines 166-169 (bullets), ToR lines 281-292 (item 2 with a-c).
# LIO: functions lines 195-198 (bullets), ToR lines 302-311 (item 2 with a-c, then 2 again).
# Secretariat: functions lines 229-235 (bullets), ToR lines 319-328.
MANDATES = {
    "gswg": (6, 9, ["1", "2", "3", "4", "5", "6", "7", "8", "9"]),
    "psi-sswg": (4, 8, ["1", "2", "3", "4", "5", "6", "7", "8"]),
    "lio-sswg": (4, 6, ["1", "2", "2", "3", "4", "5"]),
    "gswg-secretariat": (7, 9, ["1", "2", "3", "4", "5", "6", "7", "8", "9"]),
}
# Terms of reference with lettered sub-items a, b, c.
SUB_ITEMS = {"gswg-tor-3": 3, "psi-sswg-tor-2": 3, "lio-sswg-tor-2": 3}

# Spelling variants the guide uses for one entity: (label as printed, entity).
SPELLING_VARIANTS = [
    ("ເຍຍລະມັນ", "germany"),  # line 356
    ("ເຢຍລະມັນ", "germany"),  # lines 390, 403
    ("ຢີ່ປຸ່ນ", "japan"),  # lines 358, 390
    ("ຍີ່ປຸ່ນ", "japan"),  # line 403
    ("ອົງການຮ່ວມມືສາກົນປະເທດຢີປຸ່ນ", "jica"),  # lines 370, 390
    ("ອົງການຮ່ວມມືສາກົນປະເທດຢີປຸນ", "jica"),  # line 415
    ("ສະຫະລັດ ອາເມລິກາ", "usa"),  # line 360
    ("ສະຫະລັດອາເມລິກາ", "usa"),  # line 409
    ("ກະຊວງກະສິກຳ ແລະ ປ່າໄມ້", "maf"),  # line 345
    ("ກະຊວງກະສິກຳແລະປ່າໄມ້", "maf"),  # line 398
    ("ກະຊວງແຮງງານ ແລະ ຫວັດດີການສັງຄົມ", "molsw"),  # line 345
    ("ກະຊວງແຮງງານ ແລະ ຫວັດດິການສັງຄົມ", "molsw"),  # line 402
    ("ໄອຍະການປະຊາຊົນສູງສຸດ", "supreme-peoples-prosecutor"),  # line 101
    ("ອົງການໄອຍະການປະຊາຊົນສູງສຸດ", "supreme-peoples-prosecutor"),  # line 345
    ("ກົມຮ່ວມມີສາກົນ", "dic"),  # line 47
    ("ກົມຮ່ວມມືສາກົນ", "dic"),  # line 267
    ("ກົມແຜນການ ແລະ ການຮ່ວມມື", "moha-dpc"),  # line 223
    ("ພະແນກແຜນການ ແລະ ການຮ່ວມມື", "moha-dpc"),  # line 435
    ("ອົງການ ສປຊ ເພື່ອການພັດທະນາ", "undp"),  # line 27
    ("ອົງການ UNDP", "undp"),  # line 374
    ("ຂະບວນການກອງປະຊຸມໂຕະມືນລະດັບປະເທດ ຂອງ ສປປ ລາວ", "round-table-process"),  # line 16
    ("ຂະບວນການກອງປະຊຸມໂຕະມົນ ຂອງ ສປປ ລາວ", "round-table-process"),  # line 25
    ("ຂະບວນການໂຕະມິນ", "round-table-process"),  # line 35
    ("ໜ່ວຍງານຍ່ອຍດ້ານການປັບປຸງບໍລິຫານລັດຖະການ", "psi-sswg"),  # line 19
    ("ໜ່ວຍງານຍ່ອຍດ້ານປັບປຸງການບໍລິຫານລັດຖະການ", "psi-sswg"),  # line 162
    ("ໜ່ວຍງານຍ່ອຍດ້ານປັບປຸງບໍລິຫານລັດຖະການ", "psi-sswg"),  # line 382
    ("ໜ່ວຍງານຍ່ອຍປັບປຸງບໍລິຫານລັດຖະການ", "psi-sswg"),  # line 171
    ("ໜ່ວຍງານຍ່ອຍດ້ານການປັບປຸງການບໍລິຫານລັດຖະການ", "psi-sswg"),  # line 279
    ("ກອງເລຂາໜ່ວຍງານດ້ານການປົກຄອງ", "gswg-secretariat"),  # line 21
    ("ກອງເລຂາຂອງໜ່ວຍງານດ້ານການປົກຄອງ", "gswg-secretariat"),  # lines 221, 315
    ("ຂະບວນການກອງປະຊຸມໂຕະມິນ", "round-table-process"),  # line 43
    ("ຂະບວນການໂຕະມົນ", "round-table-process"),  # lines 29, 49
    ("ລັດຖະບານ ສປປ ລາວ", "government-of-lao-pdr"),  # line 37
    ("ລັດຖະບານແຫ່ງ ສປປ ລາວ", "government-of-lao-pdr"),  # line 49
    ("ອຸປະທຸດຈາກສະຫະພາບເອີຣົບ", "post-eu-charge-d-affaires"),  # line 200
    ("ອຸປະທຸດ ສະຫະພາບເອີຣົບ", "post-eu-charge-d-affaires"),  # line 210
    # line 154 prints ໜ່ວຍງານການຄຸ້ມ ຄອງການເງິນມະຫາພາກ, the space left by a line break
    ("ໜ່ວຍງານການຄຸ້ມຄອງການເງິນມະຫາພາກ", "swg-macroeconomics"),
]

# Acronyms printed in the guide: (acronym, entity).
ACRONYMS = [
    ("UNDP", "undp"),
    ("JICA", "jica"),
    ("KOICA", "koica"),
    ("AFD", "afd"),
    ("SDC", "sdc"),
    ("GSWG", "gswg"),
    ("PSI SSWG", "psi-sswg"),
    ("LIO SSWG", "lio-sswg"),
    ("UN Women", "un-women"),
    ("NZAID", "nzaid"),
    ("AusAID", "ausaid"),
    ("GIZ", "giz"),
    ("USAID", "usaid"),
]

# The Secretariat (section III.3, lines 219-245; Annex 1 IV, lines 313-338).
SECRETARIAT_MEMBERS = {"moha", "moj", "national-assembly", "mofa", "mof"}  # line 223
SECRETARIAT_SUPPORTERS = {"undp", "sdc", "european-union"}  # lines 225, 315, 332

# Frameworks the Round Table Process follows directly (lines 29, 31, 35, 37); the ten-year strategy
# 2001-2010 only through the long-term strategy, which supports it (line 35).
RTP_FRAMEWORKS = {
    "paris-declaration",
    "vientiane-declaration",
    "revised-vdcap",
    "accra-agenda-for-action",
    "long-term-strategy-2020",
    "nsedp",
    "mdgs",
    "sdgs",
    "ldc-graduation-2020",
}

# Telephone numbers and e-mails as printed (lines 179-185, 212-215, 240-245, 437-441).
PRINTED_CONTACTS = [
    "856 (21) 212 710",
    "856 (21) 25 17 94",
    "856 (21) 267 777",
    "856 (21) 241134",
    "856 (21) 212710, 856 (20) 55555180",
    "856 (21) 213646; 212710",
    "+856 21 212545, 213646, 212710",
    "(856) 217619, 213649",
]
PRINTED_EMAILS = [
    "gswg-sec@moha.gov.la",
    "Nisith.keopanya@moha.gov.la",
    "nisithk@yahoo.com",
    "info@moha.gov.la",
]

# ---------------------------------------------------------------------------------------------
# Answers to the analysts' questions (queries/*.rq), read off the lists above and the guide.
# ---------------------------------------------------------------------------------------------

# Bilateral agencies and the country whose agency each is. Named with their country in the
# guide: JICA "ອົງການຮ່ວມມືສາກົນປະເທດຢີປຸ່ນ" (line 370), KOICA "...ປະເທດເກົາຫຼີ" (line 371), SDC
# "ອົງການພັດທະນາແລະຮ່ວມມືປະເທດສະວິດເຊີແລນ" (line 171, and in Annex 2 line 379); AusAID, GIZ,
# LuxDev and USAID are printed by acronym only (lines 366-368, 379) and AFD by its French name
# "Agence Française de Développement (AFD)" (line 365), none with its country: they belong to
# France, Australia, Germany, Luxembourg and the United States. NZAID (line 379) has no country
# in the guide's lists.
AGENCY_OF = {
    "jica": "japan",
    "koica": "korea",
    "sdc": "switzerland",
    "afd": "france",
    "ausaid": "australia",
    "giz": "germany",
    "luxdev": "luxembourg",
    "usaid": "usa",
}

# Development partners printed in both the PSI SSWG list (lines 390, 392) and the LIO SSWG
# list (lines 403-415). Japan is ຢີ່ປຸ່ນ in one and ຍີ່ປຸ່ນ in the other, Germany ເຢຍລະມັນ in both.
PARTNERS_IN_BOTH_SUBGROUPS = {
    "australia",
    "european-union",
    "france",
    "germany",
    "japan",
    "jica",
    "korea",
    "singapore",
    "undp",
    "unicef",
    "unodc",
}
# The same with every agency counted as its country: JICA (both lists) becomes Japan, which is
# already there; AFD, AusAID, GIZ and SDC (PSI only) become France, Australia, Germany (already
# there) and Switzerland (on no LIO list); no agency on the LIO list adds a country.
PARTNERS_IN_BOTH_SUBGROUPS_ROLLED_UP = PARTNERS_IN_BOTH_SUBGROUPS - {"jica"}

# Government bodies printed in both sub-group lists: all 18 of the PSI SSWG list (lines 385,
# 389) are also on the LIO SSWG list (lines 398, 402; ກະຊວງແຮງງານ ແລະ ຫວັດດິການສັງຄົມ there).
GOVERNMENT_IN_BOTH_SUBGROUPS = set(PSI_GOVERNMENT)

# Sub-group members the GSWG list (lines 345, 351-379) does not print. The PSI SSWG list has
# none; from the LIO SSWG list (lines 398-415): nine government bodies and five countries.
SUBGROUP_MEMBERS_NOT_IN_GSWG = {
    ("lio-sswg", "bank-of-lao-pdr"),
    ("lio-sswg", "office-of-the-president"),
    ("lio-sswg", "government-office"),
    ("lio-sswg", "lyu"),
    ("lio-sswg", "mem"),
    ("lio-sswg", "ministry-of-agriculture-and-commerce"),
    ("lio-sswg", "mond"),
    ("lio-sswg", "law-school"),
    ("lio-sswg", "nuol-faculty-of-law"),
    ("lio-sswg", "cambodia"),
    ("lio-sswg", "malaysia"),
    ("lio-sswg", "myanmar"),
    ("lio-sswg", "philippines"),
    ("lio-sswg", "thailand"),
}

# GSWG development partners (lines 351-379) on neither sub-group list nor in any sub-group role,
# in the order of the GSWG list.
GSWG_PARTNERS_IN_NO_SUBGROUP = [
    "luxembourg",
    "cord",
    "koica",
    "unfpa",
    "luxdev",
    "oxfam-novib",
    "save-the-children",
    "asia-foundation",
    "usaid",
]

# Members of the Secretariat (line 223), all government; the list ends "and other ministries as
# appropriate" (ແລະ ກະຊວງອື່ນໆຕາມຄວາມເໝາະສົມ).
MEMBER_COUNTS = {
    ("gswg", "government"): len(GSWG_GOVERNMENT),
    ("gswg", "development-partner"): len(GSWG_PARTNERS),
    ("psi-sswg", "government"): len(PSI_GOVERNMENT),
    ("psi-sswg", "development-partner"): len(PSI_PARTNERS),
    ("lio-sswg", "government"): len(LIO_GOVERNMENT),
    ("lio-sswg", "development-partner"): len(LIO_PARTNERS),
    ("gswg-secretariat", "government"): len(SECRETARIAT_MEMBERS),
}

# Mandates that speak of gender, ບົດບາດຍິງ-ຊາຍ: GSWG function 5 (line 126) and terms of reference
# 6 (line 266), PSI SSWG terms of reference 4 (line 288), LIO SSWG terms of reference 3 (line 309).
MANDATES_ON_GENDER = {"gswg-function-5", "gswg-tor-6", "psi-sswg-tor-4", "lio-sswg-tor-3"}
# Mandates that speak of capacity (ຂີດຄວາມສາມາດ or ຄວາມອາດສາມາດ): the above, the sub-groups'
# fourth function bullets (lines 169, 198), PSI SSWG terms of reference 1, 2, 2b and 3 (lines 281,
# 282, 285, 287) and LIO SSWG terms of reference 2 (line 303).
MANDATES_ON_CAPACITY = MANDATES_ON_GENDER | {
    "psi-sswg-function-4",
    "lio-sswg-function-4",
    "psi-sswg-tor-1",
    "psi-sswg-tor-2",
    "psi-sswg-tor-2b",
    "psi-sswg-tor-3",
    "lio-sswg-tor-2",
}

# What the frameworks query lists besides RTP_FRAMEWORKS: (relation, via). The 7th and 8th NSEDP
# the process helped prepare (line 43); the ten-year strategy 2001-2010, which the guiding
# long-term strategy supports (line 35).
RTP_RELATED_FRAMEWORKS = {
    "nsedp-7": ("facilitatedPreparationOf", None),
    "nsedp-8": ("facilitatedPreparationOf", None),
    "ten-year-strategy-2001-2010": ("supportsFramework", "long-term-strategy-2020"),
}

# Dates the guide gives for the frameworks of RTP_FRAMEWORKS and RTP_RELATED_FRAMEWORKS:
# (start, end, target year). The Accra Agenda through its forum, 2-4 September 2008 (line 33);
# the ten-year strategy 2001-2010 and the long-term strategy "to 2020" (line 35); the MDGs by
# 2015 and graduation from LDC status by 2020 (line 37). The others have no date in the guide.
FRAMEWORK_DATES = {
    "accra-agenda-for-action": ("2008-09-02", "2008-09-04", None),
    "ten-year-strategy-2001-2010": ("2001", "2010", None),
    "long-term-strategy-2020": (None, "2020", "2020"),
    "mdgs": (None, None, "2015"),
    "ldc-graduation-2020": (None, None, "2020"),
}

# Contacts printed for each group: (group, role, holder, kind, value as printed).
# PSI SSWG convenors, lines 177-185; LIO SSWG convenors, lines 208-215 (no number for the chair,
# line 208); the head of the Secretariat, lines 239-242; the GSWG coordinator, lines 243-245; the
# Secretariat's host department on the back cover, lines 435-441.
CONTACTS = {
    ("psi-sswg", "role-chair", "moha", "telephone", "856 (21) 212 710"),
    ("psi-sswg", "role-chair", "moha", "e-mail", "gswg-sec@moha.gov.la"),
    ("psi-sswg", "role-co-chair", "sdc", "telephone", "856 (21) 25 17 94"),
    ("psi-sswg", "role-co-chair", "undp", "telephone", "856 (21) 267 777"),
    ("lio-sswg", "role-chair", "moj", None, None),
    ("lio-sswg", "role-co-chair", "european-union", "telephone", "856 (21) 241134"),
    ("lio-sswg", "role-co-chair", "undp", "telephone", "856 (21) 267 777"),
    ("gswg-secretariat", "role-head", "nisith-keopanya", "e-mail", "Nisith.keopanya@moha.gov.la"),
    ("gswg-secretariat", "role-head", "nisith-keopanya", "e-mail", "nisithk@yahoo.com"),
    (
        "gswg-secretariat",
        "role-head",
        "nisith-keopanya",
        "telephone",
        "856 (21) 212710, 856 (20) 55555180",
    ),
    ("gswg", "role-coordinator", None, "e-mail", "gswg-sec@moha.gov.la"),
    ("gswg", "role-coordinator", None, "telephone", "856 (21) 213646; 212710"),
    (
        "gswg-secretariat",
        "hostDepartment",
        "moha-dpc",
        "telephone",
        "+856 21 212545, 213646, 212710",
    ),
    ("gswg-secretariat", "hostDepartment", "moha-dpc", "fax", "(856) 217619, 213649"),
    ("gswg-secretariat", "hostDepartment", "moha-dpc", "e-mail", "info@moha.gov.la"),
    ("gswg-secretariat", "hostDepartment", "moha-dpc", "web", "http://www.moha.gov.la"),
}

# Spellings an analyst may type and the organisation they mean. Lao spellings from the guide
# (SPELLING_VARIANTS above) and the ways people write acronyms.
FIND_ORGANISATION = [
    ("ເຍຍລະມັນ", "germany"),  # line 356
    ("ເຢຍລະມັນ", "germany"),  # lines 390, 403
    ("Germany", "germany"),
    ("ຍີ່ປຸ່ນ", "japan"),  # line 403
    ("ຢີ່ປຸ່ນ", "japan"),  # lines 358, 390
    ("ຢີປຸນ", "japan"),  # the tone marks dropped, as in JICA's name on line 415
    ("jica", "jica"),
    ("JICA", "jica"),
    ("ອົງການຮ່ວມມືສາກົນປະເທດຢີປຸນ", "jica"),  # line 415
    ("ກະຊວງແຮງງານ ແລະ ຫວັດດິການສັງຄົມ", "molsw"),  # line 402
    ("ກະຊວງແຮງງານແລະຫວັດດິການສັງຄົມ", "molsw"),  # the same without spaces
    ("ກະຊວງແຮງງານ ແລະ ຫວັດດີການສັງຄົມ", "molsw"),  # line 345
    ("U.N.D.P.", "undp"),
    ("undp", "undp"),
    ("ອົງການ ສປຊ ເພື່ອການພັດທະນາ", "undp"),  # line 27
    ("ກົມຮ່ວມມີສາກົນ", "dic"),  # line 47
    ("ກົມຮ່ວມມືສາກົນ", "dic"),  # line 267
    ("ສະຫະລັດອາເມລິກາ", "usa"),  # line 409
    ("ສະຫະລັດ ອາເມລິກາ", "usa"),  # line 360
    ("PSI-SSWG", "psi-sswg"),
    ("gsd:moha", "moha"),
    ("https://w3id.org/gswg/id/moha", "moha"),
]

# Organisations the guide names that hold no role in any group: the Department of Planning and
# Cooperation of MOHA (its head heads the Secretariat, line 223; it hosts it, line 332), the
# National Governance Programme Steering Committee (GSWG terms of reference 9, line 269), the
# Public Administration and Civil Service Authority and the Prime Minister's Office (line 111),
# and Switzerland (SDC's country, lines 171 and 379).
NO_ROLE_ORGANISATIONS = {
    "moha-dpc",
    "national-governance-steering-committee",
    "pacsa",
    "prime-ministers-office",
    "switzerland",
}
# Roles in the Round Table Process: led by the Government and co-chaired by UNDP (line 27); the
# Department of International Cooperation acted for the Government in 2006 (line 47).
RTP_ROLES = {
    "government-of-lao-pdr": "chair",
    "undp": "co-chair",
    "dic": "government-representative",
}
