import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PANEL } from '../../src/llm/default-panel.ts';
import { toWire } from '../../src/llm/request.ts';
import { runRecipe } from '../../src/pipeline/runner.ts';
import recipe from '../../src/recipes/sociocultural-statements.ts';
import { TYPICAL_STATEMENT } from '../../src/stages/shared/statement-count.ts';
import { builtInFramework } from '../../src/statements/framework.ts';
import { economyRequests, questionRequests } from '../../src/statements/requests.ts';
import { simProject } from './sim-build.ts';

/**
 * Regression golden: every hash below was computed by the code before value frameworks became data
 * (main at 763d07d, the Hofstede table in src/statements/hofstede.ts), with the same build: 8
 * fixture statements, the paper's panel on the simulator, in-process runs of the
 * sociocultural-statements recipe from translate. The built-in framework file must reproduce them.
 *
 * One thing changed on purpose: the suffix every prompt version carries after its template hash.
 * It was the hash of the table object in code, whose keys ran PDI, IDV, UAI, MAS, LTO, IND while
 * every question ran PDI, IDV, MAS, UAI, LTO, IND; now it is the framework's prompt hash over its
 * dimensions in the one order the file gives. The outputs are compared with that suffix put back,
 * so any other byte that differs fails.
 *
 * The final JSONL's golden is the 763d07d file's lines put in the order assemble-statements now
 * writes them (statement_id, then dimension, so release can stream them): the same lines, byte for
 * byte, checked by sorting the old build's output (b953235c… faithful, 85704ff4… economy unsorted).
 */
const LEGACY_PROMPT_SUFFIX = '37807650ddd5';

const GOLDEN = {
  faithful: {
    'data/interim/relevance.jsonl': 'a13b9b9a4d3e317ef1ac87b45c46e9fe31a15f8ec89169bce61b108d209815d4',
    'data/interim/polarity.jsonl': '3ec8a7f5642548666d66acad00e321fdfcda8d5bf2ba1cf28592c3b236e07eed',
    'data/final/sociocultural-statements.jsonl': 'e383c9aa939ad548693726e1c6d93cc9fbc96d27a78bbc022d8e9e82853aa12e',
    'data/final/sociocultural-statements.summary.json':
      'a0b4a826d686f2c6801259a25a72a30cb793fd88a9e2ecd7e87f13dd33f56079',
    cacheKeys: 'd70ceb5702f5f3ac0f6ba5d0d3a0b93572d89aa629204393ba47f3987cf02cf7',
    cacheKeyCount: 2640,
  },
  economy: {
    'data/interim/relevance.jsonl': 'b030e97a7eef56989ad4f291a557c9ad07145fe231707445a7fa9008b15e19b3',
    'data/interim/polarity.jsonl': 'c27170e6f717fdef811c2a73666a9151bdca5c964b3bfda9917d99d02ec611e8',
    'data/final/sociocultural-statements.jsonl': '21ba643a5f07137042853a7a9acd5810b455145ad016a5552dc3c889a1f1b622',
    'data/final/sociocultural-statements.summary.json':
      '6caced6dcdd000cb4eab09f985d361adfe278851d84b48ffb688d27213798c6b',
    cacheKeys: '6f4ccb0f6d4e3e02a58c2bf9bda830b252f7c909394a7b965ec924914ccb3546',
    cacheKeyCount: 320,
  },
} as const;

/** The first sample's cache key of the typical statement's LTO questions and its economy question, gpt-4.1. */
const GOLDEN_REQUESTS = [
  ['relevance', 'en', 'f5327b8e891d', 'a2b9493a98707f96572ae7499816712d7c2c6465c85f9f3194fa5783907b33be'],
  ['relevance', 'zh', '48525c934523', '6634373d3a2cee12dffdd1fb49ecacb3942e27da871b4b14258a38f15d5f61fd'],
  ['polarity', 'en', 'b3bd4f77421e', '8d13251200ee500c94882922ae32deb7cc3e1f3e92d2e787f3cde91de08d11e9'],
  ['polarity', 'zh', '18dbd3bd683b', '665c7b383d3eea7818e0bc0650903b35ed35c933175132d5a4918c9ef0bd3531'],
  ['hofstede-economy', 'en', '469ff7425fd3', '663fbbd26d7627bc35dc2e175d180a5c353381e9d078f0c8eb6eb9dbdb014f81'],
  ['hofstede-economy', 'zh', '14c5029d4911', 'b012e2965f730ce7334c6d28d148828a8ce4a72026bf6224ead445901064a78f'],
] as const;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const FILES = [
  'data/interim/relevance.jsonl',
  'data/interim/polarity.jsonl',
  'data/final/sociocultural-statements.jsonl',
  'data/final/sociocultural-statements.summary.json',
] as const;

/**
 * The judge records gained one field after 763d07d: `prompt_review`, where each language's prompts
 * came from (issue 22). It is checked to say "built in" for both languages and taken out, so the
 * rest of each line is compared byte for byte with the golden.
 */
function withoutPromptReview(text: string): string {
  if (!text.includes('"prompt_review"')) return text;
  return text.replace(/^.+$/gm, (line) => {
    const { prompt_review: review, ...rest } = JSON.parse(line);
    expect(Object.keys(review).sort()).toEqual(['en', 'zh']);
    for (const state of Object.values(review)) expect(state).toBe('built-in');
    return JSON.stringify(rest);
  });
}

async function buildHashes(mode: 'faithful' | 'economy') {
  const project = await simProject(8, () => ({ stages: { 'judge-relevance': { mode } } }));
  try {
    await runRecipe(project.ws, recipe, { from: 'translate' });
    const suffix = `.${builtInFramework().promptHash}`;
    const hashes: Record<string, string | number> = {};
    for (const file of FILES) {
      const text = withoutPromptReview(readFileSync(join(project.dir, file), 'utf8'));
      hashes[file] = sha256(text.replaceAll(suffix, `.${LEGACY_PROMPT_SUFFIX}`));
    }
    const db = new Database(join(project.dir, 'data/normforge.db'), { readonly: true });
    const keys = db.prepare("SELECT key FROM llm_cache WHERE task != 'translate' ORDER BY key").all() as Array<{
      key: string;
    }>;
    db.close();
    hashes.cacheKeys = sha256(keys.map((k) => k.key).join('\n'));
    hashes.cacheKeyCount = keys.length;
    return hashes;
  } finally {
    await project.close();
  }
}

describe('the built-in Hofstede framework reproduces the build from before frameworks were data', () => {
  it('faithful mode: the same labels, votes and summary, and the same cache keys', async () => {
    expect(await buildHashes('faithful')).toEqual(GOLDEN.faithful);
  });

  it('economy mode: the same labels, votes and summary, and the same cache keys', async () => {
    expect(await buildHashes('economy')).toEqual(GOLDEN.economy);
  });

  it('the same prompts: each question keeps its template version and its cache key', () => {
    const framework = builtInFramework();
    const member = [DEFAULT_PANEL[0]];
    const pair = [{ statement: TYPICAL_STATEMENT, dimension: 'LTO' }];
    const requests = [
      ...questionRequests('relevance', pair, member, framework),
      ...questionRequests('polarity', pair, member, framework),
      ...economyRequests([TYPICAL_STATEMENT], member, framework),
    ];
    expect(
      requests.map((r) => [r.task.name, r.language, r.task.promptVersion.split('.')[0], toWire(r).keys[0]]),
    ).toEqual(GOLDEN_REQUESTS.map((g) => [...g]));
    for (const r of requests) expect(r.task.promptVersion.split('.')[1]).toBe(framework.promptHash);
  });
});
