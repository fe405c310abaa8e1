/**
 * Curated word tables that let text and terms meet when they use different words for one thing: the
 * anatomical adjective and its noun (renal ↔ kidney), irregular plurals, British spellings, and lay wording.
 * Applied on both sides by the analyser (text-normalize.ts), so "renal cyst" and "cyst of kidney" share
 * stems. Written by the Chartside team from anatomical and clinical usage; only pairs that mean the same
 * thing in every ICD-10-CM context are listed (cervical, spinal, cystic, auricular are not: they have two).
 */
export const ANATOMICAL_ADJECTIVES: Readonly<Record<string, string>> = {
  renal: 'kidney',
  nephric: 'kidney',
  hepatic: 'liver',
  cardiac: 'heart',
  pulmonary: 'lung',
  cerebral: 'brain',
  gastric: 'stomach',
  nasal: 'nose',
  ocular: 'eye',
  otic: 'ear',
  aural: 'ear',
  dental: 'tooth',
  oral: 'mouth',
  cutaneous: 'skin',
  dermal: 'skin',
  osseous: 'bone',
  vesical: 'bladder',
  uterine: 'uterus',
  ovarian: 'ovary',
  testicular: 'testis',
  mammary: 'breast',
  vertebral: 'vertebra',
  femoral: 'femur',
  tibial: 'tibia',
  fibular: 'fibula',
  humeral: 'humerus',
  costal: 'rib',
  splenic: 'spleen',
  pancreatic: 'pancreas',
  colonic: 'colon',
  rectal: 'rectum',
  anal: 'anus',
  esophageal: 'esophagus',
  laryngeal: 'larynx',
  pharyngeal: 'pharynx',
  tracheal: 'trachea',
  bronchial: 'bronchus',
  pleural: 'pleura',
  peritoneal: 'peritoneum',
  vaginal: 'vagina',
  vulvar: 'vulva',
  vulval: 'vulva',
  penile: 'penis',
  scrotal: 'scrotum',
  prostatic: 'prostate',
  urethral: 'urethra',
  ureteral: 'ureter',
  ureteric: 'ureter',
  arterial: 'artery',
  venous: 'vein',
  labial: 'lip',
  lingual: 'tongue',
  gingival: 'gingiva',
  palatal: 'palate',
  mandibular: 'mandible',
  maxillary: 'maxilla',
  orbital: 'orbit',
  retinal: 'retina',
  corneal: 'cornea',
  conjunctival: 'conjunctiva',
  umbilical: 'umbilicus',
  axillary: 'axilla',
  pelvic: 'pelvis',
  gluteal: 'buttock',
  cerebellar: 'cerebellum',
  meningeal: 'meninges',
  duodenal: 'duodenum',
  ileal: 'ileum',
  jejunal: 'jejunum',
  cecal: 'cecum',
  appendiceal: 'appendix',
  articular: 'joint',
  aortic: 'aorta',
  muscular: 'muscle',
  facial: 'face',
  thoracic: 'thorax',
  abdominal: 'abdomen',
  neonatal: 'newborn',
  neonate: 'newborn',
  neonates: 'newborn',
};

/** Plurals the Porter stemmer leaves apart from their singular. */
export const IRREGULAR_PLURALS: Readonly<Record<string, string>> = {
  teeth: 'tooth',
  feet: 'foot',
  children: 'child',
  women: 'woman',
  men: 'man',
  lice: 'louse',
  vertebrae: 'vertebra',
  bronchi: 'bronchus',
  phalanges: 'phalanx',
  ova: 'ovum',
  testes: 'testis',
  calculi: 'calculus',
  fungi: 'fungus',
  bacilli: 'bacillus',
  diverticula: 'diverticulum',
  pelves: 'pelvis',
};

/** British spelling → the US spelling ICD-10-CM uses, word by word. */
export function usSpelling(word: string): string {
  let w = word;
  if (/aem|paed|gynaec|caes|haem|anaes|faec|aetio|aesth/.test(w)) w = w.replace(/ae/g, 'e');
  if (/^oe(?:dem|soph|str)|rrhoe|foet|coeli|dyspnoe|apnoe/.test(w)) w = w.replace(/oe/g, 'e');
  if (/^(?:tumour|colour|behaviour|humour|tumours|odour)$/.test(w)) w = w.replace(/our/, 'or');
  if (w.startsWith('sulph')) w = 'sulf' + w.slice(5);
  if (w.endsWith('isation') || w.endsWith('isations')) w = w.replace(/isation/, 'ization');
  if (w === 'centre') w = 'center';
  if (w === 'fibre') w = 'fiber';
  return w;
}

/** Lay wording rewritten to the index and title words (on lower-cased text, before tokenising). */
export const LAY_PHRASES: readonly (readonly [RegExp, string])[] = [
  [
    /\bboth(?= (?:ears?|eyes?|sides?|legs?|arms?|knees?|hips?|lungs?|kidneys?|feet|foot|hands?|breasts?|shoulders?|ankles?|wrists?|elbows?|eyelids?|ovaries|ovary|tubes?|testes|testis)\b)/g,
    ' bilateral ',
  ],
  [/\bhigh blood sugars?\b/g, ' hyperglycemia '],
  [/\blow blood sugars?\b/g, ' hypoglycemia '],
  [/\bsugar diabetes\b|\bsugars?\b(?= (?:disease|problem))/g, ' diabetes '],
  [/\bmini[- ]stroke\b/g, ' transient cerebral ischemic attack '],
  [/\bbrain bleed\b/g, ' intracranial hemorrhage '],
  [/\bwater on the brain\b/g, ' hydrocephalus '],
  [/\bkidney stones?\b/g, ' calculus kidney '],
  [/\bgall ?stones?\b/g, ' cholelithiasis '],
  [/\bpiles\b/g, ' hemorrhoids '],
  [/\bshingles\b/g, ' zoster '],
  [/\bchicken ?pox\b/g, ' varicella '],
  [/\bgerman measles\b/g, ' rubella '],
  [/\bwhooping cough\b/g, ' pertussis '],
  [/\block ?jaw\b/g, ' tetanus '],
  [/\blazy eye\b/g, ' amblyopia '],
  [/\bcross[- ]eyed?\b/g, ' strabismus '],
  [/\bnose ?bleeds?\b/g, ' epistaxis '],
  [/\bhives\b/g, ' urticaria '],
  [/\b(?:bed ?sores?|pressure sores?)\b/g, ' pressure ulcer '],
  [/\bslipped dis[ck]\b/g, ' intervertebral disc displacement '],
  [/\bhay fever\b/g, ' allergic rhinitis '],
  [/\bcold sores?\b/g, ' herpesviral vesicular dermatitis '],
  [/\bathlete'?s foot\b/g, ' tinea pedis '],
  [/\bringworm\b/g, ' tinea '],
  [/\bblood poisoning\b/g, ' sepsis '],
  [/\b(?:fainting|fainted|passed out)\b/g, ' syncope '],
  [/\bitch(?:ing|y)\b/g, ' pruritus '],
  [/\brunny nose\b/g, ' rhinorrhea '],
  [/\bbelly ?ache\b|\bstomach ?ache\b|\btummy ?ache\b/g, ' abdominal pain '],
  [/\bthrowing up\b/g, ' vomiting '],
  [/\birregular heart ?beat\b/g, ' arrhythmia '],
  [/\b(?:fast|racing) heart(?: ?beat| rate)?\b/g, ' tachycardia '],
  [/\bslow heart(?: ?beat| rate)\b/g, ' bradycardia '],
  [/\bhardening of the arteries\b/g, ' atherosclerosis '],
  [/\benlarged prostate\b/g, ' benign prostatic hyperplasia '],
  [/\bunderactive thyroid\b/g, ' hypothyroidism '],
  [/\boveractive thyroid\b/g, ' hyperthyroidism '],
  [/\bringing in (?:the |my )?ears?\b/g, ' tinnitus '],
  [/\bbed ?wetting\b/g, ' enuresis '],
  [/\btennis elbow\b/g, ' lateral epicondylitis '],
  [/\bgolfer'?s elbow\b/g, ' medial epicondylitis '],
  [/\bfrozen shoulder\b/g, ' adhesive capsulitis shoulder '],
  [/\bchest infection\b/g, ' lower respiratory infection '],
  [/\bwater infection\b/g, ' urinary tract infection '],
  [/\bglue ear\b/g, ' otitis media effusion '],
  [/\bblack eye\b/g, ' contusion eyelid periocular area '],
  [/\bheart burn\b/g, ' heartburn '],
  [/\bpins and needles\b/g, ' paresthesia '],
  [/\bbreathing difficulty\b|\btrouble breathing\b|\bdifficulty breathing\b/g, ' dyspnea '],
  [/\bmemory loss\b/g, ' amnesia '],
  [/\bhair loss\b/g, ' alopecia '],
  [/\bweight loss\b/g, ' abnormal weight loss '],
];

/**
 * A substance use disorder's severity (DSM-5) as ICD-10-CM titles name it: mild is abuse, moderate or
 * severe is dependence (the Index: "Disorder, alcohol use, mild" F10.10, "moderate" / "severe" F10.20).
 * Applied where the clause speaks of use ("cocaine use disorder, mild", "Disorder, cocaine use, mild").
 */
const NEAR_USE = String.raw`(?:(?<=\buse\b[^.;\n]{0,40})|(?=[^.;\n]{0,40}\buse\b))`;
export const USE_DISORDER_PHRASES: readonly (readonly [RegExp, string])[] = [
  [new RegExp(String.raw`\bmoderate\b${NEAR_USE}`, 'g'), ' moderate dependence '],
  [new RegExp(String.raw`\bsevere\b${NEAR_USE}`, 'g'), ' severe dependence '],
  [new RegExp(String.raw`\bmild\b${NEAR_USE}`, 'g'), ' mild abuse '],
  // With its severity named, "use" is no longer the unspecified use of F1x.9 ("Cocaine use, unspecified").
  [
    new RegExp(
      String.raw`\buse\b(?=[^.;\n]{0,40}\b(?:abuse|dependence)\b)|(?<=\b(?:abuse|dependence)\b[^.;\n]{0,40})\buse\b`,
      'g',
    ),
    ' ',
  ],
];
