import { termStems } from './text-normalize.ts';

/**
 * The body region or system a site belongs to, in the words ICD-10-CM's residual titles use for it: a
 * condition of a site the classification has no code of its own for is coded to the "other" code of its
 * region ("Agenesis of pituitary" → Q89.2 "Congenital malformations of other endocrine glands", "Distortion
 * of coccyx" → Q76.49 "… of spine", "Disorder of sympathetic nerve" → G90.9 "Disorder of the autonomic
 * nervous system"). Search-side only: text naming the site also looks for its region's words. Written by the
 * Chartside team from standard anatomy (Terminologia Anatomica's regions and systems), not from index entries.
 */
const REGIONS: Readonly<Record<string, string>> = {
  // Endocrine glands.
  pituitary: 'endocrine gland',
  hypophysis: 'endocrine gland',
  parathyroid: 'endocrine gland',
  adrenal: 'endocrine gland',
  suprarenal: 'endocrine gland',
  pineal: 'endocrine gland',
  thymus: 'endocrine gland',
  // Larynx and respiratory tract.
  epiglottis: 'larynx',
  glottis: 'larynx',
  arytenoid: 'larynx',
  cricoid: 'larynx',
  trachea: 'respiratory',
  bronchus: 'respiratory',
  // Digestive system.
  appendix: 'large intestine digestive',
  cecum: 'large intestine digestive',
  colon: 'large intestine digestive',
  sigmoid: 'large intestine digestive',
  rectum: 'large intestine digestive',
  duodenum: 'small intestine digestive',
  jejunum: 'small intestine digestive',
  ileum: 'small intestine digestive',
  esophagus: 'digestive',
  stomach: 'digestive',
  intestine: 'digestive',
  alimentary: 'digestive',
  gallbladder: 'bile duct digestive',
  choledochal: 'bile duct',
  hepatic: 'digestive',
  pylorus: 'stomach',
  // Spine, skull and limbs.
  coccyx: 'spine',
  sacrum: 'spine',
  vertebra: 'spine',
  mandible: 'skull face bone',
  maxilla: 'skull face bone',
  clavicle: 'upper limb shoulder girdle',
  scapula: 'upper limb shoulder girdle',
  humerus: 'upper limb',
  radius: 'upper limb',
  ulna: 'upper limb',
  carpal: 'upper limb hand',
  metacarpal: 'upper limb hand',
  thumb: 'upper limb hand',
  finger: 'upper limb hand',
  wrist: 'upper limb',
  forearm: 'upper limb',
  elbow: 'upper limb',
  femur: 'lower limb',
  tibia: 'lower limb',
  fibula: 'lower limb',
  patella: 'lower limb',
  tarsal: 'lower limb foot',
  metatarsal: 'lower limb foot',
  toe: 'lower limb foot',
  ankle: 'lower limb',
  thigh: 'lower limb',
  // Genital and urinary organs.
  cervix: 'female genital',
  uterus: 'female genital',
  vagina: 'female genital',
  vulva: 'female genital',
  ovary: 'female genital',
  fallopian: 'female genital',
  clitoris: 'female genital',
  testis: 'male genital',
  scrotum: 'male genital',
  penis: 'male genital',
  prostate: 'male genital',
  epididymis: 'male genital',
  spermatic: 'male genital',
  seminal: 'male genital',
  ureter: 'urinary',
  urethra: 'urinary',
  bladder: 'urinary',
  kidney: 'urinary',
  // Nervous system.
  sympathetic: 'autonomic nervous system',
  parasympathetic: 'autonomic nervous system',
  // Heart.
  mitral: 'heart',
  tricuspid: 'heart',
  endocardium: 'heart',
  myocardium: 'heart',
  pericardium: 'heart',
  // Blood and circulation.
  hematopoietic: 'blood-forming',
  vein: 'circulatory peripheral vascular',
  artery: 'circulatory peripheral vascular',
  // Musculoskeletal.
  muscle: 'musculoskeletal',
  tendon: 'musculoskeletal',
  ligament: 'musculoskeletal',
  // Eye and ear.
  eyelid: 'eye',
  cornea: 'eye',
  retina: 'eye',
  iris: 'eye',
  lens: 'eye',
  ossicle: 'ear',
  cochlea: 'ear',
  auricle: 'ear',
  pinna: 'ear',
};

/** "from to" stem pairs of site and region words whose stems the vocabulary holds. */
export function regionPairs(has: (stem: string) => boolean): string[] {
  const out: string[] = [];
  for (const [site, region] of Object.entries(REGIONS)) {
    const [from] = termStems(site);
    if (from === undefined || !has(from)) continue;
    for (const to of termStems(region)) if (to !== from && has(to)) out.push(`${from} ${to}`);
  }
  return out;
}
