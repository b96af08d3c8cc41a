import { describe, expect, it } from 'vitest';
import { DEFAULT_RUN_FORM, loadApiKey, loadRunForm, runConfigFromForm, saveRunForm, storeApiKey } from '../../src/ui/run-settings.ts';

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
