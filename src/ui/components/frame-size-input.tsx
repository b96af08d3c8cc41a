// Crafter's frame size as a person types it: 64, 128 or 256 offered, any size Crafter accepts taken ("320x240").
import { useState } from 'preact/hooks';
import { COMMON_FRAME_SIDES, MAX_FRAME_SIDE, MIN_FRAME_SIDE, parseFrameSize, type FrameSize } from '../../agent/frame-size.ts';

interface Props {
  name: string;
  /** The text as typed (kept as typed, so a half-typed size is not thrown away). */
  value: string;
  onInput: (text: string, size: FrameSize | null) => void;
}

export function FrameSizeInput({ name, value, onInput }: Props) {
  const [problem, setProblem] = useState<string | null>(null);
  const listId = `${name}-choices`;
  const input = (text: string) => {
    let size: FrameSize | null = null;
    try {
      size = parseFrameSize(text);
      setProblem(null);
    } catch (error) {
      setProblem((error as Error).message);
    }
    onInput(text, size);
  };
  return (
    <label>
      Frame size (pixels){' '}
      <input
        type="text"
        name={name}
        list={listId}
        size={9}
        value={value}
        aria-invalid={problem ? true : undefined}
        title={`one side (256) or width x height (320x240), ${MIN_FRAME_SIDE} to ${MAX_FRAME_SIDE}`}
        onInput={(e) => input((e.target as HTMLInputElement).value)}
      />
      <datalist id={listId}>{COMMON_FRAME_SIDES.map((side) => <option key={side} value={String(side)} />)}</datalist>
      {problem ? <span class="field-error"> {problem}</span> : <span class="hint"> 64 is Crafter's default; BALROG uses 256</span>}
    </label>
  );
}
