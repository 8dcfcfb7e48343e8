import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOFSTEDE, hofstedeVersion } from '../../src/statements/hofstede.ts';
import { DEFAULT_PANEL } from '../../src/llm/default-panel.ts';
import { PROMPTS_DIR, promptVersion, renderPrompt } from '../../src/llm/prompts.ts';
import { allPairs, economyRequests, questionRequests } from '../../src/statements/requests.ts';
import { TYPICAL_STATEMENT } from '../../src/stages/shared/statement-count.ts';

/** Request building takes the table and template hashes once; they must stay the hashes of the content. */
const sha12 = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

describe('memoised hashes in request building', () => {
  it('gives the built-in table the hash of its content, every time', () => {
    expect(Object.isFrozen(HOFSTEDE.LTO.positivePole)).toBe(true);
    expect(hofstedeVersion()).toBe(sha12(JSON.stringify(HOFSTEDE)));
    expect(hofstedeVersion()).toBe(hofstedeVersion(HOFSTEDE));
  });

  it('sees an edit to a table that is not frozen', () => {
    const table = structuredClone(HOFSTEDE);
    const before = hofstedeVersion(table);
    table.LTO.positivePole.en = 'immediate gratification';
    expect(hofstedeVersion(table)).not.toBe(before);
    expect(hofstedeVersion(table)).toBe(sha12(JSON.stringify(table)));
  });

  it('versions a rendered prompt by the template text it was rendered from', () => {
    const text = readFileSync(join(PROMPTS_DIR, 'zh', 'relevance.md'), 'utf8');
    const rendered = renderPrompt('relevance', 'zh', {
      code: 'PDI',
      name: 'n',
      definition: 'd',
      positive: 'p',
      negative: 'q',
      statement: 's',
    });
    expect(rendered.version).toBe(sha12(`zh/relevance.md\u0000${text}\u0000`));
    expect(rendered.version).toBe(promptVersion('relevance', ['zh']));
  });

  it('records the template and table versions with every request, one task object per question kind', () => {
    const relevance = questionRequests('relevance', allPairs([TYPICAL_STATEMENT]), DEFAULT_PANEL);
    const economy = economyRequests([TYPICAL_STATEMENT], DEFAULT_PANEL);
    for (const r of relevance)
      expect(r.task.promptVersion).toBe(`${promptVersion('relevance', [r.language])}.${hofstedeVersion()}`);
    for (const r of economy)
      expect(r.task.promptVersion).toBe(`${promptVersion('hofstede-economy', [r.language])}.${hofstedeVersion()}`);
    const enTasks = new Set(relevance.filter((r) => r.language === 'en').map((r) => r.task));
    expect(enTasks.size).toBe(1);
    expect(relevance[0].task.votes?.({ relevant: true })).toEqual([true]);
    expect(economy[0].task.votes).toBeUndefined();
  });
});
