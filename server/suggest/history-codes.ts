/**
 * The ICD-10-CM codes that stand for a past condition (Official Guidelines I.C.21.c.4), in one place so that
 * the chart path, the text path and document coding agree on them.
 */

/** Personal history of a condition that is over: neoplasm (Z85), other diseases (Z86), other conditions (Z87). */
export const PERSONAL_HISTORY = /^Z8[5-7]/;

/** Family history (Z80–Z84): only for what the text says of a relative. */
export const FAMILY_HISTORY = /^Z8[0-4]/;

/**
 * What free text written as "history of …" may also mean besides a past condition: a past treatment (Z92,
 * e.g. chemotherapy, irradiation), a status (Z94–Z99: transplant, device, dependence) and an old myocardial
 * infarction (I25.2). A resolved Condition resource names a diagnosis, never a treatment, so the chart path
 * uses PERSONAL_HISTORY alone (a resolved "drug overdose" is not Z92.2 "history of drug therapy").
 */
export const STATED_HISTORY = /^(?:Z8[5-7]|Z92|Z9[4-9]|I25\.2)/;
