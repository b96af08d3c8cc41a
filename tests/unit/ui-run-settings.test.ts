import { describe, expect, it } from 'vitest';
import { connectionFromForm, DEFAULT_RUN_FORM, loadApiKey, loadRunForm, parseHeaders, runConfigFromForm, saveRunForm, storeApiKey } from '../../src/ui/run-settings.ts';

class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  dump(): string {
    return JSON.stringify([...this.items]);
  }
}

const KEY = 'sk-ui-settings-key-0123456789';

describe('run panel settings', () => {
  it('keeps the form without the key, and the key only when asked', () => {
    const storage = new MemoryStorage();
    saveRunForm({ ...DEFAULT_RUN_FORM, agent: 'model', model: 'qwen' }, storage);
    storeApiKey(KEY, false, storage);
    expect(storage.dump()).not.toContain(KEY);
    expect(loadRunForm(storage)).toMatchObject({ agent: 'model', model: 'qwen' });
    storeApiKey(KEY, true, storage);
    expect(loadApiKey(storage)).toBe(KEY);
    storeApiKey(KEY, false, storage);
    expect(loadApiKey(storage)).toBe('');
    expect(storage.dump()).not.toContain(KEY);
  });

  it('keeps the extra headers, which may hold credentials, only when asked, as the key', () => {
    const storage = new MemoryStorage();
    const headers = `X-Gateway-Key: ${KEY}`;
    saveRunForm({ ...DEFAULT_RUN_FORM, agent: 'model', headers }, storage);
    expect(storage.dump()).not.toContain(KEY);
    expect(loadRunForm(storage).headers).toBe('');
    saveRunForm({ ...DEFAULT_RUN_FORM, agent: 'model', headers, rememberKey: true }, storage);
    expect(loadRunForm(storage)).toMatchObject({ headers, rememberKey: true });
    saveRunForm({ ...DEFAULT_RUN_FORM, agent: 'model', headers, rememberKey: false }, storage);
    expect(storage.dump()).not.toContain(KEY);
  });

  it('reads extra headers one "Name: value" a line, and the connection as the fields are', () => {
    expect(parseHeaders('HTTP-Referer: https://example.org/a:b\n\n  X-Title:  crafter web  \r\n')).toEqual({ 'HTTP-Referer': 'https://example.org/a:b', 'X-Title': 'crafter web' });
    expect(parseHeaders('   ')).toEqual({});
    expect(() => parseHeaders('X-A: 1\nno colon here')).toThrow(/line 2: write "Name: value"/);
    expect(() => parseHeaders(': value')).toThrow(/line 1/);
    expect(() => parseHeaders('X-A: 1\nx-a: 2')).toThrow(/x-a is given twice/);
    const form = { ...DEFAULT_RUN_FORM, agent: 'model' as const, baseUrl: ' http://localhost:11434/v1 ', model: ' qwen2.5vl ', headers: 'X-A: 1' };
    expect(connectionFromForm(form, KEY)).toEqual({ baseUrl: 'http://localhost:11434/v1', model: 'qwen2.5vl', apiKey: KEY, headers: { 'X-A': '1' } });
  });

  it('falls back to defaults for a stale or edited form', () => {
    const storage = new MemoryStorage();
    storage.setItem('crafter-web:run-form', '{"agent":"robot","episodes":"many","imageMode":"image"}');
    expect(loadRunForm(storage)).toMatchObject({ agent: 'scripted', episodes: DEFAULT_RUN_FORM.episodes, imageMode: 'image' });
    storage.setItem('crafter-web:run-form', 'not json');
    expect(loadRunForm(storage)).toEqual(DEFAULT_RUN_FORM);
  });

  it('turns the form into a run, with clear errors for bad fields', () => {
    const model = runConfigFromForm({ ...DEFAULT_RUN_FORM, agent: 'model', name: ' base ', seeds: '1-3', inputPrice: '0.5', outputPrice: '1.5', timeoutSeconds: 30 });
    expect(model).toMatchObject({ name: 'base', seeds: [1, 2, 3], agent: { kind: 'model', timeoutMs: 30_000, prices: { inputPerMillion: 0.5, outputPerMillion: 1.5 } } });
    expect(runConfigFromForm({ ...DEFAULT_RUN_FORM, agent: 'random' }).agent).toEqual({ kind: 'builtin', policy: 'random', promptStyle: 'language' });
    expect(() => runConfigFromForm({ ...DEFAULT_RUN_FORM, agent: 'model', inputPrice: '1' })).toThrow(/both token prices/);
    expect(() => runConfigFromForm({ ...DEFAULT_RUN_FORM, agent: 'model', inputPrice: 'cheap', outputPrice: '1' })).toThrow(/input price must be a number/);
    expect(() => runConfigFromForm({ ...DEFAULT_RUN_FORM, seeds: 'x' })).toThrow(/"x" is not a seed/);
  });
});
