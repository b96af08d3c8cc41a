// What the player needs beside the frame: vitals, inventory, achievements, step and time of day.
import { ACHIEVEMENTS } from '../../sim/rules.ts';
import type { Observation } from '../../sim/observation.ts';

const VITALS = ['health', 'food', 'drink', 'energy'] as const;

export function Hud({ observation }: { observation: Observation }) {
  const inventory = Object.entries(observation.inventory).filter(([name, n]) => !VITALS.includes(name as never) && n > 0);
  const unlocked = ACHIEVEMENTS.filter((a) => observation.achievements_status[a]);
  return (
    <div class="hud">
      <p class="status" data-testid="status">
        Step <strong data-testid="step-count">{observation.num_steps_taken}</strong>
        {' · '}
        {observation.daylight < 0.5 ? 'night' : 'day'}
        {observation.sleeping ? ' · sleeping' : ''}
        {' · reward '}
        {observation.total_reward_episode.toFixed(1)}
      </p>
      <ul class="vitals" aria-label="vitals">
        {VITALS.map((v) => (
          <li key={v} data-testid={`vital-${v}`}>
            {v} <meter min={0} max={9} value={observation.inventory[v]} aria-label={v} /> {observation.inventory[v]}/9
          </li>
        ))}
      </ul>
      <h3>Inventory</h3>
      <ul class="inventory" data-testid="inventory">
        {inventory.length ? inventory.map(([name, n]) => <li key={name} data-item={name}>{name}: {n}</li>) : <li>empty</li>}
      </ul>
      <h3>Achievements {unlocked.length}/22</h3>
      <ul class="achievements" data-testid="achievements">
        {ACHIEVEMENTS.map((a) => (
          <li key={a} class={observation.achievements_status[a] ? 'done' : ''}>
            {observation.achievements_status[a] ? '✓ ' : '· '}
            {a.replaceAll('_', ' ')}
          </li>
        ))}
      </ul>
    </div>
  );
}
