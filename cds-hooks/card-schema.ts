import { z } from 'zod';

/**
 * CDS Hooks 2.0 §CDS Service Response: the card and its parts as zod schemas, strict, so a test (or a
 * paranoid deployment) can check every card Chartside answers. Optional fields are absent, never null
 * or empty.
 */
export const CodingSchema = z
  .object({ system: z.string().min(1), code: z.string().min(1), display: z.string().min(1).optional() })
  .strict();
export type Coding = z.infer<typeof CodingSchema>;

export const SourceSchema = z
  .object({
    label: z.string().min(1),
    url: z.url().optional(),
    icon: z.url().optional(),
    topic: CodingSchema.optional(),
  })
  .strict();

export const ActionSchema = z
  .object({
    type: z.enum(['create', 'update', 'delete']),
    description: z.string().min(1),
    resource: z.looseObject({ resourceType: z.string() }).optional(),
    resourceId: z.string().min(1).optional(),
  })
  .strict();

export const SuggestionSchema = z
  .object({
    label: z.string().min(1),
    uuid: z.uuid().optional(),
    isRecommended: z.boolean().optional(),
    actions: z.array(ActionSchema).min(1).optional(),
  })
  .strict();

export const LinkSchema = z
  .object({
    label: z.string().min(1),
    url: z.url(),
    type: z.enum(['absolute', 'smart']),
    appContext: z.string().min(1).optional(),
  })
  .strict();

export const CardSchema = z
  .object({
    uuid: z.uuid().optional(),
    summary: z.string().min(1).max(139, 'must be under 140 characters'),
    detail: z.string().min(1).optional(),
    indicator: z.enum(['info', 'warning', 'critical']),
    source: SourceSchema,
    suggestions: z.array(SuggestionSchema).min(1).optional(),
    selectionBehavior: z.enum(['at-most-one', 'any']).optional(),
    overrideReasons: z
      .array(CodingSchema.required({ display: true }))
      .min(1)
      .optional(),
    links: z.array(LinkSchema).min(1).optional(),
  })
  .strict()
  .refine((c) => (c.suggestions === undefined) === (c.selectionBehavior === undefined), {
    message: 'selectionBehavior is required exactly when suggestions are present',
    path: ['selectionBehavior'],
  });
export type Card = z.infer<typeof CardSchema>;

export const CdsResponseSchema = z.object({ cards: z.array(CardSchema) }).strict();
export type CdsResponse = z.infer<typeof CdsResponseSchema>;
