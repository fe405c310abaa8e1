import { z } from 'zod';
import { CodingSchema } from './card-schema.ts';

const Id = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:-]+$/, 'must be a UUID or similar identifier');

/** One Feedback entry (CDS Hooks 2.0 §Feedback). */
export const FeedbackEntrySchema = z
  .object({
    card: Id,
    outcome: z.enum(['accepted', 'overridden']),
    acceptedSuggestions: z
      .array(z.object({ id: Id }))
      .max(100)
      .optional(),
    overrideReason: z
      .object({
        reason: CodingSchema.partial({ system: true }).loose().optional(),
        userComment: z.string().max(10_000).optional(),
      })
      .optional(),
    outcomeTimestamp: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 timestamp' }),
  })
  .refine((f) => f.outcome !== 'accepted' || (f.acceptedSuggestions?.length ?? 0) > 0, {
    message: 'is required for accepted outcomes',
    path: ['acceptedSuggestions'],
  });

export const FeedbackRequestSchema = z.object({ feedback: z.array(FeedbackEntrySchema).min(1).max(200) });
export type FeedbackRequest = z.infer<typeof FeedbackRequestSchema>;
