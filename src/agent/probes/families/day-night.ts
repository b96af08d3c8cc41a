// Day or night as the frame shows it: night is daylight below 0.5, where the renderer adds its dark noise. Frames of a
// sleeping player are not asked: the sleep tint greys the whole view whatever the time.
import { firstMention } from '../answers.ts';
import { single, type ProbeFamily } from '../family.ts';

const NIGHT_BELOW = 0.5;

export const dayNight: ProbeFamily = {
  id: 'day-night',
  title: 'Day or night',
  description: 'tells day from night by the light of the frame',
  ask: (truth) => (truth.sleeping ? [] : single('Is it day or night? Answer day or night.', truth.daylight < NIGHT_BELOW ? 'night' : 'day')),
  read: (reply) => firstMention(reply, { day: ['daytime'], night: ['nighttime', 'night time'] }),
  fromText: (view) => (view.night ? 'night' : 'day'),
};
