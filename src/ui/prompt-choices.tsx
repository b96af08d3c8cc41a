// The labelled choices of a model prompt, shared by the run, export and settings forms.
import type { ActionFormat, HistoryLayout, ImageMode } from '../agent/prompt.ts';
import type { TextStyle } from '../sim/text.ts';

export type Choices<T extends string> = readonly (readonly [T, string])[];

export const TEXT_STYLE_CHOICES: Choices<TextStyle> = [
  ['language', 'language description (axis-separated steps)'],
  ['state', 'state block'],
];

export const IMAGE_MODE_CHOICES: Choices<ImageMode> = [
  ['text', 'text only'],
  ['text_and_image', 'text and image'],
  ['image', 'image only'],
];

export const HISTORY_LAYOUT_CHOICES: Choices<HistoryLayout> = [
  ['separate', 'separate images'],
  ['sheet', 'one stitched sheet'],
];

export function Options<T extends string>({ choices }: { choices: Choices<T> }) {
  return <>{choices.map(([value, label]) => <option key={value} value={value}>{label}</option>)}</>;
}

export const ACTION_FORMAT_CHOICES: Choices<ActionFormat> = [
  ['text', 'text: a JSON object of actions'],
  ['tool', 'tool: an interact_many call'],
];
