// Crafter's own keyboard layout (its run_gui.py), plus N for noop.
import type { ActionName } from '../sim/rules.ts';

export const KEYMAP: Readonly<Record<string, ActionName>> = {
  KeyW: 'move_up',
  KeyA: 'move_left',
  KeyS: 'move_down',
  KeyD: 'move_right',
  Space: 'do',
  Tab: 'sleep',
  KeyT: 'place_table',
  KeyR: 'place_stone',
  KeyF: 'place_furnace',
  KeyP: 'place_plant',
  Digit1: 'make_wood_pickaxe',
  Digit2: 'make_stone_pickaxe',
  Digit3: 'make_iron_pickaxe',
  Digit4: 'make_wood_sword',
  Digit5: 'make_stone_sword',
  Digit6: 'make_iron_sword',
  KeyN: 'noop',
};

export const KEY_LABELS: readonly [string, string][] = [
  ['W A S D', 'move'], ['Space', 'do (collect, attack, drink, eat)'], ['Tab', 'sleep'], ['T', 'place table'],
  ['R', 'place stone'], ['F', 'place furnace'], ['P', 'place plant'], ['1 2 3', 'wood, stone, iron pickaxe'],
  ['4 5 6', 'wood, stone, iron sword'], ['N', 'noop (wait)'],
];

/** True when keys typed go to a form field, so they must not play the game. */
export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}
