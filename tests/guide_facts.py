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
