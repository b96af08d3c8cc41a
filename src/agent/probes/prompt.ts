// The messages a probe is asked with: the frame as an image part, its observation text, or both, then the question.
// Evaluations and training rows use the same messages, so a model is trained on exactly what it is tested on.
import type { TextStyle } from '../../sim/text.ts';
import type { ChatMessage, ContentPart, ImageMode } from '../prompt.ts';
import type { Probe, ProbeFrame } from './set.ts';

export const PROBE_MODES: readonly ImageMode[] = ['image', 'text', 'text_and_image'];

const FRAME = 'the game frame: a top-down view of 9 x 7 cells around you (you are the player in the centre cell; north is up), above a bar showing health, food, drink and energy and then your items, each with its amount';

function probeSystemPrompt(mode: ImageMode): string {
  const given = mode === 'image' ? `You get ${FRAME}.` : mode === 'text' ? 'You get a text description of what you see.' : `You get ${FRAME}, and a text description of it.`;
  return [
    'You answer questions about one moment of Crafter, a 2D survival game.',
    given,
    'Answer with the short answer asked for and nothing else.',
  ].join('\n');
}

export function probeMessages(probe: Probe, frame: ProbeFrame, mode: ImageMode, textStyle: TextStyle): ChatMessage[] {
  const question = `Question: ${probe.question}`;
  const system: ChatMessage = { role: 'system', content: probeSystemPrompt(mode) };
  if (mode === 'text') return [system, { role: 'user', content: `${frame.text[textStyle]}\n\n${question}` }];
  const parts: ContentPart[] = [{ type: 'image_url', image_url: { url: frame.image } }];
  if (mode === 'text_and_image') parts.push({ type: 'text', text: frame.text[textStyle] });
  parts.push({ type: 'text', text: question });
  return [system, { role: 'user', content: parts }];
}
