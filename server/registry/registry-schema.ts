import { z } from 'zod';

/** A model name: letters, digits, `.`, `_`, `-`; it names folders, so nothing else. */
export const ModelNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1–64 letters, digits, ".", "_" or "-"');

const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);

export const RegisteredFileSchema = z.object({
  path: z.string().min(1),
  fileName: z.string(),
  sha256: Sha256Schema,
  bytes: z.number().int().min(0),
  ggufVersion: z.number().int(),
});

export const GgufSummarySchema = z.object({
  architecture: z.string(),
  modelName: z.string().optional(),
  parameters: z.number().min(0),
  quantization: z.string(),
  contextLength: z.number().int().nullable(),
  chatTemplate: z.boolean(),
});

export const StoredEvaluationSchema = z.object({
  at: z.string(),
  suite: z.string(),
  /** Report files, relative to the registry folder. */
  report: z.string(),
  html: z.string(),
  gatePassed: z.boolean(),
  /** `task.metric` → value, the headline numbers for `models list`. */
  scores: z.record(z.string(), z.number()),
  failed: z.array(z.string()),
});
export type StoredEvaluation = z.infer<typeof StoredEvaluationSchema>;

export const MODEL_STATUSES = ['registered', 'evaluated', 'promoted', 'retired'] as const;

export const ModelVersionSchema = z.object({
  name: ModelNameSchema,
  version: z.number().int().min(1),
  addedAt: z.string(),
  addedBy: z.string(),
  gguf: RegisteredFileSchema.extend({ metadata: GgufSummarySchema }),
  lora: RegisteredFileSchema.optional(),
  /** registered → evaluated → promoted (serving); a promoted version replaced by another becomes retired. */
  status: z.enum(MODEL_STATUSES),
  evaluation: StoredEvaluationSchema.optional(),
  promotedAt: z.string().optional(),
  override: z.object({ reason: z.string(), by: z.string(), at: z.string() }).optional(),
});
export type ModelVersion = z.infer<typeof ModelVersionSchema>;

/** `registry.json`: every version ever added, and which one serves. */
export const RegistryFileSchema = z.object({
  format: z.literal('chartside-registry/1'),
  models: z.array(ModelVersionSchema),
  promoted: z.object({ name: ModelNameSchema, version: z.number().int().min(1) }).nullable(),
});
export type RegistryFile = z.infer<typeof RegistryFileSchema>;

/** `name@v3`. */
export const versionLabel = (m: { name: string; version: number }): string => `${m.name}@v${m.version}`;
