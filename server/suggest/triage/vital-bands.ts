/**
 * Age-specific vital-sign bands. `urgent` limits mark values outside the normal range for the age
 * (ESI v4 danger-zone vitals for children: HR > 180 / 160 / 140, RR > 50 / 40 / 30 under 3 months,
 * 3 months–3 years and 3–8 years; PALS normal ranges); `emergent` limits mark values that threaten life
 * (APLS/PALS hypotension: SBP < 60 neonate, < 70 infant, < 70 + 2 × age 1–10 years, < 90 older; adult
 * bands after NEWS2 (RR ≥ 25, HR ≥ 131 or ≤ 40 score 3) and the CTAS/KTAS first-order modifiers).
 */
export interface VitalBand {
  name: 'neonate' | 'infant' | 'toddler' | 'child' | 'adolescent' | 'adult' | 'elderly';
  /** Ages in years, `maxAge` exclusive. */
  minAge: number;
  maxAge: number;
  heartRate: { emergentLow: number; urgentLow: number; urgentHigh: number; emergentHigh: number };
  respiratoryRate: { emergentLow: number; urgentHigh: number; emergentHigh: number };
  /** Systolic pressure below which the patient is in shock for the age. */
  systolicEmergentLow: number;
  /** Systolic pressure below which an elderly patient is relatively hypotensive (URGENT). */
  systolicUrgentLow: number;
}

export const VITAL_BANDS: readonly VitalBand[] = [
  {
    name: 'neonate',
    minAge: 0,
    maxAge: 28 / 365,
    heartRate: { emergentLow: 80, urgentLow: 100, urgentHigh: 180, emergentHigh: 210 },
    respiratoryRate: { emergentLow: 20, urgentHigh: 60, emergentHigh: 70 },
    systolicEmergentLow: 60,
    systolicUrgentLow: 60,
  },
  {
    name: 'infant',
    minAge: 28 / 365,
    maxAge: 1,
    heartRate: { emergentLow: 80, urgentLow: 100, urgentHigh: 160, emergentHigh: 190 },
    respiratoryRate: { emergentLow: 15, urgentHigh: 50, emergentHigh: 60 },
    systolicEmergentLow: 70,
    systolicUrgentLow: 70,
  },
  {
    name: 'toddler',
    minAge: 1,
    maxAge: 3,
    heartRate: { emergentLow: 60, urgentLow: 80, urgentHigh: 150, emergentHigh: 180 },
    respiratoryRate: { emergentLow: 12, urgentHigh: 40, emergentHigh: 50 },
    systolicEmergentLow: 72,
    systolicUrgentLow: 72,
  },
  {
    name: 'child',
    minAge: 3,
    maxAge: 12,
    heartRate: { emergentLow: 50, urgentLow: 60, urgentHigh: 140, emergentHigh: 160 },
    respiratoryRate: { emergentLow: 10, urgentHigh: 30, emergentHigh: 40 },
    systolicEmergentLow: 80,
    systolicUrgentLow: 80,
  },
  {
    name: 'adolescent',
    minAge: 12,
    maxAge: 18,
    heartRate: { emergentLow: 40, urgentLow: 50, urgentHigh: 120, emergentHigh: 140 },
    respiratoryRate: { emergentLow: 8, urgentHigh: 25, emergentHigh: 30 },
    systolicEmergentLow: 90,
    systolicUrgentLow: 90,
  },
  {
    name: 'adult',
    minAge: 18,
    maxAge: 65,
    heartRate: { emergentLow: 40, urgentLow: 50, urgentHigh: 120, emergentHigh: 140 },
    respiratoryRate: { emergentLow: 8, urgentHigh: 25, emergentHigh: 30 },
    systolicEmergentLow: 90,
    systolicUrgentLow: 90,
  },
  {
    name: 'elderly',
    minAge: 65,
    maxAge: 200,
    heartRate: { emergentLow: 40, urgentLow: 50, urgentHigh: 110, emergentHigh: 140 },
    respiratoryRate: { emergentLow: 8, urgentHigh: 25, emergentHigh: 30 },
    systolicEmergentLow: 90,
    systolicUrgentLow: 100,
  },
];

/** The band for an age; adults when the age is unknown. */
export function bandFor(ageYears: number | undefined): VitalBand {
  const age = ageYears ?? 30;
  return VITAL_BANDS.find((b) => age >= b.minAge && age < b.maxAge) ?? (VITAL_BANDS[5] as VitalBand);
}
