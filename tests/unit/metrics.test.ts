import { describe, expect, it } from 'vitest';
import { balrogProgression, crafterScore, successRates, summarizeEpisodes, type EpisodeSummary } from '../../src/agent/metrics.ts';
import { ACHIEVEMENTS } from '../../src/sim/rules.ts';

const episode = (achievements: string[], reward = 0, length = 100): EpisodeSummary => ({ achievements, reward, length });

describe('agent metrics', () => {
  it('gives 0 everywhere when nothing is unlocked', () => {
    const metrics = summarizeEpisodes([episode([]), episode([])]);
    expect(Object.values(metrics.successRates)).toEqual(new Array(22).fill(0));
    expect(metrics.crafterScore).toBe(0);
    expect(metrics.balrogProgression).toBe(0);
  });

  it('scores one achievement unlocked in every episode as exp(ln(101) / 22) - 1', () => {
    const metrics = summarizeEpisodes([episode(['collect_wood']), episode(['collect_wood']), episode(['collect_wood'])]);
    expect(metrics.successRates.collect_wood).toBe(100);
    expect(metrics.crafterScore).toBeCloseTo(Math.exp(Math.log(101) / 22) - 1, 12);
    expect(metrics.crafterScore).toBeCloseTo(0.2334, 4);
    expect(metrics.balrogProgression).toBeCloseTo(1 / 22, 12);
  });

  it('computes rates in percent, the geometric-mean score, progression, mean reward and length by hand', () => {
    const episodes = [
      episode(['collect_wood', 'place_table', 'collect_wood'], 2.1, 300),
      episode(['collect_wood'], 0.9, 100),
    ];
    const metrics = summarizeEpisodes(episodes);
    expect(metrics.episodes).toBe(2);
    expect(metrics.successRates.collect_wood).toBe(100);
    expect(metrics.successRates.place_table).toBe(50);
    expect(metrics.successRates.collect_diamond).toBe(0);
    expect(metrics.crafterScore).toBeCloseTo(Math.exp((Math.log(101) + Math.log(51)) / 22) - 1, 12);
    // Unique achievements per episode: 2 and 1 (the repeated collect_wood counts once).
    expect(metrics.balrogProgression).toBeCloseTo((2 / 22 + 1 / 22) / 2, 12);
    expect(metrics.meanReward).toBeCloseTo(1.5, 12);
    expect(metrics.meanLength).toBe(200);
  });

  it('reaches 100 when every achievement is unlocked in every episode', () => {
    const all = [episode([...ACHIEVEMENTS]), episode([...ACHIEVEMENTS])];
    expect(crafterScore(successRates(all))).toBeCloseTo(100, 10);
    expect(balrogProgression(all)).toBe(1);
  });

  it('treats missing rates as 0 and rejects rates outside [0, 100] and unknown achievements', () => {
    expect(crafterScore({ collect_wood: 100 })).toBeCloseTo(Math.exp(Math.log(101) / 22) - 1, 12);
    expect(() => crafterScore({ collect_wood: 101 })).toThrow(RangeError);
    expect(() => successRates([episode(['collect_gold'])])).toThrow(/unknown achievement/);
  });

  it('summarises no episodes as zeros', () => {
    const metrics = summarizeEpisodes([]);
    expect(metrics).toMatchObject({ episodes: 0, crafterScore: 0, balrogProgression: 0, meanReward: 0, meanLength: 0 });
  });
});
