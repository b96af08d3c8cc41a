// Vision checkpoints: probe sets drawn from the simulator's truth, their evaluation, baselines and training rows.
export { FAMILY_IDS, PROBE_FAMILIES, familyById, selectFamilies } from './families/index.ts';
export type { Asked, ProbeFamily, ProbeParams } from './family.ts';
export { generateProbeSet, type GenerateOptions, type GenerateProgress } from './generate.ts';
export { parseProbeSpec, readProbeSet, PROBE_SET_FORMAT } from './set.ts';
export type { FamilySummary, Probe, ProbeFrame, ProbeSet, ProbeSpec, ProbeSpecInput } from './set.ts';
export type { SessionReader } from './sources.ts';
export { BASELINES, EVALUATION_FORMAT, evaluateProbeSet, judge, subjectLabel } from './evaluate.ts';
export type { Answerer, BaselineKind, EvaluateOptions, EvaluateProgress, Evaluation, EvaluationSubject, FamilyScore, ProbeOutcome } from './evaluate.ts';
export { baselineAnswerer, majorityAnswers } from './baselines.ts';
export { modelAnswerer, validateModelAnswerer, type ChatCaller, type ModelAnswererOptions } from './model-answerer.ts';
export { PROBE_MODES, probeMessages } from './prompt.ts';
export { wilsonInterval, type Score } from './score.ts';
export { ARCHIVE_FORMAT, EVALUATION_DOCUMENT_KIND, JsonFileArchive, StoreArchive, type EvaluationArchive, type TextFile } from './archive.ts';
export { probeRows, type ProbeRow, type ProbeRowMetadata } from './rows.ts';
