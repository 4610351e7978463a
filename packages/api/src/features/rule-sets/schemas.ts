import { z } from 'zod';

export const RuleSetSummarySchema = z.object({
  version: z.number(),
  note: z.string(),
  ruleCount: z.number(),
  isActive: z.boolean(),
  createdAt: z.string(),
  activatedAt: z.string().nullable(),
  createdBy: z.string().nullable(),
});
export type RuleSetSummary = z.infer<typeof RuleSetSummarySchema>;

export const RuleSetDetailSchema = RuleSetSummarySchema.extend({
  document: z.record(z.string(), z.unknown()),
});

export const NewRuleSetBodySchema = z.object({
  /** A rule-set document ({ version?, rules: [...] }); the version is assigned by the server. */
  document: z.record(z.string(), z.unknown()),
  note: z.string().trim().max(500).default(''),
});

export const VersionParamsSchema = z.object({
  version: z.coerce.number().int().positive().max(2_147_483_647),
});

export const PreviewBodySchema = z.object({
  /** How many customers (the first by id) to check with both sets. */
  sampleSize: z.number().int().min(1).max(200_000).default(20_000),
});

const CityPreviewSchema = z.object({
  cityCode: z.string(),
  cityName: z.string(),
  sampled: z.number(),
  flaggedActive: z.number(),
  flaggedCandidate: z.number(),
  /** flagged by the candidate, not by the active set */
  more: z.number(),
  /** flagged by the active set, not by the candidate */
  fewer: z.number(),
});

export const PreviewSchema = z.object({
  activeVersion: z.number(),
  candidateVersion: z.number(),
  sampled: z.number(),
  /** A customer is flagged when it has at least one error or warning. */
  more: z.number(),
  fewer: z.number(),
  flaggedActive: z.number(),
  flaggedCandidate: z.number(),
  byCity: z.array(CityPreviewSchema),
});
export type Preview = z.infer<typeof PreviewSchema>;
