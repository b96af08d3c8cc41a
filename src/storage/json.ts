// Checks that caller data survives JSON round trips unchanged, and that no credential slips into a trace.
import { StorageError } from './errors.ts';
import type { JsonObject, JsonValue } from './types.ts';

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Throws unless `value` is plain JSON data: finite numbers, strings, booleans, null, arrays, plain objects.
 * Object properties set to undefined are allowed and dropped, as JSON.stringify (and so the wire) drops them.
 */
export function assertJsonValue(value: unknown, path: string): asserts value is JsonValue {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new StorageError('invalid_input', `${path} is ${value}, which JSON cannot hold`);
      return;
    case 'object': {
      if (value === null) return;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          if (value[i] === undefined) throw new StorageError('invalid_input', `${path}[${i}] is undefined; use null`);
          assertJsonValue(value[i], `${path}[${i}]`);
        }
        return;
      }
      if (!isPlainObject(value)) {
        throw new StorageError('invalid_input', `${path} is a ${value.constructor?.name ?? 'non-plain object'}, not plain JSON data`);
      }
      for (const [key, item] of Object.entries(value)) {
        if (item !== undefined) assertJsonValue(item, `${path}.${key}`);
      }
      return;
    }
    default:
      throw new StorageError('invalid_input', `${path} is a ${typeof value}, not JSON data`);
  }
}

export function assertJsonObject(value: unknown, path: string): asserts value is JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new StorageError('invalid_input', `${path} must be a JSON object`);
  }
  assertJsonValue(value, path);
}

export function toJsonText(value: JsonValue): string {
  return JSON.stringify(value);
}

export function parseJsonText<T extends JsonValue = JsonValue>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new StorageError('corrupt', `${what} holds text that is not JSON`, { cause: error });
  }
}

const SECRET_KEY = /^(x-)?(api[-_]?key|apikey|authorization|secret|client[-_]?secret|password|access[-_]?token|bearer|token)$/i;
const SECRET_VALUE = /^(bearer\s+\S+|sk-[A-Za-z0-9_-]{16,}|sk-ant-\S+)/i;

/** Throws if a key named like a credential, or a value shaped like one, appears anywhere in `value`. */
export function assertNoSecrets(value: JsonValue, path: string): void {
  if (typeof value === 'string') {
    if (SECRET_VALUE.test(value)) {
      throw new StorageError('invalid_input', `${path} looks like an API key or bearer token; traces never store credentials`);
    }
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => assertNoSecrets(item, `${path}[${i}]`));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (SECRET_KEY.test(key)) {
      throw new StorageError('invalid_input', `${path}.${key} names a credential; traces never store API keys or tokens`);
    }
    if (item !== undefined) assertNoSecrets(item, `${path}.${key}`);
  }
}
