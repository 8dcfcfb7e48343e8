import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { runRecipe } from '../../src/pipeline/runner.ts';
import { evaluateStage } from '../../src/pipeline/freshness.ts';
import { FileHasher } from '../../src/pipeline/fingerprint.ts';
import { RunLog } from '../../src/pipeline/runs.ts';
import { translate } from '../../src/stages/translate.ts';
import { Workspace } from '../../src/workspace/workspace.ts';
import { DEFAULT_PANEL } from '../../src/llm/default-panel.ts';
import { startSimServer, type SimServer } from '../../src/llm/sim/server.ts';
import recipe from '../../src/recipes/sociocultural-statements.ts';
import { projectWith, statementFixture } from './fixtures.ts';

const STATEMENTS = statementFixture(3);
const [FIRST, SECOND] = STATEMENTS.map((s) => s.statement_id);

describe('translate honours user translations (sources.translations, a CSV id,language,text)', () => {
  let sim: SimServer | undefined;
  let dir: string | undefined;
  let ws: Workspace | undefined;

  afterEach(async () => {
    ws?.close();
    await sim?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function project(csv: string, stages: Record<string, unknown> = {}) {
    sim = await startSimServer({ port: 0 });
    const panel = DEFAULT_PANEL.map((m) => ({ ...m, baseURL: `${sim!.url}/v1`, rpm: 600_000, tpm: 1e9 }));
    dir = projectWith(STATEMENTS, { panel });
    // Absolute: the workspace root is not the test process's working directory.
    const file = join(dir, 'translations.csv');
    writeFileSync(file, csv);
    writeFileSync(
      join(dir, 'normforge.config.json'),
      JSON.stringify({ panel, sources: { translations: file }, stages }),
    );
    ws = Workspace.open({ cwd: dir });
    return { file, ws, sim };
  }

  const translated = () =>
    new Map(
      readFileSync(join(dir!, 'data/interim/statements-translated.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .map((r) => [r.statement_id, r]),
    );

  it('uses the supplied text instead of asking the model, and asks the model for the rest', async () => {
    // Without the back-translation check, whose requests test/statements/translation-check.test.ts counts.
    const { ws, sim } = await project(`id,language,text\n${FIRST},zh,"社会应当重新思考税收政策，第一例"\n`, {
      translate: { backTranslate: false },
    });
    await runRecipe(ws, recipe, { only: 'translate' });
    const rows = translated();
    expect(rows.get(FIRST)).toMatchObject({
      texts: { zh: '社会应当重新思考税收政策，第一例' },
      translation_source: { en: 'original', zh: 'user' },
    });
    expect(rows.get(SECOND)!.translation_source.zh).toBe('llm');
    expect(sim.stats().requests).toBe(STATEMENTS.length - 1);
  });

  it('editing the translations file makes translate stale, and the rerun takes the new text', async () => {
    const { ws, file } = await project(`id,language,text\n${FIRST},zh,旧的译文\n`);
    await runRecipe(ws, recipe, { only: 'translate' });
    // The translate stage on its own (its upstream stages never ran in this project).
    const status = () => evaluateStage(ws, translate, new FileHasher(ws.store), new RunLog(ws.store));
    expect((await status()).state).toBe('fresh');

    writeFileSync(file, `id,language,text\n${FIRST},zh,新的译文\n${SECOND},zh,第二条的译文\n`);
    const stale = await status();
    expect(stale.state).toBe('stale');
    expect(stale.reasons.join(' ')).toContain('sources.translations');

    const report = await runRecipe(ws, recipe, { only: 'translate' });
    expect(report.stages[0].action).toBe('ran');
    const rows = translated();
    expect(rows.get(FIRST)!.texts.zh).toBe('新的译文');
    expect(rows.get(SECOND)).toMatchObject({ texts: { zh: '第二条的译文' }, translation_source: { zh: 'user' } });
  });

  it('refuses a translations file without the text column, naming the file and line', async () => {
    const { ws, file } = await project(`id,language\n${FIRST},zh\n`);
    const error = await runRecipe(ws, recipe, { only: 'translate' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).location).toMatchObject({ file, line: 1 });
    expect((error as Error).message).toMatch(/missing text/);
  });
});
