// Rule sets: stored versions of the rules document, their preview against the active set.
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

export const RuleSetListSchema = z.object({ items: z.array(RuleSetSummarySchema) });
export type RuleSetList = z.infer<typeof RuleSetListSchema>;

/** The document is what a coordinator edits; its shape is checked by the rules engine when saved. */
export const RuleSetDetailSchema = RuleSetSummarySchema.extend({
  document: z.record(z.string(), z.unknown()),
});
export type RuleSetDetail = z.infer<typeof RuleSetDetailSchema>;

export const NewRuleSetBodySchema = z.object({
  /** A rule-set document ({ version?, rules: [...] }); the version is assigned by the server. */
  document: z.record(z.string(), z.unknown()),
  note: z.string().trim().max(500).default(''),
});

/**
 * A document the engine refuses answers 400 validation_failed with `details: { problems }`, one
 * problem per fault, its message in English as the engine or zod wrote it.
 */
export const RuleSetProblemSchema = z.object({
  ruleId: z.string().optional(),
  path: z.string(),
  message: z.string(),
});
export type RuleSetProblem = z.infer<typeof RuleSetProblemSchema>;

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
export type CityPreview = z.infer<typeof CityPreviewSchema>;

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

export const ActivateBodySchema = z.object({
  /** Queue a full validation run of the province under the newly active set. */
  fullRun: z.boolean().default(false),
});

export const ActivateResponseSchema = RuleSetDetailSchema.extend({
  /** The full run queued (null: none asked, or one was already queued or running). */
  fullRunId: z.string().nullable(),
});
export type ActivateResponse = z.infer<typeof ActivateResponseSchema>;
