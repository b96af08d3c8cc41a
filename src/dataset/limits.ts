// What each place users train at accepts, as their documentation states it; the export checks rows against the
// profile chosen (the destination's by default). null: no documented limit.
const MB = 1024 * 1024;

export interface ExportLimits {
  /** Images one example may hold. */
  maxImagesPerExample: number | null;
  maxImageBytes: number | null;
  /** Examples a file needs to be accepted; fewer is a warning (local trainers take any number). */
  minExamples: number;
}

export interface LimitsProfile extends ExportLimits {
  label: string;
}

export const LIMITS_PROFILES = {
  openai: { label: 'OpenAI: 10 images per example, 10 MB per image, 10 examples per file', maxImagesPerExample: 10, maxImageBytes: 10 * MB, minExamples: 10 },
  'azure-openai': { label: 'Azure OpenAI: 64 images per example, 10 MB per image, 10 examples per file', maxImagesPerExample: 64, maxImageBytes: 10 * MB, minExamples: 10 },
  together: { label: 'Together AI: 10 images per example, 10 MB per image', maxImagesPerExample: 10, maxImageBytes: 10 * MB, minExamples: 1 },
  fireworks: { label: 'Fireworks AI: 3 examples per file', maxImagesPerExample: null, maxImageBytes: null, minExamples: 3 },
  local: { label: 'Local training (TRL, Unsloth, LLaMA-Factory): no provider limits', maxImagesPerExample: null, maxImageBytes: null, minExamples: 0 },
} as const satisfies Record<string, LimitsProfile>;

export type LimitsProfileId = keyof typeof LIMITS_PROFILES;
export const LIMITS_PROFILE_IDS = Object.keys(LIMITS_PROFILES) as LimitsProfileId[];

export function profileLimits(id: LimitsProfileId): ExportLimits {
  const { maxImagesPerExample, maxImageBytes, minExamples } = LIMITS_PROFILES[id];
  return { maxImagesPerExample, maxImageBytes, minExamples };
}
