import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../src/schemas/config.ts';

describe('README', () => {
  it('the configuration example is a config normforge accepts', () => {
    const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
    const example = /## Configuration[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const parsed = ConfigSchema.safeParse(JSON.parse(example!));
    expect(parsed.success, parsed.error?.message).toBe(true);
  });
});
