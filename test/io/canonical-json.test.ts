import { describe, expect, it } from 'vitest';
import { canonicalJson, immutableForCanonicalJson } from '../../src/io/canonical-json.ts';
import { canonicalFromBody, canonicalRequestJson } from '../../src/llm/canonical.ts';

/** The earlier implementation, the definition cache keys and fingerprints were made with: JSON.stringify of a key-sorted copy. */
function reference(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort())
      if ((v as Record<string, unknown>)[k] !== undefined) out[k] = sort((v as Record<string, unknown>)[k]);
    return out;
  };
  return JSON.stringify(sort(value));
}

describe('canonicalJson', () => {
  it('equals JSON.stringify of the key-sorted copy on nested values, escapes, undefined and dates', () => {
    const values: unknown[] = [
      { b: 1, a: [3, { d: 'x"\n\u2028', c: null, e: undefined }], z: true, y: -0.5e-7 },
      [undefined, () => 1, 'é', { '': 1, ' a': 2 }],
      { when: new Date(0), nested: { m: [[], {}], k: Number.NaN } },
      'plain',
      42,
      null,
      { s: Symbol('x'), f: () => 1 },
      { messages: [{ role: 'user', content: 'hi' }], temperature: null, model: 'm' },
    ];
    for (const v of values) expect(canonicalJson(v)).toBe(reference(v));
  });

  it('serialises a value marked immutable once, the same as before', () => {
    const schema = { type: 'object', properties: { choice: { enum: ['A', 'B'] } }, required: ['choice'] };
    const before = canonicalJson({ response_format: { schema } });
    immutableForCanonicalJson(schema);
    expect(canonicalJson({ response_format: { schema } })).toBe(before);
  });
});

describe('canonicalRequestJson', () => {
  it('writes every canonical request exactly as the generic writer does (cache keys unchanged)', () => {
    const bodies: Array<Record<string, unknown>> = [
      {
        model: 'm',
        messages: [
          { role: 'system', content: 'Rules "quoted"\n' },
          { role: 'user', content: '第1号 \u2028 é' },
        ],
        temperature: 0.7,
        max_tokens: 64,
      },
      {
        model: 'gpt-4.1',
        messages: [],
        response_format: { type: 'json_schema', json_schema: { strict: true, name: 't', schema: { b: 1, a: [2] } } },
      },
      {
        model: '',
        messages: [{ role: 'user', content: [{ type: 'text', text: 'parts' }] }],
        temperature: 0,
        max_completion_tokens: 5,
        response_format: { type: 'json_object' },
      },
    ];
    for (const body of bodies) {
      const canonical = canonicalFromBody(body);
      expect(canonicalRequestJson(canonical)).toBe(reference(canonical));
    }
  });
});
