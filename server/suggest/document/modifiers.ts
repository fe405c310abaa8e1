/** What a mention says beyond its condition: the axes ICD-10-CM codes by (Tabular conventions, I.A). */
export interface Modifiers {
  site?: string;
  laterality?: 'left' | 'right' | 'bilateral';
  acuity?: 'acute' | 'chronic' | 'acute on chronic' | 'subacute';
  /** What the condition is due to ("secondary to brucella", "caused by a fall"). */
  cause?: string;
  stage?: string;
  /** The 7th-character episode of care of injuries (Guidelines I.C.19.a). */
  episode?: 'initial' | 'subsequent' | 'sequela';
}

const LATERALITY = /\b(?:(bilateral(?:ly)?|both)|(left|lt\.?)|(right|rt\.?))\b/i;
const ACUITY = /\b(acute on chronic|acute|chronic|subacute)\b/i;
const STAGE = /\b(?:stage|grade|class|nyha|gold)\s*([0-5]|i{1,3}v?|iv|v|[a-d]\d?)\b/i;
const CAUSE =
  /\b(?:due to|secondary to|caused by|because of|following|after|from)\s+((?:an?\s+|the\s+)?[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3})/i;
const SEQUELA = /\b(?:sequela[es]?|late effects? of|residual of)\b/i;
const SUBSEQUENT = /\b(?:follow[- ]up|healing|routine (?:care|healing)|cast change|removal of (?:sutures|cast))\b/i;
/** Body sites, by the Tabular's anatomical axes (a short list: the Index supplies the rest). */
const SITE =
  /\b(head|face|neck|scalp|eye|ear|nose|mouth|throat|chest|thorax|breast|back|spine|lumbar|thoracic|cervical|abdomen|abdominal|pelvi[cs]|groin|hip|thigh|knee|leg|ankle|foot|toe|shoulder|arm|elbow|forearm|wrist|hand|finger|thumb|skin|lung|heart|liver|kidney|renal|bladder|prostate|testis|testicle|ovary|uterus|colon|rectum|stomach|esophagus|pancreas|gallbladder|brain|bone)\b/i;

/** A word that names a body site on the Tabular's anatomical axes. */
export function isSiteWord(word: string): boolean {
  const match = SITE.exec(word);
  return match !== null && match[0].length === word.length;
}

/** Modifiers read in the mention's sentence, nearest the mention first. */
export function modifiersOf(sentence: string, mentionStart: number, mentionEnd: number): Modifiers {
  const out: Modifiers = {};
  const around = sentence.slice(Math.max(0, mentionStart - 60), Math.min(sentence.length, mentionEnd + 60));
  const side = LATERALITY.exec(around);
  if (side) out.laterality = side[1] ? 'bilateral' : side[2] ? 'left' : 'right';
  const acuity = ACUITY.exec(around);
  if (acuity?.[1]) out.acuity = acuity[1].toLowerCase() as NonNullable<Modifiers['acuity']>;
  const stage = STAGE.exec(around);
  if (stage?.[1]) out.stage = stage[1].toUpperCase();
  const site = SITE.exec(sentence.slice(mentionStart, mentionEnd)) ?? SITE.exec(around);
  if (site?.[1]) out.site = site[1].toLowerCase();
  const cause = CAUSE.exec(sentence.slice(mentionStart));
  if (cause?.[1]) out.cause = cause[1].trim();
  if (SEQUELA.test(sentence)) out.episode = 'sequela';
  else if (SUBSEQUENT.test(sentence)) out.episode = 'subsequent';
  return out;
}
