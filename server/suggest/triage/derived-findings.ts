import type { Evidence, Finding, TriageFindings, Value } from './findings.ts';
import { bandFor } from './vital-bands.ts';

/**
 * Labels of the findings derived from values (vital-sign bands by age, scores, critical laboratory
 * values, pain severity by site). They read as the finding, so "would change it" can name them.
 */
export const DERIVED_LABELS: Record<string, string> = {
  'hr-danger': 'heart rate in the danger zone for the age',
  'hr-abnormal': 'heart rate outside the normal range for the age',
  'hr-slow': 'heart rate below the normal range for the age',
  'bleed-haemodynamics': 'heart rate ≥ 100 or systolic pressure < 100 (Glasgow-Blatchford bleeding markers)',
  'sepsis-high-risk': 'a sepsis high-risk criterion (HR > 130, RR ≥ 25, SBP ≤ 90 or SpO2 < 92%)',
  'sepsis-moderate-3': 'three or more sepsis moderate-to-high-risk criteria (NICE NG51)',
  'news2-high': 'NEWS2 score 7 or more',
  'news2-medium': 'NEWS2 score 5–6',
  'rr-danger': 'respiratory rate in the danger zone for the age',
  'rr-abnormal': 'fast breathing for the age',
  hypotension: 'systolic blood pressure below the shock threshold for the age',
  'relative-hypotension': 'low systolic blood pressure for an older patient',
  'shock-index': 'heart rate above systolic pressure (shock index > 1)',
  'bp-severe': 'blood pressure ≥ 220/130',
  'bp-high': 'blood pressure ≥ 180/110',
  'bp-pregnancy-severe': 'blood pressure ≥ 160/110',
  'spo2-danger': 'SpO2 below 92%',
  'spo2-low': 'SpO2 92–94%',
  'temp-fever': 'temperature ≥ 38 °C',
  'temp-high': 'temperature ≥ 39 °C',
  'temp-hyperthermia': 'temperature ≥ 41 °C',
  'temp-hypothermia': 'temperature below 35 °C',
  'temp-severe-hypothermia': 'temperature below 32 °C',
  'gcs-severe': 'GCS 8 or less',
  'gcs-low': 'GCS 9–13',
  'gcs-14': 'GCS 14',
  'sirs-2': 'two SIRS criteria',
  'sirs-3': 'three or more SIRS criteria',
  'qsofa-2': 'qSOFA 2 or more',
  'altered-mentation': 'altered mentation',
  'glucose-critical-low': 'glucose below 54 mg/dL (3.0 mmol/L)',
  'glucose-low': 'glucose below 70 mg/dL (3.9 mmol/L)',
  'glucose-critical-high': 'glucose above 600 mg/dL (33 mmol/L)',
  'glucose-high': 'glucose ≥ 250 mg/dL (14 mmol/L)',
  'lab-critical': 'critical laboratory value',
  'lab-abnormal': 'markedly abnormal laboratory value',
  'troponin-raised': 'raised troponin',
  acidosis: 'acidosis (pH < 7.3 or bicarbonate < 15)',
  ketosis: 'ketones ≥ 3 mmol/L',
  'inr-high': 'INR ≥ 1.5',
  'transaminases-very-high': 'ALT or AST ≥ 1000 U/L',
  neutropenia: 'neutrophils below 0.5 × 10⁹/L',
  'pain-severe-central': 'severe pain (8–10) in the head, chest, abdomen or back',
  'pain-moderate-central': 'moderate pain (4–7) in the head, chest, abdomen or back',
  'pain-mild-central': 'mild pain (1–3) in the head, chest, abdomen or back',
  'pain-severe-peripheral': 'severe pain (8–10) in a limb, skin or soft tissue',
  'pain-moderate-peripheral': 'moderate pain (4–7) in a limb, skin or soft tissue',
  'pain-mild-peripheral': 'mild pain (1–3) in a limb, skin or soft tissue',
  'pain-severe-central-chronic': 'long-standing severe pain (8–10) in the head, chest, abdomen or back',
  'pain-moderate-central-chronic': 'long-standing moderate pain (4–7) in the head, chest, abdomen or back',
  'pain-severe-peripheral-chronic': 'long-standing severe pain (8–10) in a limb, skin or soft tissue',
  'pain-moderate-peripheral-chronic': 'long-standing moderate pain (4–7) in a limb, skin or soft tissue',
  'pain-score': 'a documented pain score',
  'infection-suspected': 'suspected infection',
  'any-complaint': 'an acute complaint',
  'fall-high': 'a fall of 10 feet (3 m, one storey) or more',
  'fall-dangerous': 'a fall of 3 feet (1 m) or five stairs or more',
  'kawasaki-complete': 'fever for 5 days or more with 4 or more Kawasaki criteria',
  'kawasaki-incomplete': 'fever for 5 days or more with 2–3 Kawasaki criteria',
  'alvarado-high': 'Alvarado score 5 or more from its clinical items (possible appendicitis)',
};

/** The five principal clinical criteria of Kawasaki disease (AHA scientific statement, McCrindle et al. 2017). */
const KAWASAKI_CRITERIA = ['red-eyes', 'oral-mucosal-change', 'rash', 'extremity-change', 'neck-nodes'];

/** Sites of central (visceral) pain in the CTAS pain modifier; everything else (mechanical back pain too) is peripheral. */
const CENTRAL_PAIN = ['chest-pain', 'abdominal-pain', 'headache', 'flank-pain', 'pelvic-pain', 'testicular-pain'];

/**
 * Findings that place pain outside a body cavity (CTAS peripheral pain: skin, soft tissue, axial
 * skeleton, limbs, and the senses' organs). Pain at no site named is taken as central: a visceral cause
 * is not ruled out at triage.
 */
const PERIPHERAL_PAIN = [
  'peripheral-site',
  'joint-pain',
  'laceration',
  'deep-wound',
  'injury',
  'burn',
  'back-pain',
  'deformity',
  'skin-infection',
  'rash',
  'ear-pain',
  'dental',
  'sore-throat',
  'eye-symptom',
  'calf-swelling',
  'lump',
  'foreign-body',
  'limb-ischemia',
  'limb-cold-pale',
  'spreading-infection',
  'bite-sting',
  'minor-skin',
];
/** Presentations that make a visit for an acute complaint (not routine care). */
const COMPLAINTS = [
  'lump',
  'chest-pain',
  'dyspnea',
  'abdominal-pain',
  'headache',
  'fever',
  'vomiting',
  'diarrhea',
  'dizziness',
  'syncope',
  'back-pain',
  'flank-pain',
  'joint-pain',
  'laceration',
  'injury',
  'burn',
  'rash',
  'sore-throat',
  'ear-pain',
  'cough',
  'dysuria',
  'eye-symptom',
  'bleeding',
  'weakness-general',
  'palpitations',
  'new-numbness',
  'seizure',
  'confusion',
  'testicular-pain',
  'pelvic-pain',
  'vaginal-bleeding',
  'dental',
  'foreign-body',
  'skin-infection',
  'hematuria',
  'urinary-retention',
  'anxiety',
  'psychosis',
  'alcohol',
  'calf-swelling',
  'epistaxis',
  'constipation',
  'nausea',
  'cold-symptoms',
  'bite-sting',
  'wheeze',
  'head-injury',
  'deformity',
  'abdomen-hard',
];

/**
 * The National Early Warning Score 2 (Royal College of Physicians, 2017) over the values written; a value
 * not written scores 0, so the score is a lower bound. No supplemental-oxygen item (not in triage text).
 */
export function news2(f: TriageFindings, mentation: Evidence[] | undefined): { score: number; evidence: Evidence[] } {
  const { respiratoryRate: rr, spo2, systolic: sbp, heartRate: hr, temperatureC: t } = f.vitals;
  const parts: [Value | undefined, number][] = [
    [rr, rr === undefined ? 0 : rr.value <= 8 || rr.value >= 25 ? 3 : rr.value >= 21 ? 2 : rr.value <= 11 ? 1 : 0],
    [spo2, spo2 === undefined ? 0 : spo2.value <= 91 ? 3 : spo2.value <= 93 ? 2 : spo2.value <= 95 ? 1 : 0],
    [
      sbp,
      sbp === undefined ? 0 : sbp.value <= 90 || sbp.value >= 220 ? 3 : sbp.value <= 100 ? 2 : sbp.value <= 110 ? 1 : 0,
    ],
    [
      hr,
      hr === undefined
        ? 0
        : hr.value <= 40 || hr.value >= 131
          ? 3
          : hr.value >= 111
            ? 2
            : hr.value <= 50 || hr.value >= 91
              ? 1
              : 0,
    ],
    [t, t === undefined ? 0 : t.value <= 35 ? 3 : t.value >= 39.1 ? 2 : t.value <= 36 || t.value >= 38.1 ? 1 : 0],
  ];
  let score = mentation ? 3 : 0;
  const evidence: Evidence[] = [...(mentation ?? [])];
  for (const [v, points] of parts) {
    score += points;
    if (v && points > 0) evidence.push(v.evidence);
  }
  return { score, evidence };
}

/** Adds the findings that values and combinations of findings imply (in place). */
export function deriveFindings(f: TriageFindings): void {
  const add = (id: string, evidence: Evidence[]): void => {
    if (!f.present.has(id) && evidence.length > 0) f.present.set(id, { id, label: DERIVED_LABELS[id] ?? id, evidence });
  };
  const ev = (v: Value | undefined): Evidence[] => (v ? [v.evidence] : []);
  const first = (ids: readonly string[]): Finding | undefined => {
    for (const id of ids) {
      const found = f.present.get(id);
      if (found) return found;
    }
    return undefined;
  };
  const band = bandFor(f.ageYears);
  const { heartRate: hr, respiratoryRate: rr, systolic: sbp, diastolic: dbp, spo2, temperatureC: temp, gcs } = f.vitals;

  if (hr) {
    const b = band.heartRate;
    if (hr.value >= b.emergentHigh || hr.value <= b.emergentLow) add('hr-danger', ev(hr));
    else if (hr.value >= b.urgentHigh || hr.value < b.urgentLow) add('hr-abnormal', ev(hr));
    if (hr.value < b.urgentLow) add('hr-slow', ev(hr));
    if ((f.ageYears ?? 30) >= 16 && hr.value >= 100) add('bleed-haemodynamics', ev(hr));
  }
  if (sbp && (f.ageYears ?? 30) >= 16 && sbp.value < 100) add('bleed-haemodynamics', ev(sbp));
  if (rr) {
    const b = band.respiratoryRate;
    if (rr.value >= b.emergentHigh || rr.value <= b.emergentLow) add('rr-danger', ev(rr));
    else if (rr.value >= b.urgentHigh) add('rr-abnormal', ev(rr));
  }
  if (sbp) {
    const childLimit = f.ageYears !== undefined && f.ageYears >= 1 && f.ageYears < 10 ? 70 + 2 * f.ageYears : undefined;
    if (sbp.value < (childLimit ?? band.systolicEmergentLow)) add('hypotension', ev(sbp));
    else if (sbp.value < band.systolicUrgentLow) add('relative-hypotension', ev(sbp));
    if (sbp.value >= 220 || (dbp?.value ?? 0) >= 130) add('bp-severe', ev(sbp));
    else if (sbp.value >= 180 || (dbp?.value ?? 0) >= 110) add('bp-high', ev(sbp));
    if (sbp.value >= 160 || (dbp?.value ?? 0) >= 110) add('bp-pregnancy-severe', ev(sbp));
    if (hr && (f.ageYears ?? 30) >= 12 && hr.value > sbp.value) add('shock-index', [hr.evidence, sbp.evidence]);
  }
  if (spo2) {
    if (spo2.value < 92) add('spo2-danger', ev(spo2));
    else if (spo2.value < 95) add('spo2-low', ev(spo2));
  }
  if (temp) {
    if (temp.value >= 38) add('temp-fever', ev(temp));
    if (temp.value >= 39) add('temp-high', ev(temp));
    if (temp.value >= 41) add('temp-hyperthermia', ev(temp));
    if (temp.value < 35) add('temp-hypothermia', ev(temp));
    if (temp.value < 32) add('temp-severe-hypothermia', ev(temp));
  }
  if (temp && temp.value >= 38 && !f.present.has('fever'))
    f.present.set('fever', { id: 'fever', label: 'fever', evidence: ev(temp) });
  if (gcs) {
    if (gcs.value <= 8) add('gcs-severe', ev(gcs));
    else if (gcs.value <= 13) add('gcs-low', ev(gcs));
    else if (gcs.value === 14) add('gcs-14', ev(gcs));
  }
  const glucose = f.vitals.glucoseMgDl;
  if (glucose) {
    if (glucose.value < 54) add('glucose-critical-low', ev(glucose));
    else if (glucose.value < 70) add('glucose-low', ev(glucose));
    if (glucose.value > 600) add('glucose-critical-high', ev(glucose));
    else if (glucose.value >= 250) add('glucose-high', ev(glucose));
  }

  // Laboratory values (critical-value lists of clinical laboratories; CAP/ISMP-style limits).
  const L = f.labs;
  const crit = (v: Value | undefined, test: (x: number) => boolean): void => {
    if (v && test(v.value)) add('lab-critical', ev(v));
  };
  const abnormal = (v: Value | undefined, test: (x: number) => boolean): void => {
    if (v && test(v.value)) add('lab-abnormal', ev(v));
  };
  crit(L.potassium, (x) => x >= 6.5 || x <= 2.5);
  crit(L.sodium, (x) => x <= 120 || x >= 160);
  crit(L.lactate, (x) => x >= 4);
  crit(L.ph, (x) => x < 7.2);
  crit(L.hemoglobin, (x) => x < 7);
  crit(L.platelets, (x) => x < 20);
  crit(L.inr, (x) => x >= 5);
  abnormal(L.potassium, (x) => x >= 6 || x < 3);
  abnormal(L.sodium, (x) => x < 128 || x > 152);
  abnormal(L.lactate, (x) => x >= 2);
  abnormal(L.hemoglobin, (x) => x < 9);
  abnormal(L.platelets, (x) => x < 50);
  abnormal(L.creatinine, (x) => x >= 3);
  abnormal(L.bilirubin, (x) => x >= 3);
  if (L.troponin && L.troponin.value > 14) add('troponin-raised', ev(L.troponin));
  if (L.ph && L.ph.value < 7.3) add('acidosis', ev(L.ph));
  if (L.bicarbonate && L.bicarbonate.value < 15) add('acidosis', ev(L.bicarbonate));
  if (L.ketones && L.ketones.value >= 3) add('ketosis', ev(L.ketones));
  if (L.inr && L.inr.value >= 1.5) add('inr-high', ev(L.inr));
  if ((L.alt?.value ?? 0) >= 1000) add('transaminases-very-high', ev(L.alt));
  else if ((L.ast?.value ?? 0) >= 1000) add('transaminases-very-high', ev(L.ast));
  if (L.neutrophils && L.neutrophils.value < 0.5) {
    add('neutropenia', ev(L.neutrophils));
    if (!f.present.has('immunosuppressed'))
      f.present.set('immunosuppressed', { id: 'immunosuppressed', label: 'neutropenia', evidence: ev(L.neutrophils) });
  }

  // Mentation, infection, SIRS (Bone et al. 1992) and qSOFA (Singer et al., JAMA 2016).
  const mentation = first([
    'confusion',
    'drowsy',
    'unresponsive',
    'avpu-voice',
    'avpu-pain',
    'avpu-unresponsive',
    'gcs-low',
    'gcs-14',
    'gcs-severe',
  ]);
  if (mentation) add('altered-mentation', mentation.evidence);
  const infection = first([
    'fever',
    'infection-source',
    'rigors',
    'sepsis-named',
    'spreading-infection',
    'skin-infection',
  ]);
  if (infection) add('infection-suspected', infection.evidence);
  const sirs: Evidence[][] = [];
  if (temp && (temp.value > 38 || temp.value < 36)) sirs.push(ev(temp));
  if (hr && hr.value > 90) sirs.push(ev(hr));
  if (rr && rr.value > 20) sirs.push(ev(rr));
  if (L.wbc && (L.wbc.value > 12 || L.wbc.value < 4)) sirs.push(ev(L.wbc));
  if (sirs.length >= 3) add('sirs-3', sirs.flat());
  if (sirs.length >= 2) add('sirs-2', sirs.flat());
  const qsofa: Evidence[][] = [];
  if (rr && rr.value >= 22) qsofa.push(ev(rr));
  if (sbp && sbp.value <= 100) qsofa.push(ev(sbp));
  if (mentation) qsofa.push(mentation.evidence);
  if (qsofa.length >= 2) add('qsofa-2', qsofa.flat());
  if ((f.ageYears ?? 30) >= 16) {
    // NICE NG51 high-risk criteria for sepsis in adults (mentation and rash are findings of their own).
    const high = [hr && hr.value > 130, rr && rr.value >= 25, sbp && sbp.value <= 90, spo2 && spo2.value < 92];
    const highEvidence = [hr, rr, sbp, spo2].filter((_, i) => high[i]).flatMap(ev);
    if (highEvidence.length > 0) add('sepsis-high-risk', highEvidence);
    // NICE NG51 moderate-to-high-risk criteria, from values and findings.
    const moderate: Evidence[][] = [];
    if (hr && hr.value > 90 && hr.value <= 130) moderate.push(ev(hr));
    if (rr && rr.value >= 21 && rr.value < 25) moderate.push(ev(rr));
    if (sbp && sbp.value > 90 && sbp.value <= 100) moderate.push(ev(sbp));
    if (temp && temp.value < 36) moderate.push(ev(temp));
    for (const id of ['oliguria', 'rigors', 'recent-surgery', 'immunosuppressed']) {
      const x = f.present.get(id);
      if (x) moderate.push(x.evidence);
    }
    if (moderate.length >= 3) add('sepsis-moderate-3', moderate.flat());
    const news = news2(f, mentation?.evidence);
    if (news.score >= 7) add('news2-high', news.evidence);
    else if (news.score >= 5) add('news2-medium', news.evidence);
  }

  // CTAS pain modifier: severity by score (or words) and site.
  const pain = f.vitals.painScore;
  // Non-traumatic upper back pain is referred from the chest and aorta (dissection, infarction).
  const central = first(CENTRAL_PAIN) ?? (f.present.has('injury') ? undefined : f.present.get('thoracic-back-pain'));
  const peripheral = first(PERIPHERAL_PAIN);
  const site = central || !peripheral ? 'central' : 'peripheral';
  if (pain) {
    add('pain-score', ev(pain));
    const grade = pain.value >= 8 ? 'severe' : pain.value >= 4 ? 'moderate' : pain.value >= 1 ? 'mild' : undefined;
    // CTAS: chronic pain of the same severity sits one level lower (severe and moderate only).
    const chronic = grade === 'severe' || grade === 'moderate' ? f.present.get('chronic') : undefined;
    if (grade)
      add(`pain-${grade}-${site}${chronic ? '-chronic' : ''}`, [
        ...(central ? central.evidence : []),
        pain.evidence,
        ...(chronic ? chronic.evidence : []),
      ]);
  } else {
    const severe = f.present.get('severe-words');
    const painful = first([
      ...CENTRAL_PAIN,
      'joint-pain',
      'ear-pain',
      'sore-throat',
      'dental',
      'eye-symptom',
      'burn',
      'laceration',
    ]);
    if (severe && painful) add(`pain-severe-${site}`, [...painful.evidence, ...severe.evidence]);
  }
  // Fall height (ACS-COT field triage 2021: > 10 ft any age; Canadian CT Head Rule / NICE: 3 ft or 5 stairs).
  if (f.fall && f.fall.value >= 10) add('fall-high', [f.fall.evidence]);
  if (f.fall && (f.fall.value >= 3 || (f.fall.stairs ?? 0) >= 5)) add('fall-dangerous', [f.fall.evidence]);

  // Kawasaki disease: fever ≥ 5 days with 4 of the 5 principal criteria (complete) or 2–3 (incomplete).
  const prolonged = f.present.get('prolonged-fever');
  if (prolonged) {
    const met = KAWASAKI_CRITERIA.map((id) => f.present.get(id)).filter((x): x is Finding => x !== undefined);
    const evidence = [...prolonged.evidence, ...met.flatMap((x) => x.evidence)];
    if (met.length >= 4) add('kawasaki-complete', evidence);
    else if (met.length >= 2) add('kawasaki-incomplete', evidence);
  }

  // Alvarado score (Alvarado 1986) from its clinical items only: migration 1, anorexia 1, nausea or
  // vomiting 1, right lower quadrant pain 2, rebound (peritonism) 1, fever 1; 5 or more is possible
  // appendicitis even before the white cell count (2 + 1 more points).
  const rlq = f.present.get('rlq-pain');
  if (rlq) {
    const items: [string | readonly string[], number][] = [
      ['pain-migration', 1],
      ['poor-feeding', 1],
      [['vomiting', 'nausea'], 1],
      ['peritonism', 1],
      ['fever', 1],
    ];
    let score = 2;
    const evidence = [...rlq.evidence];
    for (const [ids, points] of items) {
      const hit = first(typeof ids === 'string' ? [ids] : ids);
      if (hit) {
        score += points;
        evidence.push(...hit.evidence);
      }
    }
    if (score >= 5) add('alvarado-high', evidence);
  }

  const complaint = first(COMPLAINTS);
  if (complaint) add('any-complaint', complaint.evidence);
}
