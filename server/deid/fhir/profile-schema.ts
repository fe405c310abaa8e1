import { z } from 'zod';
import { PHI_CATEGORIES } from '../phi-category.ts';

/**
 * What a rule does to the elements its FHIRPath selects. Anything no rule selects is dropped (the profile
 * is an allow-list).
 * - `keep`: copy as is (extensions inside are still filtered).
 * - `redact`: remove, and count under the rule's category.
 * - `dateShift`: dates per the engine's date mode (`safe-harbor`: year only; `shift`: moved by the patient's
 *   secret offset).
 * - `truncateDate`: year only, in every mode.
 * - `cryptoHash`: HMAC-SHA256 pseudonym (ids and references stay resolvable).
 * - `generalize`: `zip3` (ZIP to its first three digits or `000`), `birthDate` (year, or removed when the
 *   patient is over 89), `year`.
 * - `scrubText`: free text, narrative XHTML or a text attachment through the free-text scrubber; image and
 *   other binary attachments are dropped.
 */
export const RULE_METHODS = [
  'keep',
  'redact',
  'dateShift',
  'truncateDate',
  'cryptoHash',
  'generalize',
  'scrubText',
] as const;

export const ProfileRuleSchema = z
  .object({
    path: z.string().min(1),
    method: z.enum(RULE_METHODS),
    to: z.enum(['zip3', 'birthDate', 'year']).optional(),
    category: z.enum(PHI_CATEGORIES).optional(),
  })
  .strict()
  .refine((r) => r.method !== 'generalize' || r.to !== undefined, { message: 'generalize needs "to"', path: ['to'] });
export type ProfileRule = z.infer<typeof ProfileRuleSchema>;

export const DeidProfileSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    /** Rules for every resource type; paths start at the resource (`id`, `meta.profile`). */
    common: z.array(ProfileRuleSchema),
    /** Rules per resource type; paths start with the type (`Observation.code.coding.code`). */
    resources: z.record(z.string().regex(/^[A-Z][A-Za-z]+$/), z.array(ProfileRuleSchema)),
    /** Extension URLs that are kept (their values are de-identified by type); all others are dropped. */
    extensions: z.array(z.string().min(1)),
  })
  .strict();
export type DeidProfile = z.infer<typeof DeidProfileSchema>;
