// Crafter's own keyboard layout (its run_gui.py), plus N for noop and Z as a second sleep key: Tab, Crafter's sleep
// key, is also the browser's key for moving focus, so it sleeps only while the game has focus.
import type { ActionName } from '../sim/rules.ts';

export const KEYMAP: Readonly<Record<string, ActionName>> = {
  KeyW: 'move_up',
  KeyA: 'move_left',
  KeyS: 'move_down',
  KeyD: 'move_right',
  Space: 'do',
  Tab: 'sleep',
  KeyZ: 'sleep',
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

/** Leaves the game: focus goes back to the page, where Tab moves between controls again. */
export const LEAVE_GAME_KEY = 'Escape';

export const KEY_LABELS: readonly [string, string][] = [
  ['W A S D', 'move'], ['Space', 'do (collect, attack, drink, eat)'], ['Tab or Z', 'sleep'], ['T', 'place table'],
  ['R', 'place stone'], ['F', 'place furnace'], ['P', 'place plant'], ['1 2 3', 'wood, stone, iron pickaxe'],
  ['4 5 6', 'wood, stone, iron sword'], ['N', 'noop (wait)'], ['Enter', 'next episode, once one has ended'],
  ['Esc or Shift+Tab', 'leave the game (Tab then moves through the page; click the frame to play again)'],
];

