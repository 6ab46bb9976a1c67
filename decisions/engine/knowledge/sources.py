# ruff: noqa: E501, RUF001 - citation titles and URLs are quoted verbatim from the reference
"""The sources every table row cites: the keys of clinical-knowledge.md section 10.

Generated once from the reference's source list (title and first URL as given there). Two
pseudo-keys mark what is not a published source, so it is cited honestly: ``design`` (a
modelling choice of this ruleset, e.g. a weight) and ``textbook`` (standard teaching for which
the reference found no retrievable source).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Source:
    """One citable reference; ``low`` marks a non-authoritative page used only for a convention."""

    key: str
    title: str
    url: str
    low: bool = False


SOURCES: dict[str, Source] = {
    "ISNCSCI-2021": Source(
        "ISNCSCI-2021",
        "Rupp R et al. International Standards for Neurological Classification of SCI (ISNCSCI), 8th ed. Top Spinal Cord Inj Rehabil 2021;27(2):1–22",
        "https://bibbase.org/network/publication/rupp-bieringsrensen-burns-graves-guest-jones-read-rodriguez-etal-internationalstandardsforneurologicalclassificationofspinalcordinjury-2021",
    ),
    "ISNCSCI-2011": Source(
        "ISNCSCI-2011",
        "Kirshblum SC et al. ISNCSCI (revised 2011). J Spinal Cord Med 2011 (docslib page title is mismatched)",
        "https://docslib.org/doc/13558608/traumatic-brachial-plexus-injury-a-study-of-510-surgical-cases-from-multicenter-services-in-guangxi-china",
    ),
    "ASIA-motor-CNSwiki": Source(
        "ASIA-motor-CNSwiki",
        "CNS wiki: ASIA motor scoring (10 key muscles per side, L2 iliopsoas … S1 gastrocnemius)",
        "http://prod.wiki.cns.org/wiki/index.php/American_Spinal_Injury_Association_(ASIA)-_Motor_Scoring",
    ),
    "Medscape-SCI-sensory": Source(
        "Medscape-SCI-sensory",
        "Medscape: sensory testing in SCI (key sensory points C2–S4-5)",
        "https://www.medscape.com/answers/793582-161666/how-is-sensory-function-testing-performed-in-the-evaluation-of-spinal-cord-injury-sci",
    ),
    "ExamVideo-Kaltura": Source(
        "ExamVideo-Kaltura",
        "Neurologic exam video notes (alternative L4/L5 scheme)",
        "https://www.kaltura.com/index.php/extwidget/preview/partner_id/816122/uiconf_id/44640261/entry_id/0_5q9efisq/embed/dynamic",
    ),
    "VMS-innervation": Source(
        "VMS-innervation",
        "VirtualMedStudent: innervation of lower-extremity muscles, MRC grading",
        "https://virtualmedstudent.com/links/anatomy/innervation_lower_extremity_muscles.html",
    ),
    "Orthobullets-LE-exam": Source(
        "Orthobullets-LE-exam",
        "Orthobullets: lower extremity spine and neuro exam",
        "https://orthobullets.com/spine/2002/lower-extremity-spine-and-neuro-exam",
    ),
    "PMC8965294-table": Source(
        "PMC8965294-table",
        "Telehealth spine exam table (iliopsoas L1–L3, quadriceps L2–L4, TA L4, gastrocnemius S1)",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC8965294/table/table3-2192568220944129",
    ),
    "Malanga-spine-exam": Source(
        "Malanga-spine-exam",
        'Textbook chapter "Lumbar spine" physical exam (scanned): L5 EHL/gluteus medius, S1 plantar flexors/evertors/hip extensors, reflexes',
        "https://zanotowane.pl/733/8536",
    ),
    "NINDS-def-orthofixar": Source(
        "NINDS-def-orthofixar",
        "Orthofixar: muscle stretch reflex scales (NINDS definitions)",
        "https://orthofixar.com/physical-therapy/muscle-stretch-reflexes/",
    ),
    "Litvan1996": Source(
        "Litvan1996",
        "Litvan I et al. Reliability of the NINDS Myotatic Reflex Scale. Neurology 1996;47:969–72",
        "https://www.pubmed.gov/8857728/",
    ),
    "Mitch-reflexes": Source(
        "Mitch-reflexes",
        "Physical diagnosis / family-medicine texts on reflex grading, hung reflex, Babinski",
        "https://www.mitchmedical.us/physical-diagnosis/info-ujm.html",
    ),
    "HKU-clonus": Source("HKU-clonus", "HKU e-learning: clonus", "https://hkuelcn.hku.hk/clonus/"),
    "Gizmo-clonus": Source(
        "Gizmo-clonus", "teaching deck: clonus >3 beats", "https://gizmo.ai/community/deck/3370288", low=True
    ),
    "OUP-plantar": Source(
        "OUP-plantar",
        "OUP Neuroexam video: plantar response",
        "https://learninglink.oup.com/embed/access/content/the-neuroexam-video/neuroscience-video-59-plantar-response",
    ),
    "MRC-Mem45": Source(
        "MRC-Mem45",
        "MRC scale as in MRC Memorandum 45",
        "http://getm.sen.es/escalas-de-valoracion/medical-research-council-scale-motor-testing/",
    ),
    "MRC-BMCResNotes": Source(
        "MRC-BMCResNotes",
        "MRC grading table, BMC Res Notes 2014",
        "https://bmcresnotes.biomedcentral.com/articles/10.1186/1756-0500-7-755/tables/1",
    ),
    "MRC-reliability": Source(
        "MRC-reliability",
        "copy of the MRC muscle-scale page (reliable for 0–3; analogue scale better for 4–5)",
        "https://thesisassist.sbs/dissertation-tips/medical-research-council-scale",
    ),
    "Chiro2017-4plus": Source(
        "Chiro2017-4plus",
        "Using 4+ to grade near-normal muscle strength does not improve agreement. Chiropr Man Therap 2017",
        "https://chiromt.biomedcentral.com/articles/10.1186/s12998-017-0159-6",
    ),
    "Seekhealthz-MRC-shades": Source(
        "Seekhealthz-MRC-shades",
        "intermediate MRC values",
        "https://www.seekhealthz.com/health/how-is-muscle-weakness-graded/",
        low=True,
    ),
    "GPnotebook-dermatomes": Source(
        "GPnotebook-dermatomes",
        "GPnotebook: lower limb dermatomes",
        "http://www.gpnotebook.co.uk/simplepage.cfm?ID=1865744389",
    ),
    "Nature2016-malleolus": Source(
        "Nature2016-malleolus",
        "Spinal Cord 2016: medial malleolus (L4) key point sensitivity in healthy volunteers",
        "https://www.nature.com/articles/sc2016167/email/correspondent/c1/new",
    ),
    "Wheeless-leg-foot": Source(
        "Wheeless-leg-foot",
        "Wheeless: innervation of the leg and foot",
        "https://www.wheelessonline.com/nerves/innervation-of-the-leg-and-foot/",
    ),
    "Wiki-cutaneous": Source(
        "Wiki-cutaneous",
        "Wikipedia: cutaneous innervation of the lower limbs",
        "https://en.wikipedia.org/wiki/Cutaneous_innervation_of_the_lower_limbs",
    ),
    "Podiapaedia-cutaneous": Source(
        "Podiapaedia-cutaneous",
        "Podiapaedia: skin innervation zones",
        "https://podiapaedia.org/wiki/neurology/neuroanatomy/lower-limb-innervation/skin-innervationcutaneous-zones/",
    ),
    "UMich-foot-cutaneous": Source(
        "UMich-foot-cutaneous",
        "U. Michigan anatomy: cutaneous innervation of the foot",
        "https://sites.google.com/a/umich.edu/bluelink/curricula/first-year-medical-curriculum/sequence-7-neuroanatomy/wrist-hand-and-foot/lo7",
    ),
    "Esene2012": Source(
        "Esene2012",
        "Esene IN et al. Diagnostic performance of the medial hamstring reflex in L5 radiculopathy. Surg Neurol Int 2012;3:104 (via ALiEM summary, CNS abstract, neurosurgery notes for sens/spec)",
        "https://www.aliem.com/trick-trade-l5-medial-hamstring-reflex/",
    ),
    "Hamstring1982": Source(
        "Hamstring1982",
        "Asymmetric hamstring reflexes indicative of L5 radicular lesions. Arch Phys Med Rehabil 1982;63:377–8",
        "https://pubmed.ncbi.nlm.nih.gov/6287962/",
    ),
    "Medscape-femoral": Source(
        "Medscape-femoral",
        "Medscape: femoral mononeuropathy — clinical presentation",
        "https://emedicine.staging.medscape.com/article/1141793-clinical",
    ),
    "Preston-femoral": Source(
        "Preston-femoral",
        "Femoral neuropathy chapter (Preston & Shapiro-style EMG text)",
        "https://musculoskeletalkey.com/femoral-neuropathy",
    ),
    "DeductMD-footdrop": Source(
        "DeductMD-footdrop",
        "L5 radiculopathy vs common peroneal nerve palsy",
        "https://www.deductmd.com/blog/l5-radiculopathy-vs-common-peroneal-nerve-palsy",
    ),
    "Neupsykey-footdrop": Source(
        "Neupsykey-footdrop",
        "Unilateral foot drop (algorithm chapter)",
        "https://neupsykey.com/unilateral-foot-drop",
    ),
    "Epomedicine-footdrop": Source(
        "Epomedicine-footdrop",
        "Foot drop differentials (L5 / plexus / sciatic / peroneal table)",
        "https://epomedicine.com/medical-students/foot-drop-differentials/amp/",
    ),
    "Distad2013-sciatic": Source(
        "Distad2013-sciatic",
        "Distad BJ, Weiss MD. Clinical and electrodiagnostic features of sciatic neuropathies. Phys Med Rehabil Clin N Am 2013;24:107–20; plus EMG chapter on sciatic neuropathy",
        "https://docslib.org/doc/5008082/clinical-and-electrodiagnostic-features-of-sciatic-neuropathies",
    ),
    "FootDrop303": Source(
        "FootDrop303",
        "Neurosurgeon's note citing a 303-patient foot-drop series (Baima & Krivickas 2008)",
        "http://www.drmichaelcoroneos.com.au/news/footdropexaminers-favorite-l5-root-or-peroneal-nerve/61367",
    ),
    "NeurosurgeryWiki-LSplexus": Source(
        "NeurosurgeryWiki-LSplexus",
        "Lumbosacral plexus neuropathy (EMG: ≥2 levels, paraspinals spared)",
        "https://neurosurgerywiki.com/wiki/doku.php?do=export_xhtml&id=lumbosacral_plexus_neuropathy",
    ),
    "Plexopathy-EDX2013": Source(
        "Plexopathy-EDX2013",
        "Electrophysiological approach to lumbosacral plexopathies (2013)",
        "https://pubmed.ncbi.nlm.nih.gov/23177033/?dopt=Abstract",
    ),
    "DLRPN-neupsykey": Source(
        "DLRPN-neupsykey",
        "Diabetic lumbosacral radiculoplexus neuropathy (chapter)",
        "https://neupsykey.com/diabetic-lumbosacral-radiculoplexus-neuropathy",
    ),
    "PracticalNeurology-amyotrophy": Source(
        "PracticalNeurology-amyotrophy",
        "Practical Neurology 2016: diabetic amyotrophy case challenge (meralgia: knee jerk and quadriceps preserved)",
        "https://practicalneurology.com/articles/2016-july-aug/diabetic-amyotrophy",
    ),
    "Pinto2021-LRPN": Source(
        "Pinto2021-LRPN",
        "Pinto MV et al. Lumbosacral radiculoplexus neuropathy: population-based outcomes. Neurology 2021",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC8166449",
    ),
    "Medscape-meralgia": Source(
        "Medscape-meralgia",
        "Medscape: lateral femoral cutaneous nerve entrapment — clinical (pelvic compression test 95 %/93 %)",
        "https://emedicine.medscape.com/article/1141848-clinical",
    ),
    "Medscape-meralgia-2": Source(
        "Medscape-meralgia-2",
        "Medscape: meralgia paresthetica overview",
        "https://emedicine.medscape.com/article/308199-print",
    ),
    "Medscape-CES-conus": Source(
        "Medscape-CES-conus",
        "Medscape: cauda equina and conus medullaris syndromes — clinical (Table 1)",
        "https://emedicine.medscape.com/article/1148690-clinical",
    ),
    "GPnotebook-UMN": Source(
        "GPnotebook-UMN",
        "GPnotebook: UMN pattern of weakness",
        "https://gpnotebook.com/simplepage.cfm?ID=-1657470961",
    ),
    "Wiles2017": Source(
        "Wiles2017",
        "Wiles CM. Pyramidal weakness. Pract Neurol 2017;17:241",
        "https://pn.bmj.com/content/17/3/241",
    ),
    "Adams1990": Source(
        "Adams1990",
        "Adams RW et al. The distribution of muscle weakness in UMN lesions affecting the lower limb. Brain 1990;113:1459–76 (PubMed 2245306, mirror)",
        "http://47.251.13.51:8081/2245306",
    ),
    "NeurologyOpen-pyramidal": Source(
        "NeurologyOpen-pyramidal",
        'Use of the phrase "pyramidal weakness" within the past 100 years. BMJ Neurology Open',
        "https://neurologyopen.bmj.com/content/6/1/e000580",
    ),
    "MDedge-myopathy-FP": Source(
        "MDedge-myopathy-FP",
        "J Fam Pract: suspect myopathy? (symmetric proximal weakness)",
        "https://mdedge-cache.qa01.mdedge.com/familymedicine/article/88232/musculoskeletal-disorders/suspect-myopathy-take-approach-work/page/0/1",
    ),
    "Oddis2019-myopathy": Source(
        "Oddis2019-myopathy",
        "Oddis CV. Myopathy for the general internist: statins and much more. Cleve Clin J Med 2019",
        "https://www.mdedge.com/ccjm/article/208565/immunology/myopathy-general-internist-statins-and-much-more",
    ),
    "MDedge-statin-thyroid": Source(
        "MDedge-statin-thyroid",
        "Myopathy presenting after statin initiation may have another cause (hypothyroidism)",
        "https://mdedge-cache.qa01.mdedge.com/familymedicine/article/54862/cardiology/myopathy-presenting-initiation-statins-may-have-another",
    ),
    "Feldman-DPN": Source(
        "Feldman-DPN",
        "UpToDate (Feldman): clinical manifestations and diagnosis of diabetic polyneuropathy",
        "https://www.uptodate.com/contents/clinical-manifestations-and-diagnosis-of-diabetic-polyneuropathy",
    ),
    "Springer-DSP": Source(
        "Springer-DSP",
        "Review of diabetic neuropathies (distal symmetric polyneuropathy), Curr Neurol Neurosci Rep 2014",
        "https://springerlink.bibliotecabuap.elogim.com/doi/10.1007/s11910-014-0473-5",
    ),
    "England2005-DSP": Source(
        "England2005-DSP",
        "England JD et al. Distal symmetric polyneuropathy: a definition for clinical research (AAN/AAEM/AAPMR). Neurology 2005",
        "https://www.neurology.org/doi/10.1212/01.wnl.0000149522.32823.ea",
    ),
    "England2009-AAN": Source(
        "England2009-AAN",
        "England JD et al. Practice parameter: evaluation of DSP — role of laboratory and genetic testing. Neurology 2009;72:185–92",
        "https://jesse.tg/ngc-archive/summary/6977",
    ),
    "Henriksen2011": Source(
        "Henriksen2011",
        "Henriksen M et al. Experimental knee pain reduces muscle strength. J Pain 2011",
        "https://c.coek.info/pdf-experimental-knee-pain-reduces-muscle-strength-.html",
    ),
    "PalmieriSmith2013": Source(
        "PalmieriSmith2013",
        "Palmieri-Smith RM et al. Pain and effusion and quadriceps activation and strength. J Athl Train 2013",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC3600920",
    ),
    "HarrisHayes2014": Source(
        "HarrisHayes2014",
        "Harris-Hayes M et al. Persons with chronic hip joint pain exhibit reduced hip muscle strength. JOSPT 2014",
        "https://studylib.net/doc/10804914/c----research",
    ),
    "JOSPT-hip-CPG": Source(
        "JOSPT-hip-CPG",
        "Enseki K et al. Nonarthritic hip joint pain CPG (FADIR/FABER). JOSPT 2014",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC4399382",
    ),
    "Moore-hip-vs-back": Source(
        "Moore-hip-vs-back",
        "Differentiating hip versus back pathology (case report: groin pain, reduced IR key)",
        "https://docslib.org/doc/6539469/differentiating-hip-versus-back-pathology-with-a-patient-status-post",
    ),
    "Dibra2017-hip-knee": Source(
        "Dibra2017-hip-knee",
        "Dibra FF et al. Don't forget the hip! Hip arthritis masquerading as knee pain. Arthroplast Today 2017",
        "https://documents.pub/document/dont-forget-the-hip-hip-arthritis-masquerading-as-knee-including-knee-pain.html",
    ),
    "Devin2012-hip-spine": Source(
        "Devin2012-hip-spine",
        "Devin CJ et al. Hip-spine syndrome. J Am Acad Orthop Surg 2012;20:434–42",
        "https://studylib.net/doc/25578321/hip-spine-syndrome",
    ),
    "Altman1991": Source(
        "Altman1991",
        "Altman R et al. ACR criteria for the classification and reporting of OA of the hip. Arthritis Rheum 1991;34:505–14",
        "http://47.251.13.51:8081/2025304",
    ),
    "Devillé2000": Source(
        "Devillé2000",
        "Devillé WL et al. The test of Lasègue: systematic review of the accuracy in diagnosing herniated discs. Spine 2000;25:1140–7",
        "https://journals.lww.com/spinejournal/pages/articleviewer.aspx?year=2000&issue=05010&article=00016&type=abstract",
    ),
    "Cochrane2010": Source(
        "Cochrane2010",
        "van der Windt DA et al. Physical examination for lumbar radiculopathy due to disc herniation in patients with low-back pain. Cochrane 2010, CD007431",
        "https://cochranelibrary.com/es/cdsr/doi/10.1002/14651858.CD007431.pub2/full/zh_HANT",
    ),
    "EBMG-Cochrane-summary": Source(
        "EBMG-Cochrane-summary",
        "EBM Guidelines evidence summary of the Cochrane review (pooled SLR/crossed SLR figures)",
        "https://download.skyscape.com/download/ota/lonestar/B4562E59-87F6-47FA-8F09-D67E1FE536CA/ebmgneuro.ed18/content/HTML/5/tn55.htm",
    ),
    "Wiki-SLR": Source(
        "Wiki-SLR",
        "Wikipedia: straight leg raise (30–70°, back pain only = negative)",
        "https://en.wikipedia.org/wiki/Straight_leg_raise",
    ),
    "PCN-SLR": Source(
        "PCN-SLR",
        "Primary Care Notebook: SLR test (pain <30° not from root stretch; crossed SLR → central prolapse)",
        "https://primarycarenotebook.com/en-US/pages/rheumatology/straight-leg-raising-slr-test",
    ),
    "SLR-SR2012": Source(
        "SLR-SR2012",
        "Pain-provocation SLR: systematic review of clinical utility. J Back Musculoskelet Rehabil 2012 (hamstring tightness false positives)",
        "http://pubmed.gov/23220802/",
    ),
    "Nee2022": Source(
        "Nee2022",
        "Nee RJ et al. Reliability of the SLR test for suspected lumbar radicular pain: systematic review and meta-analysis. Musculoskelet Sci Pract 2022",
        "https://ouci.dntb.gov.ua/works/40DEYO54",
    ),
    "Seekhealthz-tests": Source(
        "Seekhealthz-tests",
        "compilation of FST/SLR/crossed SLR/slump sensitivities",
        "https://www.seekhealthz.com/health/what-maneuvers-on-physical-exam-suggest-lumbar-spine-nerve-root-irritation",
        low=True,
    ),
    "Suri2010-table": Source(
        "Suri2010-table",
        "Suri P et al. Bias in the physical examination of lumbar radiculopathy — Table 1 (test descriptions and roots). BMC Musculoskelet Disord 2010;11:275",
        "https://bmcmusculoskeletdisord.biomedcentral.com/articles/10.1186/1471-2474-11-275/tables/1",
    ),
    "Suri2010-bias": Source(
        "Suri2010-bias", "same paper, abstract", "https://pmc.ncbi.nlm.nih.gov/articles/PMC3009628"
    ),
    "Suri2011": Source(
        "Suri2011",
        "Suri P et al. The accuracy of the physical examination for the diagnosis of midlumbar and low lumbar nerve root impingement. Spine 2011;36:63–73",
        "https://journals.lww.com/spinejournal/Abstract/2011/01010/The_Accuracy_of_the_Physical_Examination_for_the.12.aspx",
    ),
    "Trainor2011": Source(
        "Trainor2011",
        "Trainor K et al. Slump knee bend test for upper/mid lumbar root compression (pilot). Physiotherapy 2011 — via APTEI summary",
        "https://www.aptei.ca/library-article/the-forgotten-femoral-nerve/",
    ),
    "Physiopedia-FNT": Source(
        "Physiopedia-FNT",
        "Physiopedia: femoral nerve tension test",
        "https://www.physio-pedia.com/index.php?title=Femoral_Nerve_Tension_Test&oldid=197137",
    ),
    "BJSM-hip-tests-meta": Source(
        "BJSM-hip-tests-meta",
        "BJSM systematic review/meta-analysis of hip clinical tests (Reiman et al.) — Table 8, pooled properties for labral tear, femoral fracture, gluteal tendinopathy (table only retrieved)",
        "https://bibliotheek.ehb.be:2678/highwire/markup/88859/expansion?height=500&iframe=true&width=1000",
    ),
    "BJSM-hip-LR": Source(
        "BJSM-hip-LR",
        "BJSM table: FAI syndrome/labral injury — likelihood ratios of FADIR, FABER, IR (table only)",
        "https://bjsm.bmj.com/highwire/markup/124586/expansion?width=1000&height=500&iframe=true&postprocessors=highwire_tables%2Chighwire_reclass%2Chighwire_figures%2Chighwire_math%2Chighwire_inline_linked_media%2Chighwire_embed",
    ),
    "Reiman2015-FAI": Source(
        "Reiman2015-FAI",
        "Reiman MP et al. Diagnostic accuracy of clinical tests for FAI/labral tear: systematic review with meta-analysis. Br J Sports Med 2015",
        "https://studylib.net/doc/10804916/diagnostic-accuracy-of-clinical-tests-for-the-diagnosis",
    ),
    "Albeck1996": Source(
        "Albeck1996",
        "Albeck MJ. A critical assessment of clinical diagnosis of disc herniation in patients with monoradicular sciatica. Acta Neurochir 1996;138:40–4",
        "https://acnpsearch.tweb-dev.unibo.it/singlejournalindex/14636205",
    ),
    "Iversen2013": Source(
        "Iversen2013",
        "Iversen T et al. Accuracy of physical examination for chronic lumbar radiculopathy. BMC Musculoskelet Disord 2013;14:206",
        "http://www.biomedcentral.com/1471-2474/14/206/abstract",
    ),
    "Vroomen2002": Source(
        "Vroomen2002",
        "Vroomen PC et al. Diagnostic value of history and physical examination in patients suspected of lumbosacral nerve root compression. JNNP 2002;72:630–4",
        "https://vufind-test.katalog.k.utb.cz/SummonRecord/FETCH-LOGICAL-b653t-7ba6e2bcee71ecbfb02130a77bb960ca9d40f80b3a3e13ee5b49dedf842500843",
    ),
    "Verwoerd2014": Source(
        "Verwoerd2014",
        "Verwoerd AJ et al. Diagnostic accuracy of history taking to assess lumbosacral nerve root compression. Spine J 2014",
        "https://repub.eur.nl/pub/71220",
    ),
    "Tawa2017": Source(
        "Tawa2017",
        "Tawa N et al. Accuracy of clinical neurological examination in diagnosing lumbo-sacral radiculopathy: systematic review. BMC Musculoskelet Disord 2017",
        "https://bmcmusculoskeletdisord.biomedcentral.com/articles/10.1186/s12891-016-1383-2",
    ),
    "Tawa2019": Source(
        "Tawa2019",
        "Tawa N et al. S-LANSS, clinical neurological examination and MRI in lumbosacral radiculopathy. BMC Neurol 2019;19:107",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC6542141/",
    ),
    "ACR-LBP-2021": Source(
        "ACR-LBP-2021",
        "ACR Appropriateness Criteria: Low Back Pain (revised 2021) — variant tables and appendix",
        "https://gravitas.acr.org/ACPortal/NarrativeAuthoringPreviewDocument?topicId=141",
    ),
    "ACR-LBP-2021-abstract": Source(
        "ACR-LBP-2021-abstract",
        "ACR Appropriateness Criteria Low Back Pain: 2021 update. JACR 2021;18(11S):S361–79",
        "https://profiles.wustl.edu/en/publications/acr-appropriateness-criteria-low-back-pain-2021-update",
    ),
    "RadiologyInfo-LBP": Source(
        "RadiologyInfo-LBP",
        "RadiologyInfo (ACR patient summary of the LBP criteria, all variants)",
        "https://radiologyinfo.org/en/info/acs-low-back-pain?google=amp",
    ),
    "ACR-LBP-2016": Source(
        "ACR-LBP-2016",
        "Patel ND et al. ACR Appropriateness Criteria Low Back Pain. JACR 2016",
        "https://linkinghub.elsevier.com/retrieve/pii/S1546-1440(16)30440-9",
    ),
    "ACR-hip-2016": Source(
        "ACR-hip-2016",
        "Mintz DN et al. ACR Appropriateness Criteria Chronic Hip Pain (2016)",
        "https://jesse.tg/ngc-archive/summary/11147",
    ),
    "ACR-acute-hip-fracture": Source(
        "ACR-acute-hip-fracture",
        "ACR Appropriateness Criteria: acute hip pain — suspected fracture",
        "https://paperexplained.cn/articles/paper/detail/2d9c276837c229ef63bcbf705b47173c7b1e19cd",
    ),
    "ACR-myelopathy-2020": Source(
        "ACR-myelopathy-2020",
        "ACR Appropriateness Criteria Myelopathy (revised 2020)",
        "https://docslib.org/doc/4305600/acr-appropriateness-criteria%C2%AE-myelopathy",
    ),
    "ACR-myelopathy-2016-abstract": Source(
        "ACR-myelopathy-2016-abstract",
        "Roth CJ et al. ACR Appropriateness Criteria Myelopathy. JACR 2016",
        "https://scholars.duke.edu/display/pub1111392",
    ),
    "ACR-cerebrovascular": Source(
        "ACR-cerebrovascular",
        "ACR Appropriateness Criteria: focal neurologic deficit / cerebrovascular disease tables",
        "https://www.ajnr.org/highwire/markup/26996/expansion?width=1000&height=500&iframe=true&postprocessors=highwire_tables%2Chighwire_reclass%2Chighwire_figures%2Chighwire_math%2Chighwire_inline_linked_media%2Chighwire_embed",
    ),
    "NICE-NG59": Source(
        "NICE-NG59",
        "NICE NG59 Low back pain and sciatica in over 16s (imaging 1.1.4–1.1.6)",
        "https://www.nice.org.uk/guidance/ng59/chapter/Recommendations",
    ),
    "NICE-QS155": Source(
        "NICE-QS155",
        "NICE QS155 statement 2: referrals for imaging",
        "https://nice.org.uk/guidance/qs155/chapter/Quality-statement-2-Referrals-for-imaging",
    ),
    "NICE-NG226": Source(
        "NICE-NG226",
        "NICE NG226 Osteoarthritis in over 16s (diagnosis 1.1.1–1.1.2)",
        "https://www.nice.org.uk/guidance/ng226/chapter/Recommendations",
    ),
    "NICE-NG128": Source(
        "NICE-NG128",
        "NICE NG128 Stroke and TIA in over 16s",
        "https://www.nice.org.uk/guidance/ng128/chapter/Recommendations",
    ),
    "NICE-NG128-update": Source(
        "NICE-NG128-update",
        "NICE NG128 update information (non-enhanced CT)",
        "https://nice.org.uk/guidance/NG128/chapter/update-information",
    ),
    "NICE-NG234": Source(
        "NICE-NG234",
        "NICE NG234 Spinal metastases and metastatic spinal cord compression (2023)",
        "https://www.nice.org.uk/guidance/NG234/chapter/recommendations",
    ),
    "CKS-sciatica-redflags": Source(
        "CKS-sciatica-redflags",
        "NICE CKS (archived): sciatica — interpreting red flags",
        "http://www.cks.nhs.uk/sciatica_lumbar_radiculopathy/management/scenario_diagnosis/assessing_for_serious_risks_red_flags/interpreting_red_flags",
    ),
    "BMJBP-CES": Source(
        "BMJBP-CES",
        "BMJ Best Practice: cauda equina syndrome — diagnosis approach (via institutional proxy)",
        "https://bestpractice-bmj-com.bibliotheek.ehb.be/topics/en-gb/3000164/diagnosis-approach",
    ),
    "BMJBP-CES-prognosis": Source(
        "BMJBP-CES-prognosis",
        "BMJ Best Practice: cauda equina syndrome — prognosis",
        "https://bibliotheek.ehb.be:2400/topics/en-gb/3000164/prognosis",
    ),
    "GIRFT-CES-2023": Source(
        "GIRFT-CES-2023",
        "GIRFT: national suspected cauda equina syndrome pathway (2023)",
        "https://gettingitrightfirsttime.co.uk/pathway-supports-clinicians-to-diagnose-and-treat-cauda-equina-syndrome-without-delay/",
    ),
    "RCR-CES-MRI": Source(
        "RCR-CES-MRI",
        "RCR/CIB: MRI provision for cauda equina syndrome (2023)",
        "https://rcr.netcprev.co.uk/our-services/all-our-publications/clinical-radiology-publications/mri-provision-for-cauda-equina-syndrome",
    ),
    "RWK-CES-pathway": Source(
        "RWK-CES-pathway",
        "solicitor commentary on the GIRFT pathway (two-week onset criterion)",
        "https://www.rwkgoodman.com/info-hub/lessons-learned-a-lawyers-perspective-on-the-new-ces-pathway/",
        low=True,
    ),
    "Lavy2022-CES": Source(
        "Lavy2022-CES",
        "Lavy C et al. Cauda equina syndrome — a practical guide to definition and classification. Int Orthop 2022;46:165–9",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC8782783/?term=%22Int+Orthop%22%5Bjour%5D",
    ),
    "HEY-redflags": Source(
        "HEY-redflags",
        "Hull (HEY) neurosurgery: red flag conditions and cauda equina syndrome",
        "https://www.heyneurosurgeon.co.uk/red-flag-conditions-and-cauda-equina-syndrome/",
    ),
    "GPReasoning-sciatica": Source(
        "GPReasoning-sciatica",
        "RCGP-based sciatica algorithm (urgent referral for severe/progressive weakness)",
        "https://gpreasoning.uk/tools/algorithms/sciatica.html",
        low=True,
    ),
    "BEFAST": Source(
        "BEFAST",
        "BE FAST stroke signs (neurology institute page)",
        "https://www.eastsideneuroinstitute.org/articles/be-fast-recognize-the-signs-and-symptoms-of-stroke",
    ),
    "RoundsCalc": Source(
        "RoundsCalc",
        "stroke assessment summary (BE-FAST adds posterior circulation; time windows)",
        "https://roundscalc.com/stroke-assessment.html",
        low=True,
    ),
    "SEA-AccessMedicine": Source(
        "SEA-AccessMedicine",
        "Symptom to Diagnosis: spinal epidural abscess (triad 13–37 %)",
        "https://accessmedicine.mhmedical.com/content.aspx?bookid=2715&sectionid=249058684",
    ),
    "SEA-PMID28435744": Source(
        "SEA-PMID28435744",
        "Diagnosis of spinal epidural abscess: case report and literature review. Spinal Cord Ser Cases 2017 (PubMed 28435744, via proxy)",
        "https://proxy.weglot.com/wg_31e3b69165a930b5a27173d9b265f5a52/nl/en/pubmed.ncbi.nlm.nih.gov/28435744",
    ),
    "Medscape-SEA": Source(
        "Medscape-SEA",
        "Medscape: spinal epidural abscess — clinical",
        "https://emedicine.medscape.com/article/1165840-clinical",
    ),
    "Consultant360-iliopsoas": Source(
        "Consultant360-iliopsoas",
        "Spontaneous iliopsoas hematoma with femoral neuropathy (CECT advised)",
        "https://consultant360.com/articles/spontaneous-iliopsoas-hematoma-femoral-neuropathy-unusual-complication-anticoagulation",
    ),
    "NEJM-RPhaematoma": Source(
        "NEJM-RPhaematoma",
        "NEJM Images in clinical medicine: retroperitoneal hemorrhage (warfarin, femoral + obturator deficit, non-contrast CT)",
        "https://paperexplained.cn/articles/paper/detail/590352f80cd84f350bc38a8b6b2cc4c6c8ddaab0",
    ),
    "Reinstein1984": Source(
        "Reinstein1984",
        "Reinstein L et al. Femoral nerve dysfunction after retroperitoneal hemorrhage: pathophysiology revealed by CT. Arch Phys Med Rehabil 1984;65:37–40",
        "https://paperexplained.cn/articles/paper/detail/b51df56e15f7e1aee278cca022255815fc5d3ce8",
    ),
    "AnnVascSurg2006-femoral": Source(
        "AnnVascSurg2006-femoral",
        "Femoral neuropathy following retroperitoneal hemorrhage: case series and review. Ann Vasc Surg 2006",
        "https://link.springer.com/article/10.1007/s10016-006-9059-2",
    ),
    "Basheer2013": Source(
        "Basheer2013",
        "Basheer AM et al. Bilateral iliopsoas hematoma. Surg Neurol Int 2013",
        "https://www.semanticscholar.org/paper/Bilateral-iliopsoas-hematoma%3A-Case-report-and-Basheer-Jain/7533fa487d4c797b51373e74c61076b728e5448b",
    ),
    "Chou2011-ACP": Source(
        "Chou2011-ACP",
        "Chou R et al. Diagnostic imaging for low back pain: advice for high-value care from the ACP. Ann Intern Med 2011 — Table 2 as reproduced (layout partly garbled)",
        "https://eguideline.guidelinecentral.com/i/76618/5",
    ),
    "AAFP-CW-backpain": Source(
        "AAFP-CW-backpain",
        'AAFP Choosing Wisely: "Don\'t do imaging for low back pain within the first six weeks, unless red flags are present"',
        "https://aafp.org/content/brand/aafp/family-physician/patient-care/clinical-recommendations/all-clinical-recommendations/cw-back-pain.html",
    ),
    "NASS-CW": Source(
        "NASS-CW",
        "NASS Choosing Wisely (via AAFP): no advanced spine imaging in the first 6 weeks of nonspecific LBP without red flags",
        "https://www.aafp.org/afp/recommendations/viewRecommendation.htm?recommendationId=127",
    ),
    "ACA-CW": Source(
        "ACA-CW",
        "American Chiropractic Association Choosing Wisely item",
        "https://www.choosingwisely.org/clinician-lists/aca-spinal-imaging-for-acute-low-back-pain/",
    ),
    "CWCanada-LBP": Source(
        "CWCanada-LBP",
        "Choosing Wisely Canada: do not image for low back pain unless red flags",
        "https://choosingwiselycanada.org/primary-care/easing-workload/low-back-imaging",
    ),
    "AANEM-CW": Source(
        "AANEM-CW",
        "AANEM Choosing Wisely list",
        "http://www.choosingwisely.org/societies/american-association-of-neuromuscular-electrodiagnostic-medicine/",
    ),
    "Cho2010-AANEM": Source(
        "Cho2010-AANEM",
        "Cho SC et al. AANEM practice topic: utility of electrodiagnostic testing in lumbosacral radiculopathy. Muscle Nerve 2010;42:276–82",
        "http://enmgblog.blogspot.com/2012/09/radiculopathies-lombaires-aaem-practice.html",
    ),
    "Wilbourn1998": Source(
        "Wilbourn1998",
        "Wilbourn AJ, Aminoff MJ. AAEM Minimonograph 32: the electrodiagnostic examination in patients with radiculopathies. Muscle Nerve 1998;21:1612–31 (via proxy)",
        "https://onlinelibrary-wiley-com-443.webvpn.zafu.edu.cn/doi/10.1002/%28SICI%291097-4598%28199812%2921%3A12%3C1612%3A%3AAID-MUS2%3E3.0.CO%3B2-0",
    ),
    "Barr-EDX-radic": Source(
        "Barr-EDX-radic",
        "Barr K. Electrodiagnosis of lumbar radiculopathy. Phys Med Rehabil Clin N Am",
        "https://docslib.org/doc/7880096/electrodiagnosis-of-lumbar-radiculopathy",
    ),
    "CCJM-EDX": Source(
        "CCJM-EDX",
        "Ginsberg MR et al. Using and interpreting electrodiagnostic tests. Cleve Clin J Med 2020;87:671",
        "https://www.ccjm.org/content/87/11/671.full.txt",
    ),
    "SpineSecrets-fibs": Source(
        "SpineSecrets-fibs",
        "Spine Secrets: fibrillation potentials (~14 days; paraspinals ~1 week; distal limb 3–6 weeks)",
        "https://www.mitchmedical.us/spine-secrets/what-are-fibrillation-potentials-why-are-they-important-in-assessing-radiculopathy.html",
    ),
    "Seekhealthz-EMG": Source(
        "Seekhealthz-EMG",
        "role of EMG in radiculopathy (paraspinal PSWs days 7–10, limb days 17–21)",
        "https://www.seekhealthz.com/health/role-of-emg-to-evaluate-radiculopathy/",
        low=True,
    ),
    "AMAGuides-EMG": Source(
        "AMAGuides-EMG",
        'AMA Guides Newsletter: use and abuse of electrodiagnosis ("1 to 2 weeks must pass…")',
        "https://ama-guides.ama-assn.org/newsletter/article-abstract/5/3/9/611/Clinical-Update-Use-and-Abuse-of?redirectedFrom=fulltext",
    ),
    "ROSIER-2005": Source(
        "ROSIER-2005",
        "Nor AM, Davis J, Sen B, Shipsey D, Louw SJ, Dyker AG, Davis M, Ford GA. The Recognition of Stroke in the Emergency Room (ROSIER) scale: development and validation of a stroke recognition instrument. Lancet Neurol. 2005;4:727-34.",
        "https://doi.org/10.1016/S1474-4422(05)70201-5",
    ),
    "NICE-NG41": Source(
        "NICE-NG41",
        "National Clinical Guideline Centre. Spinal injury: assessment and initial management. NICE guideline NG41. London: NICE; 2016.",
        "https://www.nice.org.uk/guidance/ng41/chapter/Recommendations",
    ),
    "ACC-ECDP-2020": Source(
        "ACC-ECDP-2020",
        "Tomaselli GF, Mahaffey KW, Cuker A, et al. 2020 ACC expert consensus decision pathway on management of bleeding in patients on oral anticoagulants. J Am Coll Cardiol. 2020;76(5):594-622.",
        "https://doi.org/10.1016/j.jacc.2020.04.053",
    ),
    "Baugh2020": Source(
        "Baugh2020",
        "Baugh CW, Levine M, Cornutt D, et al. Anticoagulant reversal strategies in the emergency department setting: recommendations of a multidisciplinary expert panel. Ann Emerg Med. 2020;76(4):470-85.",
        "https://pubmed.ncbi.nlm.nih.gov/31732375/",
    ),
    "EAN-PNS-GBS-2023": Source(
        "EAN-PNS-GBS-2023",
        "van Doorn PA, Van den Bergh PYK, Hadden RDM, et al. European Academy of Neurology/Peripheral Nerve Society guideline on diagnosis and treatment of Guillain-Barre syndrome. Eur J Neurol. 2023;30(12):3646-74.",
        "https://doi.org/10.1111/ene.16073",
    ),
    "design": Source("design", "Design choice of this ruleset (clinical-knowledge.md, [design] items)", ""),
    "textbook": Source(
        "textbook", "Standard clinical teaching; no retrieved source (clinical-knowledge.md, [textbook])", ""
    ),
}
