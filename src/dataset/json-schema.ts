// Checks a value against the subset of JSON Schema that tool parameters use (type, properties, required,
// additionalProperties, items, enum, minItems, maxItems), so tool arguments are checked against the tool as sent.

type Schema = Record<string, unknown>;

const typeOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;

function typeMatches(expected: unknown, actual: string): boolean {
  const types = Array.isArray(expected) ? expected : [expected];
  return types.some((type) => type === actual || (type === 'number' && actual === 'integer'));
}

/** The first few ways `value` breaks `schema`, each with its JSON path; empty when it fits. */
export function schemaProblems(value: unknown, schema: Schema, path = '$'): string[] {
  const problems: string[] = [];
  const actual = typeOf(value);
  if (schema.type !== undefined && !typeMatches(schema.type, actual)) return [`${path} should be ${String(schema.type)}, got ${actual}`];
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => option === value)) {
    problems.push(`${path} is ${JSON.stringify(value)}, not one of ${schema.enum.map((option) => JSON.stringify(option)).join(', ')}`);
  }
  if (actual === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) if (!(key in object)) problems.push(`${path} lacks the required "${key}"`);
    for (const [key, item] of Object.entries(object)) {
      if (key in properties) problems.push(...schemaProblems(item, properties[key], `${path}.${key}`));
      else if (schema.additionalProperties === false) problems.push(`${path} has "${key}", which the schema does not allow`);
    }
  }
  if (actual === 'array') {
    const array = value as unknown[];
    if (typeof schema.minItems === 'number' && array.length < schema.minItems) problems.push(`${path} has ${array.length} items, fewer than ${schema.minItems}`);
    if (typeof schema.maxItems === 'number' && array.length > schema.maxItems) problems.push(`${path} has ${array.length} items, more than ${schema.maxItems}`);
    if (schema.items && typeof schema.items === 'object') array.forEach((item, i) => problems.push(...schemaProblems(item, schema.items as Schema, `${path}[${i}]`)));
  }
  return problems.slice(0, 5);
}
