import { describe, expect, it } from 'vitest';
import { templateShapeProblems } from '../../src/llm/prompt-shape.ts';

const SOURCE = 'System {{x}}.\n---user---\nStatement: <statement>{{statement}}</statement> on {{name}} and {{name}}.';

describe('a translated template keeps what code reads', () => {
  it('accepts any wording that keeps placeholders, tags and the separator', () => {
    const arabic = 'نظام {{x}}.\n---user---\nالعبارة: <statement>{{statement}}</statement> عن {{name}} و{{ name }}.';
    expect(templateShapeProblems(SOURCE, arabic)).toEqual([]);
  });

  it('names each lost, added or translated mark', () => {
    const broken =
      'System {{x}}.\n---usuario---\nStatement: <declaración>{{statement}}</statement> on {{nombre}} and {{name}}.';
    expect(templateShapeProblems(SOURCE, broken)).toEqual([
      'lost the placeholder {{name}}',
      'added the placeholder {{nombre}}',
      'added the tag <declaración>',
      'lost the tag <statement>',
      'lost the line ---user---',
    ]);
  });

  it('counts repeats: a placeholder written once where the source has it twice is lost once', () => {
    expect(templateShapeProblems('{{a}} {{a}} {{a}}', '{{a}}')).toEqual(['lost the placeholder {{a}} (2 times)']);
  });
});
