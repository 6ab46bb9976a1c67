# ruff: noqa: E501, RUF001 - Vancouver citations and URLs are quoted as the librarian's pass gives them
"""The bibliography every table row cites, by key (../shared/reference/sources-vetted.md).

Each source is primary: a peer-reviewed article at its PubMed record or DOI, a guideline,
standard or quality statement at the issuing body's own page, or a named textbook chapter (which
has no link: a link would point at a copy of the book). ``design`` sources are not references at
all: each states one modelling choice of neuroexam, and clinicians see it as a "neuroexam design
choice". docs/decision-module.md says how to add a source and what counts as primary; the table
test holds every row and every URL to it.

``evidence`` records how the linked identifier was checked (P: seen on the authoritative page;
M: the record's content seen through a mirror; C: corroborated in independent bibliographies and
to be clicked once by a person before release). Identifiers that nobody has verified are not
published: their citation says what was seen, and the link goes to the page where it was seen.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class SourceKind(StrEnum):
    GUIDELINE = "guideline"
    ARTICLE = "article"
    STANDARD = "standard"
    TEXTBOOK = "textbook"
    DESIGN = "design"


DESIGN_LABEL = "neuroexam design choice"


@dataclass(frozen=True, slots=True)
class Source:
    """One entry of the bibliography.

    ``citation`` is Vancouver style (for a design choice: the one-line statement of the choice);
    ``url`` is the canonical address, empty for textbooks and design choices; ``edition`` and
    ``chapter`` are set for textbooks only.
    """

    key: str
    kind: SourceKind
    citation: str
    url: str = ""
    evidence: str = ""
    edition: str = ""
    chapter: str = ""

    @property
    def display(self) -> str:
        """What a clinician reads: the citation, or the design choice named as such."""
        if self.kind is SourceKind.DESIGN:
            return f"{DESIGN_LABEL}: {self.citation}"
        return self.citation

    def reference(self) -> dict[str, str | None]:
        """The ``references`` entry of a decision document."""
        return {"key": self.key, "citation": self.display, "url": self.url or None, "kind": self.kind.value}


def _pubmed(pmid: str) -> str:
    return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"


def _doi(doi: str) -> str:
    return f"https://doi.org/{doi}"


def _pmc(pmcid: str) -> str:
    return f"https://pmc.ncbi.nlm.nih.gov/articles/{pmcid}/"


def _nice(code: str, chapter: str = "Recommendations") -> str:
    base = f"https://www.nice.org.uk/guidance/{code.lower()}"
    return f"{base}/chapter/{chapter}" if chapter else base


def _article(key: str, citation: str, url: str, evidence: str) -> Source:
    return Source(key, SourceKind.ARTICLE, citation, url, evidence)


def _guideline(key: str, citation: str, url: str, evidence: str = "P") -> Source:
    return Source(key, SourceKind.GUIDELINE, citation, url, evidence)


def _standard(key: str, citation: str, url: str, evidence: str = "P") -> Source:
    return Source(key, SourceKind.STANDARD, citation, url, evidence)


_PRESTON = (
    "Preston DC, Shapiro BE. Electromyography and neuromuscular disorders: clinical-electrophysiologic-"
    "ultrasound correlations. 4th ed. Elsevier; 2020"
)
_FULLER = "Fuller G. Neurological examination made easy. 5th ed. Edinburgh: Elsevier; 2013"


def _preston(key: str, chapter: str) -> Source:
    return Source(
        key,
        SourceKind.TEXTBOOK,
        f"{_PRESTON}. Chapter: {chapter}.",
        edition="4th ed. (2020)",
        chapter=chapter,
    )


def _fuller(key: str, chapter: str) -> Source:
    return Source(
        key, SourceKind.TEXTBOOK, f"{_FULLER}. Chapter: {chapter}.", edition="5th ed. (2013)", chapter=chapter
    )


def _design(key: str, statement: str) -> Source:
    return Source(key, SourceKind.DESIGN, statement)


_ALL: tuple[Source, ...] = (
    # Standards, scales, anatomy
    _standard(
        "ISNCSCI-2021",
        "Rupp R, Biering-Sørensen F, Burns SP, Graves DE, Guest J, Jones L, et al. International Standards for Neurological Classification of Spinal Cord Injury: revised 2019. Top Spinal Cord Inj Rehabil. 2021;27(2):1–22.",
        _doi("10.46292/sci2702-1"),
        "C",
    ),
    _standard(
        "MRC-Mem45",
        "Medical Research Council. Aids to the examination of the peripheral nervous system. Memorandum No. 45 (superseding War Memorandum No. 7). [Publisher and year not verified.] MRC muscle scale, muscle, nerve and dermatome charts.",
        "https://www.ukri.org/councils/mrc/facilities-and-resources/find-an-mrc-facility-or-resource/mrc-muscle-scale/",
    ),
    _article(
        "PMC8965294-table",
        "Iyer S, Shafi K, Lovecchio F, Turner R, Albert TJ, Kim HJ, et al. The spine physical examination using telemedicine: strategies and best practices. Global Spine J. 2020 [volume and pages not seen].",
        _doi("10.1177/2192568220944129"),
        "M",
    ),
    _article(
        "Litvan1996",
        "Litvan I, et al. Reliability of the NINDS Myotatic Reflex Scale. Neurology. 1996 Oct;47(4):969–72.",
        _pubmed("8857728"),
        "P",
    ),
    _article(
        "Chiro2017-4plus",
        "O'Neill S, Jaszczak SLT, Steffensen AKS, Debrabant B. Using 4+ to grade near-normal muscle strength does not improve agreement. Chiropr Man Therap. 2017;25:28.",
        _doi("10.1186/s12998-017-0159-6"),
        "P",
    ),
    _article(
        "Nature2016-malleolus",
        "Zhang JW, Wang Q, Wang XF, Gao MM, Yun XP, Wu HF, et al. Sensory thresholds at different sites of the foot: a valuable reference for neurologic examinations. Spinal Cord. 2017;55(4):396–8.",
        _pubmed("27897183"),
        "M",
    ),
    # Named textbooks: standard teaching, shown as textbook, not as evidence of accuracy
    _preston("Preston-femoral", "Femoral neuropathy"),
    _preston("Preston-peroneal", "Peroneal (fibular) neuropathy"),
    _preston("Preston-sciatic", "Sciatic neuropathy"),
    _preston("Preston-plexopathy", "Lumbosacral plexopathy"),
    _preston("Preston-radiculopathy", "Radiculopathy"),
    _preston("Preston-myopathy", "Myopathy"),
    _preston("Preston-LFCN", "Lateral femoral cutaneous neuropathy"),
    _fuller("Fuller-motor", "Motor system (tone, power, pattern of weakness)"),
    _fuller("Fuller-reflexes", "Reflexes (grading, clonus, plantar response)"),
    _fuller("Fuller-sensation", "Sensation"),
    # Localization
    _article(
        "Esene2012",
        "Esene IN, Meher A, Elzoghby MA, El-Bahy K, Kotb A, El-Hakim A. Diagnostic performance of the medial hamstring reflex in L5 radiculopathy. Surg Neurol Int. 2012;3:104. (PubMed and DOI records not yet verified; the link is the same study's abstract, Congress of Neurological Surgeons 2014 Annual Meeting.)",
        "https://www.cns.org/meetings/archived-abstracts-detail/congress-of-neurological-surgeons-2014-annual-meeting-14734",
        "P",
    ),
    _article(
        "Hamstring1982",
        "[Authors not seen.] Asymmetric hamstring reflexes indicative of L5 radicular lesions. Arch Phys Med Rehabil. 1982 Aug;63(8):377–8.",
        _pubmed("6287962"),
        "P",
    ),
    _article(
        "Distad2013-sciatic",
        "Distad BJ, Weiss MD. Clinical and electrodiagnostic features of sciatic neuropathies. Phys Med Rehabil Clin N Am. 2013;24(1):107–20.",
        _doi("10.1016/j.pmr.2012.08.023"),
        "P",
    ),
    _article(
        "Baima2008-peroneal",
        "Baima J, Krivickas L. Evaluation and treatment of peroneal neuropathy. Curr Rev Musculoskelet Med. 2008;1(2):147–53.",
        _pubmed("19468889"),
        "P",
    ),
    _article(
        "Plexopathy-EDX2013",
        "Laughlin RS, Dyck PJB. Electrodiagnostic testing in lumbosacral plexopathies. Phys Med Rehabil Clin N Am. 2013;24(1):93–105.",
        _pubmed("23177033"),
        "P",
    ),
    _article(
        "Dyck2001-LSRPN",
        "Dyck PJB, et al. Non-diabetic lumbosacral radiculoplexus neuropathy: natural history, outcome and comparison with the diabetic variety. Brain. 2001 Jun;124(Pt 6):1197–207.",
        _pubmed("11353735"),
        "P",
    ),
    _article(
        "Pinto2021-LRPN",
        "Pinto MV, Ng PS, Howe BM, Laughlin RS, Thapa P, Dyck PJ, et al. Lumbosacral radiculoplexus neuropathy: neurologic outcomes and survival in a population-based study. Neurology. 2021;96(16):e2098–e2108.",
        _pubmed("33653898"),
        "P",
    ),
    _article(
        "Adams1990",
        "Adams RW, et al. The distribution of muscle weakness in upper motoneuron lesions affecting the lower limb. Brain. 1990 Oct;113(Pt 5):1459–76.",
        _pubmed("2245306"),
        "M",
    ),
    _article(
        "PGMJ2013-myopathy",
        "[Authors not seen.] Proximal myopathy: diagnostic approach and initial management. Postgrad Med J. 2013 Aug;89(1054):470–7.",
        _pubmed("23596213"),
        "P",
    ),
    _guideline(
        "ADA-DN-2017",
        "Pop-Busui R, Boulton AJM, Feldman EL, Bril V, Freeman R, Malik RA, et al. Diabetic neuropathy: a position statement by the American Diabetes Association. Diabetes Care. 2017;40(1):136–54.",
        _doi("10.2337/dc16-2042"),
        "C",
    ),
    _guideline(
        "England2005-DSP",
        "England JD, Gronseth GS, Franklin G, Miller RG, Asbury AK, Carter GT, et al. Distal symmetric polyneuropathy: a definition for clinical research: report of the American Academy of Neurology, the American Association of Electrodiagnostic Medicine, and the American Academy of Physical Medicine and Rehabilitation. Neurology. 2005 Jan 25;64(2):199–207.",
        _pubmed("15668414"),
    ),
    _guideline(
        "England2009-AAN",
        "England JD, Gronseth GS, Franklin G, Carter GT, Kinsella LJ, Cohen JA, et al. Practice parameter: evaluation of distal symmetric polyneuropathy: role of laboratory and genetic testing (an evidence-based review). Neurology. 2009 Jan 13;72(2):185–92.",
        _doi("10.1212/01.wnl.0000336370.51010.a1"),
        "C",
    ),
    _article(
        "Henriksen2011",
        "Henriksen M, Rosager S, Aaboe J, Graven-Nielsen T, Bliddal H. Experimental knee pain reduces muscle strength. J Pain. 2011;12(4):460–7.",
        _doi("10.1016/j.jpain.2010.10.004"),
        "M",
    ),
    _article(
        "PalmieriSmith2013",
        "Palmieri-Smith RM, Villwock M, Downie B, Hecht G, Zernicke R. Pain and effusion and quadriceps activation and strength. J Athl Train. 2013;48(2):186–91.",
        _pubmed("23672382"),
        "P",
    ),
    _guideline(
        "JOSPT-hip-CPG",
        "Enseki KR, Bloom NJ, Harris-Hayes M, Cibulka MT, Disantis A, Di Stasi S, et al. Hip pain and movement dysfunction associated with nonarthritic hip joint pain: a revision. J Orthop Sports Phys Ther. 2023;53(7):CPG1–CPG70.",
        _doi("10.2519/jospt.2023.0302"),
    ),
    _article(
        "Dibra2017-hip-knee",
        "Dibra FF, Prieto HA, Gray CF, Parvataneni HK. Don't forget the hip! Hip arthritis masquerading as knee pain. Arthroplast Today. 2017 [volume and pages not seen].",
        _pubmed("29560406"),
        "M",
    ),
    _article(
        "Altman1991",
        "Altman R, Alarcón G, Appelrouth D, Bloch D, Borenstein D, Brandt K, et al. The American College of Rheumatology criteria for the classification and reporting of osteoarthritis of the hip. Arthritis Rheum. 1991;34(5):505–14.",
        _pubmed("2025304"),
        "M",
    ),
    # Special tests and diagnostic accuracy
    _article(
        "Devillé2000",
        "Devillé WL, van der Windt DA, Dzaferagić A, Bezemer PD, Bouter LM. The test of Lasègue: systematic review of the accuracy in diagnosing herniated discs. Spine (Phila Pa 1976). 2000;25(9):1140–7.",
        _doi("10.1097/00007632-200005010-00016"),
        "C",
    ),
    _article(
        "Cochrane2010",
        "van der Windt DAWM, Simons E, Riphagen II, Ammendolia C, Verhagen AP, Laslett M, et al. Physical examination for lumbar radiculopathy due to disc herniation in patients with low-back pain. Cochrane Database Syst Rev. 2010;(2):CD007431.",
        _doi("10.1002/14651858.CD007431.pub2"),
        "P",
    ),
    _article(
        "SLR-SR2012",
        "Scaia V, Baxter D, Cook C. The pain provocation-based straight leg raise test for diagnosis of lumbar disc herniation, lumbar radiculopathy, and/or sciatica: a systematic review of clinical utility. J Back Musculoskelet Rehabil. 2012;25(4):215–23.",
        _pubmed("23220802"),
        "P",
    ),
    _article(
        "Suri2010-bias",
        "Suri P, Hunter DJ, Katz JN, Li L, Rainville J. Bias in the physical examination of patients with lumbar radiculopathy. BMC Musculoskelet Disord. 2010;11:275.",
        _pubmed("21118558"),
        "P",
    ),
    _article(
        "Suri2011",
        "Suri P, Rainville J, Katz JN, Jouve C, Hartigan C, Limke J, et al. The accuracy of the physical examination for the diagnosis of midlumbar and low lumbar nerve root impingement. Spine (Phila Pa 1976). 2011;36(1):63–73.",
        _doi("10.1097/BRS.0b013e3181c953cc"),
        "P",
    ),
    _article(
        "BJSM-hip-tests-meta",
        "Reiman MP, Goode AP, Hegedus EJ, Cook CE, Wright AA. Diagnostic accuracy of clinical tests of the hip: a systematic review with meta-analysis. Br J Sports Med. 2013;47(14):893–902.",
        _doi("10.1136/bjsports-2012-091035"),
        "P",
    ),
    _article(
        "Reiman2015-FAI",
        "Reiman MP, Goode AP, Cook CE, Hölmich P, Thorborg K. Diagnostic accuracy of clinical tests for the diagnosis of hip femoroacetabular impingement/labral tear: a systematic review with meta-analysis. Br J Sports Med. 2015;49(12):811.",
        _doi("10.1136/bjsports-2014-094302"),
        "P",
    ),
    _article(
        "Tawa2017",
        "Tawa N, et al. Accuracy of clinical neurological examination in diagnosing lumbo-sacral radiculopathy: a systematic literature review. BMC Musculoskelet Disord. 2017 [co-authors and volume not seen].",
        _doi("10.1186/s12891-016-1383-2"),
        "P",
    ),
    # Red flags, urgency, imaging
    _guideline(
        "ACR-LBP-2021",
        "Expert Panel on Neurological Imaging; Hutchins TA, Peckham M, Shah LM, Parsons MS, Agarwal V, Boulter DJ, et al. ACR Appropriateness Criteria® Low Back Pain: 2021 update. J Am Coll Radiol. 2021;18(11S):S361–S379. doi:10.1016/j.jacr.2021.08.002.",
        "https://acsearch.acr.org/list/GetAppendix?PanelName=Neurologic&TopicId=141",
    ),
    _guideline(
        "ACR-hip-2016",
        "Expert Panel on Musculoskeletal Imaging; Mintz DN, Roberts CC, Bencardino JT, Baccei SJ, Caird M, Cassidy RC, et al. ACR Appropriateness Criteria® Chronic Hip Pain. Reston (VA): American College of Radiology; 2016. (Topic page not verified: open Chronic Hip Pain in the ACR Appropriateness Criteria list; re-check the current revision.)",
        "https://acsearch.acr.org/list",
        "",
    ),
    _guideline(
        "ACR-acute-hip-fracture",
        "Ward RJ, Weissman BN, Kransdorf MJ, Adler R, Appel M, Bancroft LW, et al. ACR Appropriateness Criteria acute hip pain—suspected fracture. J Am Coll Radiol. 2014;11(2):114–20. (Topic page not verified: open Acute Hip Pain—Suspected Fracture in the ACR Appropriateness Criteria list; re-check the current revision.)",
        "https://acsearch.acr.org/list",
        "",
    ),
    _guideline(
        "ACR-myelopathy-2020",
        "Expert Panel on Neurological Imaging. ACR Appropriateness Criteria® Myelopathy: 2021 update. J Am Coll Radiol. 2021 May;18(5S):S73–S82.",
        _pubmed("33958120"),
        "M",
    ),
    _guideline(
        "ACR-cerebrovascular",
        "Expert Panel on Neurologic Imaging; Salmela MB, Mortazavi S, Jagadeesan BD, Broderick DF, Burns J, Deshmukh TK, et al. ACR Appropriateness Criteria® Cerebrovascular Disease. J Am Coll Radiol. 2017;14(5S):S34–S61.",
        _doi("10.1016/j.jacr.2017.01.051"),
    ),
    _guideline(
        "NICE-NG59",
        "National Guideline Centre. Low back pain and sciatica in over 16s: assessment and management. NICE guideline NG59. London: National Institute for Health and Care Excellence; 2016 Nov 30 (last updated 2020 Dec 11).",
        _nice("NG59"),
    ),
    _guideline(
        "NICE-QS155",
        "National Institute for Health and Care Excellence. Low back pain and sciatica in over 16s. Quality standard QS155. London: NICE; 2017. Quality statement 2: referrals for imaging.",
        _nice("QS155", "Quality-statement-2-Referrals-for-imaging"),
    ),
    _guideline(
        "NICE-NG226",
        "National Institute for Health and Care Excellence. Osteoarthritis in over 16s: diagnosis and management. NICE guideline NG226. London: NICE; 2022 Oct 19.",
        _nice("NG226"),
    ),
    _guideline(
        "NICE-NG128",
        "National Institute for Health and Care Excellence. Stroke and transient ischaemic attack in over 16s: diagnosis and initial management. NICE guideline NG128. London: NICE; 2019.",
        _nice("NG128"),
    ),
    _guideline(
        "NICE-NG234",
        "National Institute for Health and Care Excellence. Spinal metastases and metastatic spinal cord compression. NICE guideline NG234. London: NICE; 2023 (replaces CG75).",
        _nice("NG234", ""),
    ),
    _guideline(
        "NICE-CG124",
        "National Institute for Health and Care Excellence. Hip fracture: management. NICE clinical guideline CG124. London: NICE; 2011 (amended 2014). Recommendation 1.1.1: offer MRI if hip fracture is suspected despite negative X-rays of an adequate standard.",
        _nice("CG124"),
    ),
    _guideline(
        "NICE-NG41",
        "National Clinical Guideline Centre. Spinal injury: assessment and initial management. NICE guideline NG41. London: National Institute for Health and Care Excellence; 2016 Feb 17.",
        _nice("NG41"),
    ),
    _guideline(
        "NICE-NG39",
        "National Clinical Guideline Centre. Major trauma: assessment and initial management. NICE guideline NG39. London: National Institute for Health and Care Excellence; 2016 Feb 17.",
        _nice("NG39"),
    ),
    _guideline(
        "GIRFT-CES-2023",
        "Getting It Right First Time (GIRFT), NHS England. National suspected cauda equina syndrome pathway. London: GIRFT; 2023. (Announcement page; the pathway document itself is not yet linked.)",
        "https://gettingitrightfirsttime.co.uk/pathway-supports-clinicians-to-diagnose-and-treat-cauda-equina-syndrome-without-delay/",
    ),
    _standard(
        "RCR-CES-MRI",
        "Clinical Imaging Board (Royal College of Radiologists, Institute of Physics and Engineering in Medicine, Society and College of Radiographers). MRI provision for cauda equina syndrome. London: RCR; 2023.",
        "https://www.rcr.ac.uk/our-services/all-our-publications/clinical-radiology-publications/mri-provision-for-cauda-equina-syndrome",
        "",
    ),
    _article(
        "Lavy2022-CES",
        "Lavy C, Marks P, Dangas K, Todd N. Cauda equina syndrome—a practical guide to definition and classification. Int Orthop. 2022;46(2):165–9.",
        _pubmed("34862914"),
        "M",
    ),
    _article(
        "Aroor2017-BEFAST",
        "Aroor S, Singh R, Goldstein LB. BE-FAST (Balance, Eyes, Face, Arm, Speech, Time): reducing the proportion of strokes missed using the FAST mnemonic. Stroke. 2017;48:479–81.",
        _doi("10.1161/STROKEAHA.116.015169"),
        "C",
    ),
    _article(
        "ROSIER-2005",
        "Nor AM, Davis J, Sen B, Shipsey D, Louw SJ, Dyker AG, et al. The Recognition of Stroke in the Emergency Room (ROSIER) scale: development and validation of a stroke recognition instrument. Lancet Neurol. 2005;4:727–34.",
        _doi("10.1016/S1474-4422(05)70201-5"),
        "P",
    ),
    _article(
        "Davis2004-SEA",
        "Davis DP, Wold RM, Patel RJ, Tran AJ, Tokhi RN, Chan TC, et al. The clinical presentation and impact of diagnostic delays on emergency department patients with spinal epidural abscess. J Emerg Med. 2004;26(3):285–91.",
        _pubmed("15028325"),
        "P",
    ),
    _article(
        "AnnVascSurg2006-femoral",
        "Parmer SS, Carpenter JP, Fairman RM, Velazquez OC, Mitchell ME. Femoral neuropathy following retroperitoneal hemorrhage: case series and review of the literature. Ann Vasc Surg. 2006 Jul [volume and pages not seen].",
        _doi("10.1007/s10016-006-9059-2"),
        "P",
    ),
    _guideline(
        "ACC-ECDP-2020",
        "Tomaselli GF, Mahaffey KW, Cuker A, Dobesh PP, Doherty JU, Eikelboom JW, et al. 2020 ACC expert consensus decision pathway on management of bleeding in patients on oral anticoagulants: a report of the American College of Cardiology Solution Set Oversight Committee. J Am Coll Cardiol. 2020;76(5):594–622.",
        _doi("10.1016/j.jacc.2020.04.053"),
        "C",
    ),
    _guideline(
        "Baugh2020",
        "Baugh CW, Levine M, Cornutt D, Wilson JW, Kwun R, Mahan CE, et al. Anticoagulant reversal strategies in the emergency department setting: recommendations of a multidisciplinary expert panel. Ann Emerg Med. 2020;76(4):470–85.",
        _pubmed("31732375"),
    ),
    _guideline(
        "EAN-PNS-GBS-2023",
        "van Doorn PA, Van den Bergh PYK, Hadden RDM, Avau B, Vankrunkelsven P, Attarian S, et al. European Academy of Neurology/Peripheral Nerve Society guideline on diagnosis and treatment of Guillain–Barré syndrome. Eur J Neurol. 2023;30(12):3646–74.",
        _pubmed("37814552"),
        "M",
    ),
    _article(
        "Asbury-Cornblath-1990",
        "Asbury AK, Cornblath DR. Assessment of current diagnostic criteria for Guillain–Barré syndrome. Ann Neurol. 1990;27 Suppl:S21–4.",
        _doi("10.1002/ana.410270707"),
        "C",
    ),
    _guideline(
        "Chou2011-ACP",
        "Chou R, Qaseem A, Owens DK, Shekelle P; Clinical Guidelines Committee of the American College of Physicians. Diagnostic imaging for low back pain: advice for high-value health care from the American College of Physicians. Ann Intern Med. 2011 Feb 1;154(3):181–9.",
        _doi("10.7326/0003-4819-154-3-201102010-00008"),
        "C",
    ),
    _guideline(
        "AAFP-CW-backpain",
        "American Academy of Family Physicians. Choosing Wisely: don't do imaging for low back pain within the first six weeks, unless red flags are present. Leawood (KS): AAFP.",
        "https://www.aafp.org/content/brand/aafp/family-physician/patient-care/clinical-recommendations/all-clinical-recommendations/cw-back-pain.html",
    ),
    _guideline(
        "CWCanada-LBP",
        "Choosing Wisely Canada. Don't image for lower back pain unless red flags are present (primary care recommendation 8).",
        "https://choosingwiselycanada.org/primary-care/easing-workload/low-back-imaging",
    ),
    # Electrodiagnosis
    _guideline(
        "Cho2010-AANEM",
        "Cho SC, Ferrante MA, Levin KH, Harmon RL, So YT. Utility of electrodiagnostic testing in evaluating patients with lumbosacral radiculopathy: an evidence-based review. Muscle Nerve. 2010 Aug;42(2):276–82.",
        _pubmed("20658602"),
        "M",
    ),
    _article(
        "Wilbourn1998",
        "Wilbourn AJ, Aminoff MJ. AAEM minimonograph 32: the electrodiagnostic examination in patients with radiculopathies. Muscle Nerve. 1998;21(12):1612–31.",
        _doi("10.1002/(SICI)1097-4598(199812)21:12%3C1612::AID-MUS2%3E3.0.CO;2-0"),
        "P",
    ),
    _article(
        "CCJM-EDX",
        "Ginsberg MR, Morren JA, Levin K. Using and interpreting electrodiagnostic tests. Cleve Clin J Med. 2020;87(11):671– [end page not seen].",
        "https://www.ccjm.org/content/87/11/671",
        "P",
    ),
    # Design choices: no external source, each stating the choice it stands for
    _design(
        "design",
        "the numbers in this row (root shares, the weight of a kind of finding, scoring constants) are set by neuroexam; the sources beside it anchor them but do not give them.",
    ),
    _design(
        "design-root-other-levels",
        "thoracic and cervical imaging are advised against when every sign is lower motor neuron and lumbosacral, because they cannot explain such signs.",
    ),
    _design(
        "design-peripheral-no-spine-imaging",
        "spinal imaging is advised against when the deficit fits one peripheral nerve, muscle or joint (or a length-dependent pattern) and no spinal red flag is raised.",
    ),
    _design(
        "design-no-brain-imaging-for-lmn",
        "brain imaging is advised against for a purely lower motor neuron picture without face, arm or speech signs and without a stroke flag.",
    ),
    _design(
        "design-central-no-lumbar-mri",
        "lumbar imaging is advised against for a cerebral picture, so that it does not delay brain imaging.",
    ),
    _design(
        "design-musculoskeletal-no-emg",
        "EMG/NCS is advised against for pain-limited weakness with normal reflexes and sensation, which neuroexam reads as musculoskeletal.",
    ),
    _design(
        "design-severe-weakness",
        "a severe motor deficit is MRC grade 3 or less without pain limitation; a deficit confined to one peripheral nerve, muscle or joint stays routine.",
    ),
    _design(
        "design-reflexes-not-examined",
        "when no reflex was recorded, the decision says that upper versus lower motor neuron and the root level rest on power and sensation alone.",
    ),
    _design(
        "design-muscle-site",
        "pain-limited weakness of single muscles is offered as a local strain or tear, ranked below neurological sites.",
    ),
    _design(
        "design-rupture-imaging",
        "a hip-girdle muscle that loses movement against resistance in a sudden injury is imaged (pelvic MRI and radiographs) as a suspected complete tear or avulsion; no guideline for this was found.",
    ),
    _design(
        "design-functional-weakness",
        "give-way weakness of a whole leg, hip to foot, with every objective sign normal and no joint sign is read as functional weakness and given no site.",
    ),
    _design(
        "design-effort-limited",
        "weakness recorded only as pain-limited, with every objective neurological sign normal, is localized among muscles and joints only.",
    ),
    _design(
        "design-sudden-single-muscle",
        "one leg muscle lost suddenly (MRC 3 or less) with normal neighbours, sensation and plantars is localized among muscles and joints: a tendon tear, whose torn tendon also takes its reflex.",
    ),
    _design(
        "design-thresholds",
        "the cut-offs that named facts use (proximal muscles, the rupture grade, a chronic course of three months, a sparse examination) are set by neuroexam; the sources beside each anchor it.",
    ),
    _design(
        "design-sparse-exam",
        "with fewer than ten examined limb items the decision says the localization is provisional.",
    ),
    _design(
        "design-serial-comparison",
        "an exam is compared with the most recent earlier exam of the same patient in the same clinic within twelve weeks; an MRC grade counts as changed only when it moves by one whole grade or more (4 to 3, not 4 to 4-), since one modifier step lies within the examiners' disagreement; a fall in strength raises the progressive motor deficit flag even when the history does not say worsening.",
    ),
    _design(
        "design-hip-provocation-tests",
        "a painful log roll, Thomas test or resisted hip flexion points to the hip or iliopsoas with a low weight; no accuracy study is cited for these tests.",
    ),
)

SOURCES: dict[str, Source] = {source.key: source for source in _ALL}


# (key, citation, url, kind) of every source, read once: every decision document lists about ten.
_REFERENCE_PARTS: dict[str, tuple[str, str, str | None, str]] = {
    key: (key, source.display, source.url or None, source.kind.value) for key, source in SOURCES.items()
}


def references(keys: list[str] | tuple[str, ...]) -> list[dict[str, str | None]]:
    """One ``references`` entry per distinct key, in first-cited order; unknown keys are skipped.

    Fresh dicts on every call (callers may amend a document); the same content as
    ``Source.reference``.
    """
    parts = _REFERENCE_PARTS
    return [
        {"key": key, "citation": citation, "url": url, "kind": kind}
        for key, citation, url, kind in (parts[key] for key in dict.fromkeys(keys) if key in parts)
    ]
