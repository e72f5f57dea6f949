"""Build data/crosswalk.ttl: the identifiers aid datasets use for GSWG organisations, and the
OECD DAC purpose codes of the four governance pillars.

The mapping below is curated by hand, one row per (GSWG organisation, identifier); everything
else is looked up in the source files so that every identifier is backed by a row a reviewer can
open: this script refuses to write the crosswalk if a notation is missing from its source, or if
the source's name for it does not contain the expected text.

Sources (see /work/shared/data/iati/SOURCES.md for versions):

* ``identifiers/ReportingOrganisation.csv`` - IATI Registry publishers (first source for IATI
  organisation identifiers; status ``active`` -> current, ``withdrawn`` -> former);
* ``codelists/CRSChannelCode.xml`` - OECD DAC/CRS channel codes;
* ``codelists/Country.xml`` - ISO 3166-1 alpha-2 (IATI's copy);
* ``identifiers/LA-COA.csv`` - Lao Chart of Accounts codes, used as ``LA-COA-{code}``;
* the retired IATI OrganisationIdentifier codelist (no longer maintained since IATI 1.04), read
  through the search tool from IATI/IATI-Standard-SSOT (commit bdf059b); its entries are the
  identifiers of AusAID, NZAID, GTZ ... before those organisations changed, so they are former;
* OECD DAC donor codes: the ``donor_code`` table of ONEcampaign/oda_data_package
  ``src/oda_data/tools/names/dac1_names.json`` (commit 3a4fdeb), read through the search tool
  (IATI publishes no donor codelist; the shared folder has none);
* Wikidata QIDs of countries, each stated by two sources read through the search tool that agree:
  owid/owid-grapher ``CountriesRegions.ts`` (ISO alpha-2 -> wikidata_uri, commit c7402d1) and
  europeana/metis-framework ``wkd2org.xsl`` (entity IRI -> ISO alpha-2, commit 1819b96);
* ``codelists/Sector.xml`` - OECD DAC 5-digit purpose codes, for the pillar mapping (PILLARS).

What was read through the search tool cannot be re-read offline, so it is written out below
(DAC_DONORS, WIKIDATA_OWID, WIKIDATA_EUROPEANA) with the line of the source file it was read at.

Run: ``python scripts/build_crosswalk.py [--sources DIR] [--out data/crosswalk.ttl]``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from lxml import etree

SOURCES = Path("/work/shared/data/iati")
OUT = Path(__file__).resolve().parents[1] / "data" / "crosswalk.ttl"

GSD = "https://w3id.org/gswg/id/"
GSI = "https://w3id.org/gswg/iati#"
IDENTIFIER_BASE = "https://w3id.org/gswg/iati/identifier/"
CODELIST_BASE = "https://w3id.org/gswg/iati/codelist/"
PILLAR_MAPPING_BASE = "https://w3id.org/gswg/iati/pillar-sector/"

REGISTRY_URL = (
    "https://github.com/codeforIATI/codelists/blob/6d02595/api/clv3/csv/en/"
    "ReportingOrganisation.csv"
)
NONEMBEDDED_URL = "https://github.com/IATI/IATI-Codelists-NonEmbedded/blob/7aeece7/xml/"
LACOA_URL = "https://github.com/codeforIATI/gov-id-finder-data/blob/d4e8c62/data/LA.csv"
RETIRED_URL = (
    "https://github.com/IATI/IATI-Standard-SSOT/blob/bdf059b0631df3ebbc1a1e7068e9bfa7413b4d03/"
    "docs/en/_build/dirhtml/_sources/codelists/OrganisationIdentifier.rst.txt"
)
AUSGOV_PAGE = "https://www.iatiregistry.org/publisher/about/ausgov"
# IATI activity data in which a publisher uses an identifier for an organisation it names.
ACTIVITY_FILES = {
    "dportal_covid.xml": "https://github.com/OCHA-DAP/hdx-scraper-iati-viz/blob/main/tests/"
    "fixtures/covid/input/dportal.xml",
}
# Why that URL names a branch, not a commit; the note of each identifier taken from it says so
# and gives the SHA-256 of the copy read, which pins the content instead.
UNPINNED = (
    "The source is cited at branch main, not at a commit: SOURCES.md gives this file at branch "
    "main only (its commit 2c1137e3 is that of the saved_data/ exports; the three of them in "
    "the shared folder hold no KR-GOV-051), and the search tool's copy of the repository has no "
    "version of this path to read a commit from. The content is pinned instead: SHA-256 of the "
    "file read {sha256}."
)
DAC_DONOR_URL = (
    "https://github.com/ONEcampaign/oda_data_package/blob/"
    "3a4fdeb6100d52d5d8ea07981b679dbefb453b66/src/oda_data/tools/names/dac1_names.json"
)
WIKIDATA_OWID_URL = (
    "https://github.com/owid/owid-grapher/blob/c7402d12e25bd1d45f5bd7d66cfc083342a1ed96/"
    "packages/@ourworldindata/grapher/src/mapCharts/CountriesRegions.ts"
)
WIKIDATA_EUROPEANA_URL = (
    "https://github.com/europeana/metis-framework/blob/1819b960753b48cbbcf55ecf6f86cd0e46d9dfef/"
    "metis-enrichment/metis-enrichment-service/src/main/resources/wkd2org.xsl"
)
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"

# scheme slug -> (scheme individual, convenience property for current, for former, agency)
SCHEMES: dict[str, tuple[str, str, str | None, str | None]] = {
    "iati-org-id": (
        "IatiOrganisationIdentifierScheme",
        "iatiOrganisationIdentifier",
        "formerIatiOrganisationIdentifier",
        None,  # the registration agency is looked up from the identifier's prefix
    ),
    "crs-channel": (
        "CrsChannelCodeScheme",
        "crsChannelCode",
        None,
        "OECD Development Assistance Committee (CRS channel codes)",
    ),
    "iso3166-1-alpha2": (
        "Iso3166Alpha2Scheme",
        "iso3166Alpha2",
        None,
        "ISO 3166 Maintenance Agency",
    ),
    "la-coa": (
        "LaoChartOfAccountsScheme",
        "laCoaIdentifier",
        None,
        None,  # LA-COA is itself an IATI registration agency prefix
    ),
    "dac-donor": (
        "DacDonorCodeScheme",
        "dacDonorCode",
        None,
        "OECD Development Assistance Committee (DAC donor codes)",
    ),
    "wikidata": (
        "WikidataScheme",
        "exactMatch",  # an IRI link (skos:exactMatch, or skos:closeMatch per row), not a literal
        None,
        "Wikimedia Foundation (Wikidata)",
    ),
}

# The retired IATI OrganisationIdentifier codelist, as read (code -> name).
RETIRED = {
    "AU-5": "Australian Agency for International Development",
    "NZ-2": "New Zealand International Aid and Development Agency",
    "DE-52": "Deutsche Gesellschaft für Technische Zusammenarbeit",
    "JP-2": "Ministry of Foreign Affairs",
    "JP-8": "Japanese International Co-operation Agency",
    "LU-1": "Lux-Development",
    "LU-2": "Ministry of Foreign Affairs",
    "US-1": "Agency for International Development",
    "EU-1": "Commission of the European Communities",
    "41111": "United Nations Capital Development Fund",
    "41114": "United Nations Development Programme",
    "41122": "United Nations Children's Fund",
    "41128": "United Nations Office on Drugs and Crime",
}

# ONEcampaign dac1_names.json, "donor_code" table, as read: code -> (name, line in the file).
DAC_DONORS = {
    "11": ("Switzerland", 4),
    "22": ("Luxembourg", 7),
    "5": ("Germany", 12),
    "742": ("Korea", 14),
    "4": ("France", 20),
    "918": ("EU Institutions", 21),
    "18": ("Finland", 26),
    "701": ("Japan", 39),
    "302": ("United States", 44),
    "801": ("Australia", 47),
    "764": ("Thailand", 58),
}
# owid CountriesRegions.ts, as read: QID -> (iso_alpha2, name, line in the file).
WIKIDATA_OWID = {
    "Q408": ("AU", "Australia", 14),
    "Q424": ("KH", "Cambodia", 42),
    "Q33": ("FI", "Finland", 84),
    "Q142": ("FR", "France", 85),
    "Q183": ("DE", "Germany", 92),
    "Q668": ("IN", "India", 114),
    "Q17": ("JP", "Japan", 123),
    "Q819": ("LA", "Laos", 132),
    "Q32": ("LU", "Luxembourg", 140),
    "Q833": ("MY", "Malaysia", 144),
    "Q836": ("MM", "Myanmar", 165),
    "Q928": ("PH", "Philippines", 193),
    "Q334": ("SG", "Singapore", 221),
    "Q884": ("KR", "South Korea", 229),
    "Q39": ("CH", "Switzerland", 238),
    "Q869": ("TH", "Thailand", 243),
    "Q30": ("US", "United States", 260),
    "Q881": ("VN", "Vietnam", 268),
}
# europeana wkd2org.xsl, function lib:toISO639_2, as read: QID -> ISO alpha-2 (line not noted).
WIKIDATA_EUROPEANA = {
    "Q408": "AU",
    "Q424": "KH",
    "Q33": "FI",
    "Q142": "FR",
    "Q183": "DE",
    "Q668": "IN",
    "Q17": "JP",
    "Q819": "LA",
    "Q32": "LU",
    "Q833": "MY",
    "Q836": "MM",
    "Q928": "PH",
    "Q334": "SG",
    "Q884": "KR",
    "Q39": "CH",
    "Q869": "TH",
    "Q30": "US",
    "Q881": "VN",
}


@dataclass(frozen=True)
class Row:
    """One curated crosswalk row: which source backs it and what its name must contain."""

    org: str
    scheme: str
    notation: str
    source: str  # registry | crs | country | lacoa | retired | dac | wikidata | activity:<file>
    expect: str  # a substring of the source's name for the notation
    status: str | None = None  # forced status; default: from the source
    note: str | None = None
    match: str = "exactMatch"  # wikidata rows: the SKOS mapping property of the link


HELD_BY_DFAT = (
    "Held since 2013 by the Department of Foreign Affairs and Trade (DFAT), which absorbed "
    "AusAID; DFAT has no node of its own, so the identifier of Australia's aid ministry is "
    "attached to the country as development partner (see ontology/gswg-iati.ttl)."
)
POST_2011 = (
    "The LA-COA list names ministries created in the 2011 reorganisation (Home Affairs, "
    "Natural Resources and Environment, Science and Technology, Post and Telecommunication), so "
    "its shorter names denote the post-2011 ministries."
)

# The countries as development partners: (node, OECD DAC donor code or None where the source
# has none for the country, Wikidata QID); the sources are DAC_DONORS and WIKIDATA_*.
COUNTRY_CODES: tuple[tuple[str, str | None, str], ...] = (
    ("australia", "801", "Q408"),
    ("cambodia", None, "Q424"),
    ("finland", "18", "Q33"),
    ("france", "4", "Q142"),
    ("germany", "5", "Q183"),
    ("india", None, "Q668"),
    ("japan", "701", "Q17"),
    ("korea", "742", "Q884"),
    ("luxembourg", "22", "Q32"),
    ("malaysia", None, "Q833"),
    ("myanmar", None, "Q836"),
    ("philippines", None, "Q928"),
    ("singapore", None, "Q334"),
    ("switzerland", "11", "Q39"),
    ("thailand", "764", "Q869"),
    ("usa", "302", "Q30"),
    ("vietnam", None, "Q881"),
)

ROWS: tuple[Row, ...] = (
    # --- government of Lao PDR ---------------------------------------------------------
    Row("government-of-lao-pdr", "iso3166-1-alpha2", "LA", "country", "Lao People's"),
    Row("national-assembly", "la-coa", "LA-COA-1", "lacoa", "National Assembly"),
    Row("mofa", "la-coa", "LA-COA-2", "lacoa", "Ministry of Foreign Affairs"),
    Row("moj", "la-coa", "LA-COA-3", "lacoa", "Ministry of Justice"),
    Row("maf", "la-coa", "LA-COA-5", "lacoa", "Agriculture and Forestry"),
    Row("mpwt", "la-coa", "LA-COA-6", "lacoa", "Public Works and Transport"),
    Row("mem", "la-coa", "LA-COA-7", "lacoa", "Energy and Mining"),
    Row(
        "moict",
        "la-coa",
        "LA-COA-9",
        "lacoa",
        "Information and Culture",
        note="Listed as 'Ministry of Information and Culture'. " + POST_2011,
    ),
    Row("molsw", "la-coa", "LA-COA-10", "lacoa", "Labour and social"),
    Row(
        "moes",
        "la-coa",
        "LA-COA-11",
        "lacoa",
        "Education",
        note="Listed as 'Ministr of Education'. " + POST_2011,
    ),
    Row("moh", "la-coa", "LA-COA-12", "lacoa", "Public Health"),
    Row("moha", "la-coa", "LA-COA-13", "lacoa", "Home Affairs"),
    Row("monre", "la-coa", "LA-COA-14", "lacoa", "resource and Environment"),
    # --- countries as development partners -----------------------------------------------
    Row("australia", "iso3166-1-alpha2", "AU", "country", "Australia"),
    Row(
        "australia",
        "iati-org-id",
        "AU-5",
        "registry",
        "Department of Foreign Affairs and Trade",
        note=HELD_BY_DFAT,
    ),
    Row("finland", "iso3166-1-alpha2", "FI", "country", "Finland"),
    Row("finland", "iati-org-id", "FI-3", "registry", "Finland - Ministry for Foreign Affairs"),
    Row("france", "iso3166-1-alpha2", "FR", "country", "France"),
    Row("france", "iati-org-id", "FR-6", "registry", "Ministry for Europe and Foreign Affairs"),
    Row("singapore", "iso3166-1-alpha2", "SG", "country", "Singapore"),
    Row("germany", "iso3166-1-alpha2", "DE", "country", "Germany"),
    Row("germany", "iati-org-id", "DE-1", "registry", "Economic Cooperation and Development"),
    Row("india", "iso3166-1-alpha2", "IN", "country", "India"),
    Row("japan", "iso3166-1-alpha2", "JP", "country", "Japan"),
    Row("japan", "iati-org-id", "XM-DAC-701-2", "registry", "Ministry of Foreign Affairs of Japan"),
    Row("japan", "iati-org-id", "JP-2", "retired", "Ministry of Foreign Affairs"),
    Row("korea", "iso3166-1-alpha2", "KR", "country", "Korea (the Republic of)"),
    Row("korea", "iati-org-id", "KR-GOV-010", "registry", "Republic of Korea"),
    Row("usa", "iso3166-1-alpha2", "US", "country", "United States of America"),
    Row("usa", "iati-org-id", "US-USAGOV", "registry", "United States"),
    Row("vietnam", "iso3166-1-alpha2", "VN", "country", "Viet Nam"),
    Row("luxembourg", "iso3166-1-alpha2", "LU", "country", "Luxembourg"),
    Row("luxembourg", "iati-org-id", "LU-2", "retired", "Ministry of Foreign Affairs"),
    Row("cambodia", "iso3166-1-alpha2", "KH", "country", "Cambodia"),
    Row("malaysia", "iso3166-1-alpha2", "MY", "country", "Malaysia"),
    Row("myanmar", "iso3166-1-alpha2", "MM", "country", "Myanmar"),
    Row("philippines", "iso3166-1-alpha2", "PH", "country", "Philippines"),
    Row("thailand", "iso3166-1-alpha2", "TH", "country", "Thailand"),
    Row("switzerland", "iso3166-1-alpha2", "CH", "country", "Switzerland"),
    # --- OECD DAC donor codes and Wikidata items of the countries (see COUNTRY_CODES) -------
    *(
        Row(org, "dac-donor", code, "dac", DAC_DONORS[code][0])
        for org, code, _qid in COUNTRY_CODES
        if code is not None
    ),
    Row(
        "european-union",
        "dac-donor",
        "918",
        "dac",
        "EU Institutions",
        note="The source names code 918 'EU Institutions'; like the CRS channel code 42000 "
        "(European Union Institutions), it is attached to gsd:european-union.",
    ),
    *(
        Row(org, "wikidata", qid, "wikidata", WIKIDATA_OWID[qid][1])
        for org, _code, qid in COUNTRY_CODES
    ),
    Row(
        "government-of-lao-pdr",
        "wikidata",
        "Q819",
        "wikidata",
        "Laos",
        match="closeMatch",
        note="Q819 is the country Laos and this node its government: linked with "
        "skos:closeMatch, not skos:exactMatch.",
    ),
    # --- European Union and banks ------------------------------------------------------------
    Row(
        "european-union",
        "iati-org-id",
        "XI-IATI-EC_INTPA",
        "registry",
        "International Partnerships",
        note="DG International Partnerships (formerly DEVCO) manages the EU's development "
        "cooperation, including the EU Delegation to Lao PDR; the EU has no separate DG node.",
    ),
    Row(
        "european-union",
        "iati-org-id",
        "XI-IATI-EC_DEVCO",
        "registry",
        "International Cooperation and Development",
    ),
    Row("european-union", "iati-org-id", "EU-1", "retired", "Commission of the European"),
    Row("european-union", "crs-channel", "42000", "crs", "European Union Institutions"),
    Row("world-bank", "iati-org-id", "44000", "registry", "The World Bank"),
    Row("world-bank", "crs-channel", "44000", "crs", "World Bank Group"),
    Row("adb", "iati-org-id", "XM-DAC-46004", "registry", "Asian Development Bank"),
    Row("adb", "iati-org-id", "46004", "registry", "Asian Development Bank"),
    Row("adb", "crs-channel", "46004", "crs", "Asian Development Bank"),
    # --- agencies -------------------------------------------------------------------------------
    Row("afd", "iati-org-id", "FR-3", "registry", "Agence Française de Développement"),
    Row(
        "ausaid",
        "iati-org-id",
        "AU-5",
        "retired",
        "Australian Agency for International Development",
        note="AusAID's identifier until AusAID was integrated into DFAT in 2013; the ausgov "
        f"publisher record ({AUSGOV_PAGE}) still says it first published AusAID data. AU-5 "
        "is now current for gsd:australia.",
    ),
    Row("giz", "iati-org-id", "XM-DAC-5-52", "registry", "GIZ"),
    Row(
        "giz",
        "iati-org-id",
        "DE-52",
        "retired",
        "Technische Zusammenarbeit",
        note="Identifier of GTZ, which merged into GIZ in 2011.",
    ),
    Row("jica", "iati-org-id", "XM-DAC-701-8", "registry", "Japan International Cooperation"),
    Row(
        "koica",
        "iati-org-id",
        "KR-GOV-051",
        "activity:dportal_covid.xml",
        "Korea International Cooperation Agency",
        note="Not an IATI Registry publisher: the identifier under which the Republic of Korea's "
        "IATI data (publisher odakorea, KR-GOV-010) names KOICA as provider and implementer.",
    ),
    Row("jica", "iati-org-id", "JP-8", "retired", "Japanese International Co-operation Agency"),
    Row("sdc", "iati-org-id", "CH-4", "registry", "Swiss Agency for Development and Cooperation"),
    Row("usaid", "iati-org-id", "US-GOV-1", "registry", "(USAID)"),
    Row("usaid", "iati-org-id", "US-1", "retired", "Agency for International Development"),
    Row("luxdev", "iati-org-id", "LU-1", "retired", "Lux-Development"),
    Row(
        "nzaid",
        "iati-org-id",
        "NZ-2",
        "retired",
        "New Zealand International Aid and Development Agency",
        note="NZAID's identifier until NZAID was reintegrated into the Ministry of Foreign "
        "Affairs and Trade (MFAT) in 2009.",
    ),
    Row(
        "nzaid",
        "iati-org-id",
        "NZ-1",
        "registry",
        "New Zealand Aid Programme",
        note="Held by MFAT for the New Zealand Aid Programme, NZAID's successor; the GSWG has "
        "no New Zealand or MFAT node, so the successor's identifier is attached here.",
    ),
    # --- United Nations -----------------------------------------------------------------------
    Row("undp", "iati-org-id", "XM-DAC-41114", "registry", "United Nations Development Programme"),
    Row("undp", "iati-org-id", "41114", "retired", "United Nations Development Programme"),
    Row("undp", "crs-channel", "41114", "crs", "United Nations Development Programme"),
    Row("unicef", "iati-org-id", "XM-DAC-41122", "registry", "UNICEF"),
    Row("unicef", "iati-org-id", "41122", "retired", "United Nations Children's Fund"),
    Row("unicef", "crs-channel", "41122", "crs", "United Nations Children"),
    Row("unfpa", "iati-org-id", "XM-DAC-41119", "registry", "United Nations Population Fund"),
    Row("unfpa", "iati-org-id", "41119", "registry", "United Nations Population Fund"),
    Row("unfpa", "crs-channel", "41119", "crs", "United Nations Population Fund"),
    Row("uncdf", "iati-org-id", "XM-DAC-41111", "registry", "Capital Development Fund"),
    Row("uncdf", "iati-org-id", "41111", "retired", "Capital Development Fund"),
    Row("uncdf", "crs-channel", "41111", "crs", "Capital Development Fund"),
    Row("un-women", "iati-org-id", "XM-DAC-41146", "registry", "UN Women"),
    Row("un-women", "crs-channel", "41146", "crs", "Gender Equality and the Empowerment of Women"),
    Row("unodc", "iati-org-id", "41128", "retired", "United Nations Office on Drugs and Crime"),
    Row("unodc", "crs-channel", "41128", "crs", "United Nations Office on Drugs and Crime"),
    # --- NGOs ------------------------------------------------------------------------------------
    Row("oxfam-novib", "iati-org-id", "NL-KVK-27108436", "registry", "Oxfam Novib"),
    Row(
        "save-the-children",
        "iati-org-id",
        "GB-CHC-1076822",
        "registry",
        "Save the Children International",
        note="Save the Children works in Lao PDR as Save the Children International (SCI).",
    ),
    Row("save-the-children", "crs-channel", "21505", "crs", "Save the Children"),
    Row("snv", "iati-org-id", "NL-KVK-41152786", "registry", "SNV Netherlands"),
    Row("asia-foundation", "iati-org-id", "US-EIN-941191246", "registry", "The Asia Foundation"),
    Row(
        "cord",
        "iati-org-id",
        "GB-CHC-1070684",
        "registry",
        "Cord",
        note="Cord, the UK peacebuilding charity with a Laos programme "
        "(https://cord.org.uk/our-work/where-we-work/laos/).",
    ),
)


@dataclass(frozen=True)
class PillarRow:
    """One link of a governance pillar to an OECD DAC purpose code (IATI Sector codelist).

    The guide names the pillars but no DAC code: every link is the curators' inference, from the
    pillar's name and the guide's passages on it, and from the code's name and description in
    Sector.xml. The SKOS mapping property says how close the two are (``pillar skos:narrowMatch
    code``: the code covers part of the pillar); never skos:exactMatch, because a pillar is an
    area of coordination, not a category for reporting single activities, and exactMatch is
    transitive. Each code maps to one pillar only, so no code counts twice in the pillar-aid
    query.
    """

    pillar: str  # local name of the pillar in data/pillars.ttl
    code: str  # a 5-digit purpose code of Sector.xml
    relation: str  # closeMatch | narrowMatch | relatedMatch
    expect: str  # a substring of the code's name in Sector.xml
    why: str
    withdrawn: bool = False  # the code is withdrawn in Sector.xml (still used by older data)


PSI = "pillar-public-service-improvement"
PARTICIPATION = "pillar-peoples-participation"
RULE_OF_LAW = "pillar-rule-of-law"
PFM = "pillar-public-financial-management"
NOT_EXACT = (
    "; not skos:exactMatch, because a pillar is an area of the GSWG's coordination, not a "
    "category for reporting single activities"
)

PILLARS: tuple[PillarRow, ...] = (
    # --- 1 Public service improvement (ການປັບປຸງການບໍລິຫານລັດຖະການ) ------------------------
    PillarRow(
        PSI,
        "15110",
        "closeMatch",
        "Public sector policy and administrative management",
        "the code is the DAC category for strengthening core public sector management (civil "
        "service reform, human resource management, organisational development), what the "
        "pillar's name, the improvement of the public administration, denotes; the code also "
        "covers development planning and aid co-ordination" + NOT_EXACT,
    ),
    PillarRow(
        PSI,
        "15124",
        "narrowMatch",
        "General personnel services",
        "the administration and operation of the civil service is one part of the pillar (the "
        "PSI SSWG's purpose, line 162, names the strengthening of civil servants)",
    ),
    PillarRow(
        PSI,
        "15112",
        "narrowMatch",
        "Decentralisation and support to subnational government",
        "local governance, which the PSI SSWG's purpose (line 162) names, is one part of the "
        "pillar",
    ),
    PillarRow(
        PSI,
        "15185",
        "narrowMatch",
        "Local government administration",
        "strengthening local authorities is part of the local governance that the PSI SSWG's "
        "purpose (line 162) names",
    ),
    # --- 2 People's participation (ການມີສ່ວນຮ່ວມຂອງປະຊາຊົນ) -----------------------------------
    PillarRow(
        PARTICIPATION,
        "15150",
        "closeMatch",
        "Democratic participation and civil society",
        "the code covers the participation of citizens and of the organisations that represent "
        "them, what the pillar's name denotes" + NOT_EXACT,
    ),
    PillarRow(
        PARTICIPATION,
        "15151",
        "narrowMatch",
        "Elections",
        "elections are one form of the participation the pillar is about (the description of "
        "15150 sets participation beyond elections apart as 15151)",
    ),
    PillarRow(
        PARTICIPATION,
        "15153",
        "relatedMatch",
        "Media and free flow of information",
        "a free flow of information on public issues supports people's participation but is not "
        "participation itself",
    ),
    # --- 3 Rule of law (ການຄຸ້ມຄອງລັດດ້ວຍກົດໝາຍ) -------------------------------------------------
    PillarRow(
        RULE_OF_LAW,
        "15130",
        "closeMatch",
        "Legal and judicial development",
        "the code covers legal frameworks, laws, legal reform and the institutions of justice, "
        "what the guide calls the legal area or the rule of law (line 140)" + NOT_EXACT,
    ),
    PillarRow(
        RULE_OF_LAW,
        "15131",
        "narrowMatch",
        "Justice, law and order policy",
        "policy and planning within ministries of justice is one part of the rule of law",
    ),
    PillarRow(
        RULE_OF_LAW,
        "15134",
        "narrowMatch",
        "Judicial affairs",
        "the courts and the judicial system are one part of the rule of law",
    ),
    PillarRow(
        RULE_OF_LAW,
        "15152",
        "relatedMatch",
        "Legislatures and political parties",
        "a legislature makes the laws and oversees the government, which the name of the LIO "
        "SSWG (legal and institutional oversight) joins to the rule of law, but the code also "
        "covers representation and political parties",
    ),
    PillarRow(
        RULE_OF_LAW,
        "15160",
        "relatedMatch",
        "Human rights",
        "translating human rights commitments into national legislation touches the rule of "
        "law, but the code is about rights institutions, advocacy and education",
    ),
    PillarRow(
        RULE_OF_LAW,
        "15113",
        "relatedMatch",
        "Anti-corruption organisations and institutions",
        "institutions against corruption are oversight bodies, related to the rule of law (and to "
        "public financial management: the code is mapped to one pillar only)",
    ),
    # --- 4 Public financial management (ການຄຸ້ມຄອງການເງິນພາກລັດ) ------------------------------
    PillarRow(
        PFM,
        "15111",
        "closeMatch",
        "Public finance management (PFM)",
        "the code's name is the pillar's" + NOT_EXACT,
    ),
    PillarRow(
        PFM,
        "15120",
        "closeMatch",
        "Public sector financial management",
        "withdrawn in the codelist, with a description close to that of 15111 (financial and "
        "managerial accountability, public expenditure management, budget drafting); older IATI "
        "data still use it" + NOT_EXACT,
        withdrawn=True,
    ),
    PillarRow(
        PFM,
        "15117",
        "narrowMatch",
        "Budget planning",
        "the budget office and budget planning are one part of public financial management "
        "(budget drafting is in the description of 15111)",
    ),
    PillarRow(
        PFM,
        "15118",
        "narrowMatch",
        "National audit",
        "accounting and audit services are one part of public financial management (public "
        "audit is in the description of 15111)",
    ),
    PillarRow(
        PFM,
        "15119",
        "narrowMatch",
        "Debt and aid management",
        "the management of public debt is one part of public financial management (public debt "
        "is in the description of 15111)",
    ),
    PillarRow(
        PFM,
        "15114",
        "relatedMatch",
        "Domestic revenue mobilisation",
        "tax policy and revenue administration are fiscal matters, but the DAC keeps them out of "
        "public finance management (the description of 15111 sends them to 15114)",
    ),
    PillarRow(
        PFM,
        "15125",
        "relatedMatch",
        "Public Procurement",
        "procurement spends public money, but the DAC keeps it apart (the description of 15110 "
        "sends it to 15125)",
    ),
    PillarRow(
        PFM,
        "15142",
        "relatedMatch",
        "Macroeconomic policy",
        "the guide has public financial management covered by representatives of the "
        "Macroeconomic sector working group (line 154), but the code's description sends fiscal "
        "policy to 15111",
    ),
)
RELATIONS = ("closeMatch", "narrowMatch", "relatedMatch")


@dataclass(frozen=True)
class Backing:
    """What the source says about a notation: its name, status and where it is written."""

    name: str
    status: str  # current | former
    url: str
    also: tuple[str, ...] = ()  # further sources that state the same


def _registry(sources: Path) -> dict[str, Backing]:
    found: dict[str, Backing] = {}
    path = sources / "identifiers" / "ReportingOrganisation.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            line = reader.line_num
            code = row["code"].strip()
            if code in found:
                raise SystemExit(f"{path}:{line}: {code} listed twice")
            status = "current" if row["status"].strip() == "active" else "former"
            found[code] = Backing(row["name"].strip(), status, f"{REGISTRY_URL}#L{line}")
    return found


def _codelist(sources: Path, name: str) -> dict[str, Backing]:
    path = sources / "codelists" / f"{name}.xml"
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.parse(str(path), parser).getroot()
    found: dict[str, Backing] = {}
    for item in root.iterfind("codelist-items/codelist-item"):
        code_element = item.find("code")
        if code_element is None or not code_element.text:
            continue
        status = "former" if item.get("status") == "withdrawn" else "current"
        url = f"{NONEMBEDDED_URL}{name}.xml#L{code_element.sourceline}"
        found[code_element.text.strip()] = Backing(
            item.findtext("name/narrative") or "", status, url
        )
    return found


def _lacoa(sources: Path) -> dict[str, list[Backing]]:
    found: dict[str, list[Backing]] = {}
    path = sources / "identifiers" / "LA-COA.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)  # header: "code ,name_en "
        for row in reader:
            notation = f"LA-COA-{row[0].strip()}"
            backing = Backing(row[1].strip(), "current", f"{LACOA_URL}#L{reader.line_num}")
            found.setdefault(notation, []).append(backing)
    return found


def _activity_data(sources: Path, name: str, notation: str) -> Backing | None:
    """The first element with ``ref="notation"`` in an IATI activity file, and its name."""
    path = sources / "activities" / name
    lines = path.read_text(encoding="utf-8").splitlines()
    needle = f'ref="{notation}"'
    for index, line in enumerate(lines):
        if needle in line and "-org" in line and index + 1 < len(lines):
            following = lines[index + 1]
            if "<narrative" in following:
                text = following.split(">", 1)[1].rsplit("</narrative>", 1)[0]
                return Backing(text.strip(), "current", f"{ACTIVITY_FILES[name]}#L{index + 1}")
    return None


def _agency(notation: str, agencies: dict[str, Backing]) -> tuple[str, str] | None:
    """The registration agency whose prefix the identifier starts with (longest match)."""
    best = None
    for prefix in agencies:
        if notation.startswith(prefix + "-") and (best is None or len(prefix) > len(best)):
            best = prefix
    if best is None:
        return None
    return best, agencies[best].name


def _literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def build(sources: Path) -> str:
    """Check every row against its source and render the crosswalk as Turtle."""
    registry = _registry(sources)
    crs = _codelist(sources, "CRSChannelCode")
    countries = _codelist(sources, "Country")
    agencies = _codelist(sources, "OrganisationRegistrationAgency")
    lacoa = _lacoa(sources)
    problems: list[str] = []
    blocks: dict[str, list[str]] = {}
    flat: dict[str, list[tuple[str, str]]] = {}
    seen: set[tuple[str, str, str]] = set()
    for row in ROWS:
        key = (row.org, row.scheme, row.notation)
        if key in seen:
            problems.append(f"duplicate row {key}")
            continue
        seen.add(key)
        backing: Backing | None
        if row.source == "registry":
            backing = registry.get(row.notation)
        elif row.source == "crs":
            backing = crs.get(row.notation)
        elif row.source == "country":
            backing = countries.get(row.notation)
        elif row.source == "lacoa":
            candidates = lacoa.get(row.notation, [])
            if len(candidates) > 1:
                problems.append(f"{row.notation} names {len(candidates)} bodies: ambiguous")
            backing = candidates[0] if candidates else None
        elif row.source.startswith("activity:"):
            backing = _activity_data(sources, row.source.split(":", 1)[1], row.notation)
        elif row.source == "retired":
            name = RETIRED.get(row.notation)
            backing = Backing(name, "former", RETIRED_URL) if name else None
        elif row.source == "dac":
            donor = DAC_DONORS.get(row.notation)
            url = f"{DAC_DONOR_URL}#L{donor[1]}" if donor else ""
            backing = Backing(donor[0], "current", url) if donor else None
        elif row.source == "wikidata":
            backing = _wikidata(row, problems)
        else:
            raise SystemExit(f"unknown source kind {row.source!r}")
        if backing is None:
            problems.append(f"{row.notation} ({row.scheme}) is not in source {row.source}")
            continue
        if row.expect.lower() not in backing.name.lower():
            problems.append(
                f"{row.notation}: source says {backing.name!r}, expected {row.expect!r}"
            )
            continue
        status = row.status or backing.status
        scheme_name, current_prop, former_prop, agency_name = SCHEMES[row.scheme]
        prop = current_prop if status == "current" else former_prop
        if prop is None:
            problems.append(f"{row.notation}: no convenience property for a {status} {row.scheme}")
            continue
        node = f"<{IDENTIFIER_BASE}{row.org}/{row.scheme}/{quote(row.notation, safe='-._~')}>"
        lines = [
            f"{node} a adms:Identifier ;",
            f"    skos:notation {_literal(row.notation)} ;",
            f"    gsi:identifierScheme gsi:{scheme_name} ;",
            f"    adms:status gsi:{status} ;",
        ]
        agency = (
            _agency(row.notation, agencies) if row.scheme in ("iati-org-id", "la-coa") else None
        )
        if agency is not None:
            lines.append(f"    adms:schemeAgency {_literal(agency[1])} ;")
            lines.append(
                f"    dcterms:creator <{CODELIST_BASE}OrganisationRegistrationAgency/{agency[0]}> ;"
            )
        elif agency_name is not None:
            lines.append(f"    adms:schemeAgency {_literal(agency_name)} ;")
        else:
            lines.append(
                "    adms:schemeAgency "
                + _literal(
                    "IATI (no prefix registered in the OrganisationRegistrationAgency codelist)"
                )
                + " ;"
            )
        note = row.note
        if row.source.startswith("activity:"):
            note = f"{note} " if note else ""
            note += UNPINNED.format(sha256=_sha256(sources, row.source.split(":", 1)[1]))
        if note:
            lines.append(f"    rdfs:comment {_literal(note)}@en ;")
        lines.append(f"    gsi:sourceLabel {_literal(backing.name)} ;")
        urls = " , ".join(f"<{url}>" for url in (backing.url, *backing.also))
        lines.append(f"    dcterms:source {urls} .")
        blocks.setdefault(row.org, []).append("\n".join(lines))
        if row.scheme == "wikidata":
            flat.setdefault(row.org, []).append(
                (f"skos:{row.match}", f"<{WIKIDATA_ENTITY}{row.notation}>")
            )
        else:
            flat.setdefault(row.org, []).append((f"gsi:{prop}", _literal(row.notation)))
        flat[row.org].append(("adms:identifier", node))
    pillars = _pillars(sources, problems)
    if problems:
        raise SystemExit("crosswalk not written:\n  " + "\n  ".join(problems))
    out = [HEADER]
    for org in sorted(blocks):
        statements = sorted(flat[org])
        body = " ;\n    ".join(f"{p} {o}" for p, o in statements)
        out.append(f"gsd:{org}\n    {body} .\n")
        out.extend(block + "\n" for block in sorted(blocks[org]))
    out.append(PILLAR_HEADER)
    out.extend(pillars)
    return "\n".join(out)


def _wikidata(row: Row, problems: list[str]) -> Backing | None:
    """A QID both Wikidata sources state for the ISO code the crosswalk gives the same node."""
    owid = WIKIDATA_OWID.get(row.notation)
    europeana = WIKIDATA_EUROPEANA.get(row.notation)
    if owid is None or europeana is None:
        return None
    iso = {r.notation for r in ROWS if r.org == row.org and r.scheme == "iso3166-1-alpha2"}
    if owid[0] != europeana or iso != {owid[0]}:
        problems.append(
            f"{row.notation}: sources say {owid[0]} and {europeana}, the crosswalk {sorted(iso)}"
        )
    return Backing(owid[1], "current", f"{WIKIDATA_OWID_URL}#L{owid[2]}", (WIKIDATA_EUROPEANA_URL,))


def _sha256(sources: Path, name: str) -> str:
    return hashlib.sha256((sources / "activities" / name).read_bytes()).hexdigest()


def _pillars(sources: Path, problems: list[str]) -> list[str]:
    """Check every pillar link against Sector.xml and render the links and their records."""
    sectors = _codelist(sources, "Sector")
    links: dict[str, dict[str, list[str]]] = {}
    records: list[str] = []
    seen: set[str] = set()
    for row in PILLARS:
        concept = f"<{CODELIST_BASE}Sector/{row.code}>"
        backing = sectors.get(row.code)
        if row.code in seen:
            problems.append(f"purpose code {row.code} is mapped to two pillars")
        seen.add(row.code)
        if row.relation not in RELATIONS:
            problems.append(f"{row.code}: {row.relation} is not one of {', '.join(RELATIONS)}")
        if backing is None or len(row.code) != 5:
            problems.append(f"{row.code} is not a 5-digit purpose code of Sector.xml")
            continue
        if row.expect.lower() not in backing.name.lower():
            problems.append(f"{row.code}: Sector.xml says {backing.name!r}, not {row.expect!r}")
        if (backing.status == "former") != row.withdrawn:
            problems.append(f"{row.code}: withdrawn in Sector.xml is {backing.status == 'former'}")
        links.setdefault(row.pillar, {}).setdefault(f"skos:{row.relation}", []).append(concept)
        note = (
            "Curators' inference, not the guide's: the guide names the four pillars but no DAC "
            f"purpose code. skos:{row.relation}: {row.why}."
        )
        records.append(
            "\n".join(
                [
                    f"<{PILLAR_MAPPING_BASE}{row.pillar}/{row.code}> a gsi:PillarSectorMapping ;",
                    f"    gsi:mappedPillar gsd:{row.pillar} ;",
                    f"    gsi:mappedSector {concept} ;",
                    "    gswg:evidence gsd:evidence-inferred ;",
                    f"    gswg:curationNote {_literal(note)}@en ;",
                    f"    gsi:sourceLabel {_literal(backing.name)} ;",
                    f"    dcterms:source <{backing.url}> .",
                ]
            )
            + "\n"
        )
    out = []
    for pillar in sorted(links):
        body = " ;\n    ".join(
            f"{prop} {' , '.join(sorted(concepts))}"
            for prop, concepts in sorted(links[pillar].items())
        )
        out.append(f"gsd:{pillar}\n    {body} .\n")
    return out + sorted(records)


HEADER = """\
# Crosswalk: the identifiers aid datasets use for the GSWG organisations.
#
# GENERATED by scripts/build_crosswalk.py from the sources named in each dcterms:source (IATI
# Registry publisher list, OECD DAC/CRS channel codes, IATI's ISO 3166-1 copy, the Lao Chart of
# Accounts list, the retired IATI OrganisationIdentifier codelist). Edit the script, not this file.
#
# Each identifier is an adms:Identifier node (notation, scheme, agency, status, source row),
# plus a flat literal per scheme on the organisation for easy SPARQL, e.g.
#   gsd:undp gsi:iatiOrganisationIdentifier "XM-DAC-41114" .
# Status: gsi:current = listed as active in a maintained source; gsi:former = withdrawn in the
# IATI Registry, only in the retired codelist, or used by a predecessor organisation.
# The organisations themselves (types, labels) are defined in the other data files.
# OECD DAC donor codes (gsi:dacDonorCode) and Wikidata items (skos:exactMatch; skos:closeMatch for
# the Lao government, whose QID is the country's) were read through the search tool from public
# repositories at a commit; a QID is recorded only where two sources agree on it.
# Left out, for lack of a source: LuxDev (current), INGO Network, Lao NPA Network, UNODC
# (current IATI id), Wikidata QIDs of organisations other than countries, DAC donor codes of
# the other countries; LA-COA-4 (the source lists both MPI and MOF under code 4).
# The last part links the four governance pillars to OECD DAC purpose codes (see there).
# Vocabulary: ontology/gswg-iati.ttl.

@prefix adms: <http://www.w3.org/ns/adms#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix gsd: <https://w3id.org/gswg/id/> .
@prefix gsi: <https://w3id.org/gswg/iati#> .
@prefix gswg: <https://w3id.org/gswg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""

PILLAR_HEADER = """\
# ---------------------------------------------------------------------------------------------
# The governance pillars (data/pillars.ttl) and the OECD DAC purpose codes (IATI Sector codelist,
# concepts <https://w3id.org/gswg/iati/codelist/Sector/NNNNN>) that correspond to them.
# The CURATORS' INFERENCE: the guide names the pillars, never a DAC code. Each link is stated
# directly on the pillar, and described by a gsi:PillarSectorMapping record (evidence inferred,
# a curation note saying why, the code's name and its line in Sector.xml):
#   skos:closeMatch    the code covers about what the pillar names;
#   skos:narrowMatch   the code covers one part of the pillar (pillar narrowMatch code);
#   skos:relatedMatch  the code touches the pillar but is not part of it.
# Never skos:exactMatch: a pillar is an area of the GSWG's coordination, not a category for
# reporting single activities, and exactMatch is transitive. Each code maps to one pillar.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sources", type=Path, default=SOURCES)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    text = build(args.sources)
    if str(args.out) == "-":
        sys.stdout.write(text)
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out} ({len(ROWS)} identifiers)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
