const DATE_LIKE = /^\d{4}-\d{2}-\d{2}/;

/**
 * Every full date (YYYY-MM-DD…) held anywhere in a value, truncated to the day: the events of a patient,
 * whose latest decides whether the patient is over 89.
 */
export function deepDates(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (DATE_LIKE.test(value) && value.length <= 35) out.push(value.slice(0, 10));
  } else if (Array.isArray(value)) {
    for (const v of value) deepDates(v, out);
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) if (k !== 'birthDate') deepDates(v, out);
  }
  return out;
}
