// Crafter's frame size as a person types it: 64, 128 or 256 offered, any size Crafter accepts taken ("320x240").
import { COMMON_FRAME_SIDES, MAX_FRAME_SIDE, MIN_FRAME_SIDE, parseFrameSize, type FrameSize } from '../../agent/frame-size.ts';

interface Props {
  name: string;
  /** The text as typed (kept as typed, so a half-typed size is not thrown away). */
  value: string;
  onInput: (text: string, size: FrameSize | null) => void;
}

/** The size the text gives, or why it gives none. */
function read(text: string): { size: FrameSize | null; problem: string | null } {
  try {
    return { size: parseFrameSize(text), problem: null };
  } catch (error) {
    return { size: null, problem: (error as Error).message };
  }
}

export function FrameSizeInput({ name, value, onInput }: Props) {
  const { problem } = read(value);
  const listId = `${name}-choices`;
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
        onInput={(e) => {
          const text = (e.target as HTMLInputElement).value;
          onInput(text, read(text).size);
        }}
      />
      <datalist id={listId}>{COMMON_FRAME_SIDES.map((side) => <option key={side} value={String(side)} />)}</datalist>
      {problem ? <span class="field-error"> {problem}</span> : <span class="hint"> 64 is Crafter's default; BALROG uses 256</span>}
    </label>
  );
}
