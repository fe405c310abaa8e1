import { termStems } from './text-normalize.ts';

/**
 * Words a clinical word implies, as ICD-10-CM titles spell the implied concept: an agenesis or atresia is a
 * congenital malformation (Q00–Q99 titles: "Other specified congenital malformations of stomach"), a
 * traumatic rupture is an injury (S00–T14: "Other injury of bladder"). Search-side only: text saying the word
 * also looks for what it implies. Written by the Chartside team from the classification's conventions.
 */
const IMPLIED: Readonly<Record<string, string>> = {
  agenesis: 'congenital malformation absence',
  // The Index's "Absence (of) (organ or part)" is congenital unless called acquired; the Tabular says it as
  // "Agenesis and aplasia of …" as often as "Congenital absence of …".
  absence: 'congenital agenesis aplasia',
  distortion: 'congenital malformation',
  aberrant: 'congenital malformation',
  accessory: 'congenital malformation',
  aplasia: 'congenital malformation',
  atresia: 'congenital malformation',
  bifid: 'congenital malformation',
  duplication: 'congenital malformation',
  duplex: 'congenital malformation',
  supernumerary: 'congenital malformation',
  anomaly: 'congenital malformation',
  anomalous: 'congenital malformation',
  malformation: 'congenital',
  traumatic: 'injury',
  // The Index's "Disorder — see also Disease", "Lesion (nontraumatic)" and "Dysfunction" name the same
  // residual titles: "Disorder of thyroid, unspecified", "Disease of stomach and duodenum, unspecified".
  disorder: 'disease',
  disease: 'disorder',
  dysfunction: 'disorder',
  lesion: 'disease disorder',
  // Main terms the Index sends to another ("Palsy — see also Paralysis", "Contraction — see also
  // Contracture"; neurosis and hysteria are coded as nonpsychotic mental, conversion and dissociative
  // disorders, F44–F48).
  paralysis: 'palsy',
  palsy: 'paralysis',
  contraction: 'contracture',
  contracture: 'contraction',
  neurosis: 'nonpsychotic mental',
  neurotic: 'nonpsychotic mental',
  hysteria: 'conversion dissociative',
  hysterical: 'conversion dissociative',
};

/** "from to" stem pairs of the implied words whose stems the vocabulary holds. */
export function impliedPairs(has: (stem: string) => boolean): string[] {
  const out: string[] = [];
  for (const [word, implied] of Object.entries(IMPLIED)) {
    const [from] = termStems(word);
    if (from === undefined || !has(from)) continue;
    for (const to of termStems(implied)) if (to !== from && has(to)) out.push(`${from} ${to}`);
  }
  return out;
}
