"""Which studies to order, and which to advise against (clinical-knowledge.md sections 6-7).

A ``StudyRule`` recommends studies at a fixed urgency, or at the urgency of the red flags named
in ``urgency_from`` (the highest one raised). An ``AdviseAgainst`` row produces a
``not_recommended`` entry with the reason and the point at which to reconsider; it is dropped
when another rule recommends the same study, so advice never contradicts itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from decisions.engine.knowledge.presentations import GBS_PICTURE
from decisions.engine.rules import Condition, all_of, any_of, not_, not_true, unknown
from decisions.engine.vocabulary import RedFlagCode, Study, Urgency


@dataclass(frozen=True, slots=True)
class StudyRule:
    name: str
    when: Condition
    studies: tuple[Study, ...]
    urgency: Urgency
    rationale: str
    sources: tuple[str, ...]
    urgency_from: tuple[RedFlagCode, ...] = ()


@dataclass(frozen=True, slots=True)
class AdviseAgainst:
    name: str
    when: Condition
    studies: tuple[Study, ...]
    reason: str
    reconsider_when: str
    sources: tuple[str, ...]


S = Study
_SPINAL_LESION = any_of(
    "lesion.kind.root", "lesion.kind.cauda_equina", "lesion.kind.conus", "lesion.kind.plexus"
)
_NON_SPINAL_LESION = any_of(
    "lesion.kind.nerve",
    "lesion.kind.polyneuropathy",
    "lesion.kind.myopathy",
    "lesion.kind.muscle",
    "lesion.kind.joint",
)
_SPINAL_FLAG = any_of(
    "flag.cauda_equina",
    "flag.spinal_cord_compression",
    "flag.infection_or_malignancy",
    "flag.fracture",
)
# The hip picture the fracture flag reads (pain-limited hip weakness or a positive hip test), or a
# hip-joint lead: a suspected hip fracture is imaged whichever of them raised it.
_HIP_PICTURE = any_of("lesion.kind.joint", "exam.hip_provocation", "exam.painful_hip_weakness")
_VARIANT_3 = all_of("duration.ge_42d", "care.ge_6wk", "history.surgery_candidate")
_LUMBAR_IMAGING = (
    S.MRI_LUMBAR_SPINE,
    S.MRI_LUMBAR_SPINE_WITH_CONTRAST,
    S.XRAY_LUMBAR_SPINE,
    S.CT_LUMBAR_SPINE,
)
_BRAIN_IMAGING = (S.MRI_BRAIN, S.CT_HEAD)
_SPINE_AND_LIMB_IMAGING = (
    *_LUMBAR_IMAGING,
    S.MRI_THORACIC_SPINE,
    S.MRI_CERVICAL_SPINE,
    S.MRI_WHOLE_SPINE,
    S.XRAY_HIP_PELVIS,
    S.MRI_HIP,
    S.MRI_PELVIS,
    S.CT_ABDOMEN_PELVIS,
)
# A compressed cord is imaged with the urgency of whatever makes it compressive.
_CORD_URGENCY = (RedFlagCode.SPINAL_CORD_COMPRESSION, RedFlagCode.FRACTURE)
_RED_FLAG_LIST = (
    "new bladder, bowel or sexual dysfunction, saddle numbness, progressive or severe weakness,"
    " fever, a history of cancer or unexplained weight loss"
)

STUDY_RULES: tuple[StudyRule, ...] = (
    StudyRule(
        "cauda-equina-mri",
        all_of("flag.cauda_equina", not_("flag.stroke")),
        (S.MRI_LUMBAR_SPINE,),
        Urgency.EMERGENCY,
        "Suspected cauda equina syndrome: emergency MRI of the lumbar spine, which UK imaging standards"
        " expect to be available at any hour; do not wait for retention or a rectal examination.",
        ("GIRFT-CES-2023", "RCR-CES-MRI", "ACR-LBP-2021"),
    ),
    StudyRule(
        "cauda-equina-mri-after-brain",
        all_of("flag.cauda_equina", "flag.stroke"),
        (S.MRI_LUMBAR_SPINE,),
        Urgency.URGENT,
        "Sphincter or saddle symptoms beside a suspected stroke: brain imaging comes first (a stroke"
        " can cause incontinence); image the lumbar spine next if brain imaging does not explain them.",
        ("NICE-NG128", "Lavy2022-CES"),
    ),
    StudyRule(
        "cauda-equina-lead-mri",
        any_of("lesion.kind.cauda_equina", "lesion.kind.conus"),
        (S.MRI_LUMBAR_SPINE,),
        Urgency.URGENT,
        "The findings localise to the cauda equina or conus: MRI of the lumbar spine (with the"
        " thoracolumbar junction) within a day, at once if sphincter, saddle or bilateral deficits"
        " are present.",
        ("Lavy2022-CES", "GIRFT-CES-2023"),
        urgency_from=(RedFlagCode.CAUDA_EQUINA,),
    ),
    StudyRule(
        "conus-mri",
        all_of("lesion.kind.conus"),
        (S.MRI_THORACIC_SPINE,),
        Urgency.EMERGENCY,
        "Mixed upper and lower motor neuron signs with sphincter involvement point to the conus at the"
        " thoracolumbar junction: image it together with the lumbar spine.",
        ("Lavy2022-CES", "ACR-myelopathy-2020", "Preston-radiculopathy"),
    ),
    StudyRule(
        "stroke-ct",
        all_of("flag.stroke"),
        (S.CT_HEAD,),
        Urgency.EMERGENCY,
        "Suspected acute stroke: non-enhanced CT head immediately (thrombolysis and thrombectomy are"
        " time-critical).",
        ("NICE-NG128", "ACR-cerebrovascular"),
    ),
    StudyRule(
        "stroke-mri",
        all_of("flag.stroke"),
        (S.MRI_BRAIN,),
        Urgency.URGENT,
        "MRI brain (diffusion-weighted) is more sensitive for infarction if CT is non-diagnostic.",
        ("ACR-cerebrovascular", "NICE-NG128"),
    ),
    StudyRule(
        "brain-mri",
        all_of("lesion.kind.brain", not_("flag.stroke")),
        (S.MRI_BRAIN,),
        Urgency.URGENT,
        "Upper motor neuron signs in a hemi-distribution localise to the brain: MRI brain.",
        ("ACR-cerebrovascular", "NICE-NG128"),
    ),
    StudyRule(
        "cord-thoracic",
        all_of("flag.spinal_cord_compression", "exam.sensory_level_thoracic"),
        (S.MRI_THORACIC_SPINE,),
        Urgency.URGENT,
        "A thoracic sensory level places the lesion in the thoracic cord: MRI of the thoracic spine"
        " (the level lies at or above the sensory level).",
        ("ACR-myelopathy-2020", "Fuller-motor"),
        urgency_from=_CORD_URGENCY,
    ),
    StudyRule(
        "cord-cervical",
        all_of("flag.spinal_cord_compression", any_of("exam.arm_involvement", "exam.sensory_level_cervical")),
        (S.MRI_CERVICAL_SPINE,),
        Urgency.URGENT,
        "Upper motor neuron signs in the arms as well as the legs place the lesion at or above the"
        " cervical cord: MRI of the cervical spine.",
        ("ACR-myelopathy-2020", "Fuller-motor"),
        urgency_from=_CORD_URGENCY,
    ),
    StudyRule(
        "cord-level-unknown",
        all_of(
            "flag.spinal_cord_compression",
            not_true("exam.sensory_level_thoracic"),
            not_true("exam.sensory_level_cervical"),
            any_of(not_("exam.arm_involvement"), unknown("exam.arm_involvement")),
        ),
        (S.MRI_WHOLE_SPINE,),
        Urgency.URGENT,
        "Upper motor neuron leg signs without a thoracic or cervical sensory level: normal arms do not"
        " place the lesion below the neck (cervical myelopathy often starts in the legs), so image the"
        " whole spine.",
        ("ACR-myelopathy-2020", "Fuller-motor"),
        urgency_from=_CORD_URGENCY,
    ),
    StudyRule(
        "cord-whole-spine",
        all_of(
            "flag.spinal_cord_compression", any_of("history.cancer_history", "flag.infection_or_malignancy")
        ),
        (S.MRI_WHOLE_SPINE,),
        Urgency.URGENT,
        "Suspected metastatic (or infective) cord compression: MRI of the whole spine, with contrast,"
        " because lesions are often multiple.",
        ("NICE-NG234", "ACR-myelopathy-2020"),
        urgency_from=_CORD_URGENCY,
    ),
    StudyRule(
        "cord-lead-whole-spine",
        all_of("lesion.kind.cord", not_("flag.spinal_cord_compression")),
        (S.MRI_WHOLE_SPINE,),
        Urgency.URGENT,
        "The findings localise to the spinal cord without a sensory level: MRI of the whole spine"
        " (the level is uncertain), within days, at once after a sudden or acute onset or with a"
        " fracture, infection or rapidly progressive weakness.",
        ("ACR-myelopathy-2020",),
        urgency_from=(
            RedFlagCode.FRACTURE,
            RedFlagCode.INFECTION_OR_MALIGNANCY,
            RedFlagCode.PROGRESSIVE_MOTOR_DEFICIT,
        ),
    ),
    StudyRule(
        "cord-lead-whole-spine-acute",
        all_of(
            "lesion.kind.cord",
            not_("flag.spinal_cord_compression"),
            any_of("onset.sudden", "onset.acute", "progression.rapid"),
        ),
        (S.MRI_WHOLE_SPINE,),
        Urgency.EMERGENCY,
        "A cord lesion of sudden or acute onset, or progressing rapidly: MRI of the whole spine now.",
        ("ACR-myelopathy-2020",),
    ),
    StudyRule(
        "demyelination-brain-mri",
        all_of("lesion.kind.cord", "history.visual_loss"),
        (S.MRI_BRAIN,),
        Urgency.URGENT,
        "A cord lesion with visual loss may be demyelinating (multiple sclerosis, NMOSD): MRI of the"
        " brain as well as the spine, to look for lesions elsewhere.",
        ("Fuller-motor", "ACR-myelopathy-2020"),
    ),
    StudyRule(
        "cancer-new-deficit-whole-spine",
        all_of(
            "history.cancer_history",
            any_of("exam.objective_weakness", "exam.umn_signs", "exam.sensory_level"),
            not_true("duration.chronic"),
        ),
        (S.MRI_WHOLE_SPINE,),
        Urgency.EMERGENCY,
        "A new neurological deficit in a patient with cancer is metastatic spinal cord compression"
        " until shown otherwise: MRI of the whole spine within 24 hours, even with normal reflexes"
        " (NICE NG234).",
        ("NICE-NG234",),
    ),
    StudyRule(
        "anticoagulant-reversal-bloods",
        all_of(
            "history.anticoagulant_use",
            any_of("flag.spinal_cord_compression", "flag.cauda_equina"),
        ),
        (S.BLOOD_TESTS,),
        Urgency.URGENT,
        "Anticoagulated with a compressive red flag: full blood count, PT/INR, aPTT, anti-Xa or drug"
        " level where available, renal function and group and save now, so anticoagulation can be"
        " reversed before decompression.",
        ("ACC-ECDP-2020", "Baugh2020"),
        urgency_from=(RedFlagCode.SPINAL_CORD_COMPRESSION, RedFlagCode.CAUDA_EQUINA),
    ),
    StudyRule(
        "acute-flaccid-weakness-bloods",
        all_of(
            "exam.generalized_weakness",
            not_true("exam.umn_signs"),
            not_true("exam.sensory_level"),
            any_of("onset.sudden", "onset.acute", "duration.lt_14d", "progression.rapid"),
        ),
        (S.BLOOD_TESTS,),
        Urgency.EMERGENCY,
        "Acute generalized flaccid weakness: potassium, magnesium, phosphate, calcium, CK, glucose,"
        " renal and thyroid function now (periodic paralysis and other metabolic causes are treatable"
        " within hours), with an ECG.",
        ("EAN-PNS-GBS-2023",),
    ),
    StudyRule(
        "rapid-bilateral-weakness-bloods",
        all_of(
            "progression.rapid",
            "exam.bilateral_weakness",
            not_(_SPINAL_FLAG),
            not_(_SPINAL_LESION),
            not_("lesion.kind.cord"),
        ),
        (S.BLOOD_TESTS,),
        Urgency.EMERGENCY,
        "Rapidly worsening weakness of both legs that no spinal lesion explains: electrolytes (K, Mg,"
        " PO4, Ca), CK, glucose and renal function now (metabolic paralysis is treatable).",
        ("EAN-PNS-GBS-2023",),
    ),
    StudyRule(
        "guillain-barre-emg",
        GBS_PICTURE,
        (S.EMG_NCS,),
        Urgency.URGENT,
        "Progressive, symmetric, areflexic weakness: nerve conduction studies and EMG support"
        " Guillain-Barre syndrome and classify it; do not wait for them to admit and monitor breathing.",
        ("EAN-PNS-GBS-2023",),
    ),
    StudyRule(
        "guillain-barre-bloods",
        GBS_PICTURE,
        (S.BLOOD_TESTS,),
        Urgency.EMERGENCY,
        "Guillain-Barre picture: electrolytes (K, Mg, PO4, Ca), CK, glucose, full blood count and"
        " renal and liver function now, to exclude metabolic mimics and prepare treatment.",
        ("EAN-PNS-GBS-2023",),
    ),
    StudyRule(
        "polyradiculoneuropathy-emg",
        all_of("lesion.kind.polyradiculoneuropathy"),
        (S.EMG_NCS,),
        Urgency.ROUTINE,
        "Nerve conduction studies and EMG show the demyelinating or axonal polyradiculoneuropathy"
        " (Guillain-Barre syndrome, CIDP) and grade it.",
        ("EAN-PNS-GBS-2023",),
    ),
    StudyRule(
        "polyradiculoneuropathy-bloods",
        all_of("lesion.kind.polyradiculoneuropathy"),
        (S.BLOOD_TESTS,),
        Urgency.ROUTINE,
        "Polyradiculoneuropathy work-up: glucose/HbA1c, serum protein electrophoresis and"
        " immunofixation, full blood count, renal, liver and thyroid function.",
        ("EAN-PNS-GBS-2023",),
    ),
    StudyRule(
        "infection-malignancy-mri",
        all_of(
            "flag.infection_or_malignancy",
            not_("flag.spinal_cord_compression"),
            any_of(_SPINAL_LESION, all_of(not_("lesion.present"), "history.back_pain")),
        ),
        (S.MRI_LUMBAR_SPINE_WITH_CONTRAST,),
        Urgency.URGENT,
        "Risk factors for spinal infection or malignancy (ACR low back pain variant 7): MRI of the lumbar"
        " spine without and with contrast.",
        ("ACR-LBP-2021", "Chou2011-ACP", "Davis2004-SEA"),
        urgency_from=(RedFlagCode.INFECTION_OR_MALIGNANCY,),
    ),
    StudyRule(
        "infection-malignancy-bloods",
        all_of("flag.infection_or_malignancy"),
        (S.BLOOD_TESTS,),
        Urgency.URGENT,
        "Full blood count, CRP and ESR (blood cultures if febrile) for suspected infection or malignancy.",
        ("Davis2004-SEA", "Chou2011-ACP", "ACR-LBP-2021"),
        urgency_from=(RedFlagCode.INFECTION_OR_MALIGNANCY,),
    ),
    StudyRule(
        "motor-deficit-mri",
        all_of(any_of("flag.severe_motor_deficit", "flag.progressive_motor_deficit"), _SPINAL_LESION),
        (S.MRI_LUMBAR_SPINE,),
        Urgency.URGENT,
        "A severe or progressive motor deficit in a root or multi-level pattern is a red flag that"
        " warrants MRI without waiting six weeks.",
        ("ACR-LBP-2021", "Chou2011-ACP", "AAFP-CW-backpain"),
        urgency_from=(RedFlagCode.SEVERE_MOTOR_DEFICIT, RedFlagCode.PROGRESSIVE_MOTOR_DEFICIT),
    ),
    StudyRule(
        "radiculopathy-after-conservative-care",
        all_of("lesion.kind.root", _VARIANT_3),
        (S.MRI_LUMBAR_SPINE,),
        Urgency.ROUTINE,
        "Persistent radiculopathy after at least six weeks of conservative care in a candidate for"
        " surgery or injection (ACR low back pain variant 3): MRI lumbar spine without contrast.",
        ("ACR-LBP-2021", "Chou2011-ACP"),
    ),
    StudyRule(
        "radiculopathy-unclear-emg",
        all_of("lesion.kind.root", "duration.ge_21d", "lesion.uncertain"),
        (S.EMG_NCS,),
        Urgency.ROUTINE,
        "The level or the root-versus-nerve question remains open three weeks after onset, when limb"
        " denervation has become visible: needle EMG with nerve conduction studies.",
        ("Cho2010-AANEM", "Wilbourn1998"),
    ),
    StudyRule(
        "peripheral-nerve-emg",
        all_of(
            any_of("lesion.kind.nerve", "lesion.kind.plexus"),
            not_("lesion.site.nerve:lateral_femoral_cutaneous"),
        ),
        (S.EMG_NCS,),
        Urgency.ROUTINE,
        "A peripheral nerve or plexus lesion is confirmed, localised and graded by EMG/NCS; needle EMG is"
        " most informative about three weeks after onset, conduction block can be shown earlier.",
        ("CCJM-EDX", "Plexopathy-EDX2013", "Wilbourn1998", "Preston-femoral"),
    ),
    StudyRule(
        "plexus-bloods",
        all_of("lesion.kind.plexus"),
        (S.BLOOD_TESTS,),
        Urgency.ROUTINE,
        "Plexopathy work-up: glucose and HbA1c (diabetic radiculoplexus neuropathy), ESR/CRP, full blood"
        " count and coagulation (haematoma).",
        ("Dyck2001-LSRPN", "Pinto2021-LRPN"),
    ),
    StudyRule(
        "plexus-spine",
        all_of("lesion.kind.plexus"),
        (S.MRI_LUMBAR_SPINE,),
        Urgency.ROUTINE,
        "A multi-root, multi-nerve deficit needs the lumbar roots imaged as well as the plexus.",
        ("Preston-plexopathy", "Dyck2001-LSRPN"),
    ),
    StudyRule(
        "plexus-pelvis",
        all_of("lesion.kind.plexus", any_of("history.cancer_history", "history.unexplained_weight_loss")),
        (S.CT_ABDOMEN_PELVIS,),
        Urgency.URGENT,
        "Plexopathy with weight loss or a cancer history: image the retroperitoneum and pelvis for a mass.",
        ("Preston-plexopathy", "Dyck2001-LSRPN"),
    ),
    StudyRule(
        "haematoma-ct",
        all_of("flag.retroperitoneal_haematoma"),
        (S.CT_ABDOMEN_PELVIS,),
        Urgency.EMERGENCY,
        "Femoral neuropathy on anticoagulation: CT abdomen and pelvis now for an iliacus/psoas haematoma;"
        " early evacuation improves recovery.",
        ("AnnVascSurg2006-femoral", "ACC-ECDP-2020"),
    ),
    StudyRule(
        "haematoma-bloods",
        all_of("flag.retroperitoneal_haematoma"),
        (S.BLOOD_TESTS,),
        Urgency.EMERGENCY,
        "Full blood count, coagulation screen/INR and group and save for a suspected bleed on"
        " anticoagulation.",
        ("ACC-ECDP-2020", "Baugh2020"),
    ),
    StudyRule(
        "polyneuropathy-bloods",
        all_of("lesion.kind.polyneuropathy"),
        (S.BLOOD_TESTS,),
        Urgency.ROUTINE,
        "Highest-yield tests for distal symmetric polyneuropathy: glucose (HbA1c or glucose tolerance),"
        " vitamin B12 with metabolites, serum protein immunofixation.",
        ("England2009-AAN", "ADA-DN-2017"),
    ),
    StudyRule(
        "polyneuropathy-emg",
        all_of("lesion.kind.polyneuropathy"),
        (S.EMG_NCS,),
        Urgency.ROUTINE,
        "Nerve conduction studies and EMG confirm and characterise the polyneuropathy.",
        ("England2005-DSP", "CCJM-EDX"),
    ),
    StudyRule(
        "myopathy-bloods",
        all_of("lesion.kind.myopathy"),
        (S.BLOOD_TESTS,),
        Urgency.ROUTINE,
        "Symmetric proximal weakness: creatine kinase, TSH, electrolytes, renal function and vitamin D.",
        ("PGMJ2013-myopathy",),
    ),
    StudyRule(
        "myopathy-bloods-urgent",
        all_of(
            "lesion.kind.myopathy",
            any_of("history.statin_use", "progression.worsening", "exam.severe_weakness"),
        ),
        (S.BLOOD_TESTS,),
        Urgency.URGENT,
        "Proximal weakness that is progressing, severe or on a statin: creatine kinase, TSH,"
        " electrolytes and renal function within days (statin-associated necrotising myopathy and"
        " rhabdomyolysis must be recognised).",
        ("PGMJ2013-myopathy",),
    ),
    StudyRule(
        "myopathy-emg",
        all_of("lesion.kind.myopathy", not_true("history.hypothyroidism")),
        (S.EMG_NCS,),
        Urgency.ROUTINE,
        "EMG confirms a myopathic pattern when the blood tests leave the diagnosis unclear.",
        ("PGMJ2013-myopathy", "Preston-myopathy"),
    ),
    StudyRule(
        "rupture-mri",
        all_of("lesion.pelvic_tendon_muscle", "onset.sudden", "exam.marked_weakness"),
        (S.MRI_PELVIS,),
        Urgency.URGENT,
        "Sudden loss of a movement against gravity after an injury suggests a complete tear or"
        " avulsion of a hip-girdle or thigh muscle: MRI of the pelvis within days (surgical repair of"
        " an avulsion is time-critical).",
        ("design-rupture-imaging", "ACR-hip-2016"),
    ),
    StudyRule(
        "rupture-radiographs",
        all_of("lesion.pelvic_tendon_muscle", "onset.sudden", "exam.marked_weakness"),
        (S.XRAY_HIP_PELVIS,),
        Urgency.URGENT,
        "Radiographs of the pelvis and hip show a bony avulsion (ischial tuberosity, lesser"
        " trochanter, anterior inferior iliac spine).",
        ("design-rupture-imaging", "ACR-hip-2016"),
    ),
    StudyRule(
        "proximal-femoral-pelvic-imaging",
        any_of(
            "lesion.kind.plexus",
            all_of("lesion.site.nerve:femoral", "exam.proximal_femoral_deficit"),
        ),
        (S.CT_ABDOMEN_PELVIS,),
        Urgency.ROUTINE,
        "A plexopathy, or a femoral neuropathy above the inguinal ligament (hip flexion weak), without"
        " a known cause: image the retroperitoneum and pelvis for a haematoma, mass or abscess.",
        ("Preston-femoral", "Plexopathy-EDX2013"),
    ),
    StudyRule(
        "hip-radiographs",
        all_of("lesion.kind.joint", not_("flag.fracture")),
        (S.XRAY_HIP_PELVIS,),
        Urgency.ROUTINE,
        "Hip pain: radiographs of the pelvis and hip are the first test (NICE NG226 allows a clinical"
        " diagnosis of typical osteoarthritis without imaging).",
        ("ACR-hip-2016", "NICE-NG226", "Altman1991"),
    ),
    StudyRule(
        "hip-fracture-radiographs",
        all_of("flag.fracture", _HIP_PICTURE),
        (S.XRAY_HIP_PELVIS,),
        Urgency.EMERGENCY,
        "Suspected hip fracture after a fall: radiographs of the pelvis and hip now.",
        ("ACR-acute-hip-fracture", "NICE-CG124"),
    ),
    StudyRule(
        "hip-fracture-mri",
        all_of("flag.fracture", _HIP_PICTURE),
        (S.MRI_HIP,),
        Urgency.URGENT,
        "If the radiographs are negative and a fracture is still suspected, MRI of the hip next.",
        ("ACR-acute-hip-fracture", "NICE-CG124"),
    ),
    StudyRule(
        "vertebral-fracture-radiographs",
        all_of("flag.fracture", "history.back_pain", not_("trauma.major")),
        (S.XRAY_LUMBAR_SPINE,),
        Urgency.URGENT,
        "Low-velocity trauma with osteoporosis, steroid use or older age (ACR low back pain variant 6):"
        " radiographs of the lumbar spine first; CT or MRI if they are unclear.",
        ("ACR-LBP-2021", "Chou2011-ACP"),
    ),
    StudyRule(
        "major-trauma-ct",
        all_of("flag.fracture", "trauma.major"),
        (S.CT_LUMBAR_SPINE,),
        Urgency.EMERGENCY,
        "Major trauma: CT of the spine first (whole-body CT in blunt trauma with several injuries).",
        ("NICE-NG41", "NICE-NG39"),
    ),
    StudyRule(
        "fracture-with-deficit-mri",
        all_of("flag.fracture", "history.back_pain", "exam.neuro_deficit", not_("lesion.kind.cord")),
        (S.MRI_LUMBAR_SPINE,),
        Urgency.URGENT,
        "Suspected vertebral fracture with a neurological deficit: MRI to show the canal and roots.",
        ("ACR-LBP-2021", "NICE-NG41"),
        urgency_from=(RedFlagCode.FRACTURE,),
    ),
)

ADVISE_AGAINST: tuple[AdviseAgainst, ...] = (
    AdviseAgainst(
        "early-radiculopathy-imaging",
        all_of("lesion.kind.root", not_("flag.any"), not_(_VARIANT_3)),
        (*_LUMBAR_IMAGING, S.MRI_WHOLE_SPINE),
        "Radiculopathy without red flags: imaging in the first six weeks does not change management"
        " (ACR low back pain variants 1-2, NICE NG59, Choosing Wisely); most radicular pain settles.",
        "After six weeks of optimal conservative care if symptoms persist and the patient would consider"
        f" surgery or an injection; at once if a red flag appears ({_RED_FLAG_LIST}).",
        ("ACR-LBP-2021", "NICE-NG59", "NICE-QS155", "AAFP-CW-backpain"),
    ),
    AdviseAgainst(
        "root-other-levels",
        all_of(
            any_of("lesion.kind.root", "lesion.kind.cauda_equina"),
            not_("flag.spinal_cord_compression"),
            not_true("history.cancer_history"),
            not_true("trauma.major"),
        ),
        (S.MRI_THORACIC_SPINE, S.MRI_CERVICAL_SPINE),
        "The signs are lower motor neuron and lumbosacral: thoracic or cervical imaging cannot explain them.",
        "If upper motor neuron signs (brisk reflexes, clonus, extensor plantar) or a sensory level appear.",
        ("design-root-other-levels",),
    ),
    AdviseAgainst(
        "early-radiculopathy-emg",
        all_of("lesion.kind.root", not_("duration.ge_21d")),
        (S.EMG_NCS,),
        "Denervation reaches the limb muscles only about 2-3 weeks after onset; an earlier needle EMG is"
        " low-yield.",
        "From about three weeks after onset if the level or the diagnosis is still unclear, or if MRI and"
        " examination disagree.",
        ("Wilbourn1998", "Cho2010-AANEM", "Preston-radiculopathy"),
    ),
    AdviseAgainst(
        "normal-exam-no-imaging",
        all_of(not_("lesion.present"), not_("flag.any")),
        (*_SPINE_AND_LIMB_IMAGING, S.EMG_NCS),
        "Normal neurological examination without red flags (non-specific back pain): imaging and EMG/NCS"
        " are not indicated (ACR low back pain variant 1, NICE NG59, Choosing Wisely).",
        f"If neurological signs develop, symptoms persist beyond six weeks of care, or a red flag appears"
        f" ({_RED_FLAG_LIST}).",
        ("ACR-LBP-2021", "NICE-NG59", "NICE-QS155", "AAFP-CW-backpain", "CWCanada-LBP"),
    ),
    AdviseAgainst(
        "normal-exam-no-brain-imaging",
        all_of(not_("lesion.present"), not_("flag.any"), not_true("onset.sudden")),
        _BRAIN_IMAGING,
        "Normal neurological examination without red flags: brain imaging is not indicated.",
        "At once if the symptoms began suddenly, or if face, arm or speech symptoms or upper motor"
        " neuron signs appear.",
        ("NICE-NG128", "design-no-brain-imaging-for-lmn"),
    ),
    AdviseAgainst(
        "peripheral-no-spine-imaging",
        all_of(_NON_SPINAL_LESION, not_(_SPINAL_FLAG)),
        (*_LUMBAR_IMAGING, S.MRI_WHOLE_SPINE),
        "The deficit lies in a peripheral nerve, muscle or joint pattern (or is length-dependent):"
        " spinal imaging would not explain it and incidental disc findings mislead.",
        "If signs extend beyond that territory, a root-type reflex or dermatomal change or radicular back"
        " pain appears, or EMG/NCS points to a root.",
        ("NICE-QS155", "Preston-femoral", "Preston-peroneal", "design-peripheral-no-spine-imaging"),
    ),
    AdviseAgainst(
        "no-brain-imaging-for-lmn",
        all_of(
            "lesion.present",
            not_("lesion.kind.brain"),
            not_("lesion.kind.cord"),
            not_("flag.stroke"),
            not_true("onset.sudden"),
        ),
        (S.CT_HEAD, S.MRI_BRAIN),
        "No upper motor neuron, face, arm or speech signs: brain imaging cannot explain this picture.",
        "If sudden onset, facial droop, arm or speech involvement, or upper motor neuron signs appear.",
        ("NICE-NG128", "Aroor2017-BEFAST", "design-no-brain-imaging-for-lmn"),
    ),
    AdviseAgainst(
        "hip-mri-not-first",
        all_of("lesion.kind.joint", not_("flag.fracture")),
        (S.MRI_HIP,),
        "Radiographs come first for hip pain; MRI is not a first test.",
        "If radiographs are normal or non-diagnostic and symptoms persist, or an occult fracture,"
        " osteonecrosis or a soft-tissue lesion is suspected.",
        ("ACR-hip-2016", "NICE-CG124"),
    ),
    AdviseAgainst(
        "musculoskeletal-no-emg",
        any_of("lesion.kind.joint", "lesion.kind.muscle"),
        (S.EMG_NCS,),
        "Pain-limited weakness with normal reflexes and sensation is not a neurological deficit.",
        "If true (painless) weakness, reflex or sensory changes appear.",
        ("Henriksen2011", "PalmieriSmith2013", "design-musculoskeletal-no-emg"),
    ),
    AdviseAgainst(
        "cauda-equina-no-delay",
        all_of("flag.cauda_equina"),
        (S.XRAY_LUMBAR_SPINE, S.EMG_NCS),
        "Radiographs and EMG/NCS cannot show compression and only delay the emergency MRI.",
        "Only after MRI has excluded compression, if the cause of the deficit is still unclear.",
        ("GIRFT-CES-2023", "RCR-CES-MRI"),
    ),
    AdviseAgainst(
        "central-no-emg",
        any_of("flag.stroke", "flag.spinal_cord_compression", "lesion.kind.brain", "lesion.kind.cord"),
        (S.EMG_NCS,),
        "Upper motor neuron signs localise above the anterior horn cell; EMG/NCS does not assess them.",
        "If lower motor neuron signs (wasting, areflexia, fasciculation) suggest an additional lesion.",
        ("Fuller-motor", "CCJM-EDX"),
    ),
    AdviseAgainst(
        "central-no-lumbar-mri",
        any_of("flag.stroke", "lesion.kind.brain"),
        _LUMBAR_IMAGING,
        "A cerebral picture: lumbar imaging cannot explain it and delays brain imaging.",
        "If brain imaging is normal and bilateral leg signs or a sensory level suggest a spinal lesion.",
        ("NICE-NG128", "design-central-no-lumbar-mri"),
    ),
    AdviseAgainst(
        "myopathy-reversible-cause-no-emg",
        all_of("lesion.kind.myopathy", "history.hypothyroidism"),
        (S.EMG_NCS,),
        "A reversible metabolic cause (hypothyroidism) is recorded: treat it and recheck power before"
        " EMG, which would show a non-specific myopathic pattern now.",
        "When weakness persists once the cause is treated (thyroid function normal for some weeks).",
        ("PGMJ2013-myopathy",),
    ),
    AdviseAgainst(
        "meralgia-no-tests",
        all_of("lesion.site.nerve:lateral_femoral_cutaneous"),
        (S.EMG_NCS, S.CT_ABDOMEN_PELVIS, S.MRI_PELVIS),
        "Pure sensory loss in the lateral femoral cutaneous territory with normal power and reflexes is a"
        " clinical diagnosis (meralgia paresthetica) that needs no investigation.",
        "If weakness or reflex change appears, the numbness spreads beyond the lateral thigh, or it"
        " persists or progresses despite removing the compression: EMG/NCS and pelvic imaging.",
        ("Preston-LFCN",),
    ),
)
