// Keeps an API key out of anything that is stored, shown or logged: every occurrence is replaced, deep in JSON too.

/** Keys shorter than this are placeholders of local servers ("none", "ollama"), not credentials worth hiding. */
export const MIN_SECRET_LENGTH = 6;
export const REDACTED = '[redacted]';

export function redactText(text: string, secret: string | null | undefined): string {
  if (!secret || secret.length < MIN_SECRET_LENGTH) return text;
  return text.split(secret).join(REDACTED);
}

/** A copy of `value` (plain JSON data) with the secret removed from every string and key. */
export function redactJson<T>(value: T, secret: string | null | undefined): T {
  if (!secret || secret.length < MIN_SECRET_LENGTH) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactText(v, secret);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, item]) => [redactText(k, secret), walk(item)]));
    }
    return v;
  };
  return walk(value) as T;
}
