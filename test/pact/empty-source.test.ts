import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NORMAD_COLUMNS } from '../../src/pact/normad.ts';
import { ingestCultureAtlas } from '../../src/stages/ingest-cultureatlas.ts';
import { ingestNormad } from '../../src/stages/ingest-normad.ts';
import { runStage, tempDir, workspace, writeCsvFile } from './helpers.ts';

const normadRow = [
  '0',
  'egypt',
  'bg',
  'Etiquette',
  'basic_etiquette',
  'Respect.',
  'Eat with the right hand.',
  'Story.',
  '',
  'yes',
];
const caHeader = [
  '0',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
  '10',
  '11',
  '12',
  '13',
  '14',
  '15',
  '16',
  'norm_violation_rlv',
];
const caRow = [
  'Japan',
  'Social',
  'Dining',
  'Meals',
  'https://e.org',
  'Food',
  'ctx',
  's',
  'r',
  'Guests wait for the host.',
  'True',
  '0.9',
  '0.8',
  '0.2',
  '0',
  '0',
  '0.1',
  '0',
];

describe('a source file with a header and no rows', () => {
  it('NormAd: refused with exit 2 naming the file; the interim file of the last good run is kept', async () => {
    const root = tempDir();
    const good = writeCsvFile(join(root, 'normad.csv'), [...NORMAD_COLUMNS], [normadRow]);
    await runStage(ingestNormad, workspace(root, { sources: { normad: good } }));
    const interim = join(root, 'data/interim/normad.jsonl');
    const before = readFileSync(interim, 'utf8');
    expect(before).toContain('"source_id":"0"');
    const empty = writeCsvFile(join(root, 'normad-empty.csv'), [...NORMAD_COLUMNS], []);
    const err = await runStage(ingestNormad, workspace(root, { sources: { normad: empty } })).catch((e: unknown) => e);
    expect(err).toMatchObject({ exitCode: 2, message: expect.stringMatching(/normad-empty\.csv.*no rows/) });
    expect(readFileSync(interim, 'utf8')).toBe(before);
  });

  it('CultureAtlas: refused with exit 2 naming the file; the interim file of the last good run is kept', async () => {
    const root = tempDir();
    const good = writeCsvFile(join(root, 'ca.csv'), caHeader, [caRow]);
    await runStage(ingestCultureAtlas, workspace(root, { sources: { cultureatlas: { path: good } } }));
    const interim = join(root, 'data/interim/cultureatlas.jsonl');
    const before = readFileSync(interim, 'utf8');
    expect(before).toContain('"country":"JP"');
    const empty = writeCsvFile(join(root, 'ca-empty.csv'), caHeader, []);
    const err = await runStage(
      ingestCultureAtlas,
      workspace(root, { sources: { cultureatlas: { path: empty } } }),
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ exitCode: 2, message: expect.stringMatching(/ca-empty\.csv.*no rows/) });
    expect(readFileSync(interim, 'utf8')).toBe(before);
  });
});
