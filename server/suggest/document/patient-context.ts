/**
 * What the record must state before a code of a patient-specific chapter can be the patient's: chapter
 * 15 (O00–O9A) belongs to a pregnancy, childbirth or the puerperium (Guidelines I.C.15.a: "for use only on
 * the maternal record", when the provider documents the pregnancy), chapter 16 (P00–P96) to a newborn or
 * a condition of perinatal origin (I.C.16.a). The Index files many plain words under them ("Hyponatremia,
 * newborn", "Thrush, neonatal", "Vomiting, pregnancy"), so a statement that names neither would otherwise
 * be offered a newborn's or a pregnancy's code.
 */
export interface PatientContext {
  /** A pregnancy, delivery, abortion or the puerperium is stated (or the chart says pregnant). */
  pregnancy: boolean;
  /** A newborn, neonate, the perinatal period or prematurity is stated (or the patient is under 28 days). */
  perinatal: boolean;
}

export interface PatientFacts {
  ageYears?: number;
  sex?: string;
  pregnant?: boolean;
}

const PREGNANCY =
  /\b(?:pregnan\w*|gravid\w*|gestation\w*|trimester|antepartum|antenatal|prenatal|intrapartum|postpartum|post-partum|puerper\w*|obstetric\w*|IUP|G\d+\s?P\d+|\d+\s?(?:weeks?|wks?)\s?(?:pregnant|gestation|GA|EGA|of gestation)|(?:EGA|GA)\s?\d|deliver(?:y|ed)|labou?r(?:ing)?\b|c-?section|caesarean|cesarean|abortion|miscarriage|ectopic|molar|placent\w*|pre-?eclampsia|eclampsia|HELLP|hyperemesis|lactat\w*|breast-?feeding|chorioamnionitis|amniotic|fetal|fetus|foetal|uter(?:us|ine) size|fundal height|cervical (?:insufficiency|incompetence)|PPROM|PROM\b|nursing mother)/i;

const PERINATAL =
  /\b(?:newborn|new-born|neonat\w*|perinatal|preterm|prematur\w*|NICU|(?:birth|gestational) (?:weight|age|asphyxia|injury|trauma)|born at|at birth|since birth|day[- ]old|days? old|(?:\d+|one|two|three)[- ]week[- ]old|infant of (?:a )?(?:diabetic|mother)|meconium|kernicterus|cord blood|umbilical|fetal|foetal|APGAR|small for dates|large for dates|(?:SGA|LGA)\b|IUGR|NAS\b|neonatal abstinence)/i;

/** Reads from the text (and the chart's facts, where given) whether O- and P-codes can be the patient's. */
export function readPatientContext(text: string, facts: PatientFacts = {}): PatientContext {
  const male = facts.sex === 'male';
  return {
    pregnancy: !male && (facts.pregnant === true || PREGNANCY.test(text)),
    perinatal: (facts.ageYears !== undefined && facts.ageYears < 28 / 365) || PERINATAL.test(text),
  };
}

/** Why a code cannot be this patient's, or undefined when it can. */
export function outOfContextReason(code: string, context: PatientContext): string | undefined {
  if (code.startsWith('O') && !context.pregnancy)
    return 'a pregnancy code needs a pregnancy, delivery or the puerperium stated (Guidelines I.C.15.a)';
  if (code.startsWith('P') && !context.perinatal)
    return 'a perinatal code needs a newborn or a condition of perinatal origin stated (Guidelines I.C.16.a)';
  return undefined;
}
