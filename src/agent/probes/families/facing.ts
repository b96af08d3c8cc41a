// Which way the player's sprite faces (a sleeping player's sprite shows no direction: not asked then).
import { firstMention, type Vocabulary } from '../answers.ts';
import { single, type ProbeFamily } from '../family.ts';

const DIRECTION_WORDS: Vocabulary = {
  north: ['up', 'upward', 'upwards', 'top'], south: ['down', 'downward', 'downwards', 'bottom'], east: ['right'], west: ['left'],
};

export const facingDirection: ProbeFamily = {
  id: 'facing-direction',
  title: 'Facing direction',
  description: "tells which way the player's sprite faces",
  ask: (truth) => (truth.sleeping ? [] : single('Which way are you facing? Answer north, south, east or west (north is up).', truth.facing)),
  read: (reply) => firstMention(reply, DIRECTION_WORDS),
  fromText: (view) => view.facing ?? 'south',
};
