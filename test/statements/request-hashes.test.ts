import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PANEL } from '../../src/llm/default-panel.ts';
import { PROMPTS_DIR, promptVersion, renderPrompt } from '../../src/llm/prompts.ts';
import { builtInFramework, loadFramework } from '../../src/statements/framework.ts';
import { allPairs, economyRequests, questionRequests } from '../../src/statements/requests.ts';
import { TYPICAL_STATEMENT } from '../../src/stages/shared/statement-count.ts';

/** Request building takes the framework and template hashes once; they must stay the hashes of the content. */
const sha12 = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

describe('memoised hashes in request building', () => {
  it('loads the built-in framework once, frozen, and hashes it by its content', () => {
    const framework = builtInFramework();
    expect(builtInFramework()).toBe(framework);
    expect(Object.isFrozen(framework.dimensions[0].positivePole)).toBe(true);
    const table = Object.fromEntries(
      framework.dimensions.map((d) => [
        d.code,
        {
          code: d.code,
          name: d.name,
          definition: d.definition,
          positivePole: d.positivePole,
          negativePole: d.negativePole,
        },
      ]),
    );
    expect(framework.promptHash).toBe(sha12(JSON.stringify(table)));
  });

  it('sees an edit to a framework file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'nf-hash-')), 'framework.json');
    copyFileSync(builtInFramework().file, file);
    const before = loadFramework(file).promptHash;
    const raw = JSON.parse(readFileSync(file, 'utf8'));
    raw.dimensions[0].positivePole.en = 'something else entirely';
    writeFileSync(file, JSON.stringify(raw));
    expect(loadFramework(file).promptHash).not.toBe(before);
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

  it('records the template and framework versions with every request, one task object per question kind', () => {
    const framework = builtInFramework();
    const relevance = questionRequests('relevance', allPairs([TYPICAL_STATEMENT], framework), DEFAULT_PANEL, framework);
    const economy = economyRequests([TYPICAL_STATEMENT], DEFAULT_PANEL, framework);
    for (const r of relevance)
      expect(r.task.promptVersion).toBe(`${promptVersion('relevance', [r.language])}.${framework.promptHash}`);
    for (const r of economy)
      expect(r.task.promptVersion).toBe(`${promptVersion('hofstede-economy', [r.language])}.${framework.promptHash}`);
    const enTasks = new Set(relevance.filter((r) => r.language === 'en').map((r) => r.task));
    expect(enTasks.size).toBe(1);
    expect(relevance[0].task.votes?.({ relevant: true })).toEqual([true]);
    expect(economy[0].task.votes).toBeUndefined();
  });
});
