// Cost estimates from token counts, where the price per token is known: the user's prices, else a few published ones.
import type { TokenUsage } from '../storage/types.ts';

export interface TokenPrices {
  /** US dollars per million input (prompt) tokens. */
  inputPerMillion: number;
  /** US dollars per million output (completion) tokens. */
  outputPerMillion: number;
}

// OpenAI's published list prices (standard tier, USD per million tokens) as of mid 2025; a dated variant matches its base name.
const KNOWN_PRICES: Readonly<Record<string, TokenPrices>> = {
  'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  'gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10 },
  'gpt-4.1-nano': { inputPerMillion: 0.1, outputPerMillion: 0.4 },
  'gpt-4.1-mini': { inputPerMillion: 0.4, outputPerMillion: 1.6 },
  'gpt-4.1': { inputPerMillion: 2, outputPerMillion: 8 },
};

/** The user's prices when given, else the list price of a known model (longest matching name first), else null. */
export function pricesFor(model: string, override?: TokenPrices | null): TokenPrices | null {
  if (override) {
    if (!(override.inputPerMillion >= 0 && override.outputPerMillion >= 0)) throw new Error('token prices must be numbers >= 0');
    return override;
  }
  const name = model.trim().toLowerCase().replace(/^openai\//, '');
  const match = Object.keys(KNOWN_PRICES)
    .sort((a, b) => b.length - a.length)
    .find((known) => name === known || name.startsWith(`${known}-20`));
  return match ? KNOWN_PRICES[match] : null;
}

/** Dollars for one call, or null when the price or the token counts are unknown. */
export function estimateCost(usage: TokenUsage, prices: TokenPrices | null): number | null {
  if (!prices || usage.inputTokens === null || usage.outputTokens === null) return null;
  return (usage.inputTokens * prices.inputPerMillion + usage.outputTokens * prices.outputPerMillion) / 1_000_000;
}
