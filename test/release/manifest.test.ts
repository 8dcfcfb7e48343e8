import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHub, type FakeHub } from '../../src/hub/fake-hub.ts';
import { readParquetMetadata } from '../../src/io/parquet.ts';
import { exportRelease } from '../../src/release/export.ts';
import { ReleaseManifestSchema } from '../../src/release/manifest.ts';
import { publishRelease } from '../../src/release/publish.ts';
import type { DatasetId, ReleaseFormat } from '../../src/datasets/registry.ts';
import { makeWorkspace, pactInstances, statementLabels, writeFinal } from './fixtures.ts';

const TOKEN = 'hf_testtoken123456';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let hub: FakeHub;
beforeAll(async () => {
  hub = await startFakeHub();
});
afterAll(async () => {
  await hub.close();
});

function workspaceWith(dataset: DatasetId, simulated: boolean) {
  const { ws } = makeWorkspace();
  if (dataset === 'pact') writeFinal(ws, 'pact', pactInstances({ simulated }));
  else writeFinal(ws, 'sociocultural-statements', statementLabels({ simulated }));
  return ws;
}

async function refusal(ws: ReturnType<typeof workspaceWith>, dataset: DatasetId, repo: string) {
  const before = hub.received.requests.length;
  const err = await publishRelease(ws, dataset, { repo, endpoint: hub.url, token: TOKEN }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(hub.received.requests.length, 'nothing is sent to the Hub').toBe(before);
  return err;
}

describe('the release manifest', () => {
  const cases: Array<[DatasetId, ReleaseFormat]> = [
    ['pact', 'normforge'],
    ['pact', 'pact-hf'],
    ['sociocultural-statements', 'normforge'],
  ];
  it.each(cases)(
    '%s as %s: the simulated flag travels in the manifest and in the Parquet file itself',
    async (dataset, format) => {
      for (const simulated of [true, false]) {
        const ws = workspaceWith(dataset, simulated);
        await exportRelease(ws, dataset, { format });
        const dir = ws.path(`release/${dataset}`);
        const manifest = ReleaseManifestSchema.parse(JSON.parse(readFileSync(`${dir}/manifest.json`, 'utf8')));
        expect(manifest).toMatchObject({ dataset, format, simulated, simulated_labels: simulated, ids_only: false });
        expect(manifest.files.map((f) => f.path)).toEqual(['README.md', 'data/train.jsonl', 'data/train.parquet']);
        for (const f of manifest.files) expect(f.sha256, f.path).toBe(sha256(readFileSync(`${dir}/${f.path}`)));
        expect(manifest.provenance.source).toMatchObject({
          file: `data/final/${dataset}.jsonl`,
          sha256: sha256(readFileSync(ws.path(`data/final/${dataset}.jsonl`))),
        });
        expect(await readParquetMetadata(`${dir}/data/train.parquet`)).toMatchObject({
          'normforge.simulated': String(simulated),
        });
      }
    },
  );

  it('pact-hf keeps exactly the 11 published columns', async () => {
    const ws = workspaceWith('pact', true);
    await exportRelease(ws, 'pact', { format: 'pact-hf' });
    const first = JSON.parse(readFileSync(ws.path('release/pact/data/train.jsonl'), 'utf8').split('\n')[0]) as Record<
      string,
      unknown
    >;
    expect(Object.keys(first)).toHaveLength(11);
  });
});

describe('the publish guard reads the manifest, not the card', () => {
  it("simulated pact-hf data with the card's warning lines deleted is refused (exit 2), nothing uploaded", async () => {
    const ws = workspaceWith('pact', true);
    await exportRelease(ws, 'pact', { format: 'pact-hf' });
    const card = ws.path('release/pact/README.md');
    writeFileSync(
      card,
      readFileSync(card, 'utf8')
        .split('\n')
        .filter((l) => !l.includes('normforge:simulated') && !l.includes('Simulated data'))
        .join('\n'),
    );
    const err = await refusal(ws, 'pact', 'norm-org/bypass');
    expect(err).toMatchObject({ exitCode: 2 });
    expect(String((err as Error).message)).toMatch(/README\.md.*changed since export|simulated/);
  });

  it('the same release with its manifest hand-edited to say "not simulated" is still refused', async () => {
    const ws = workspaceWith('pact', true);
    await exportRelease(ws, 'pact', { format: 'pact-hf' });
    const file = ws.path('release/pact/manifest.json');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replaceAll('"simulated": true', '"simulated": false')
        .replaceAll('"simulated_labels": true', '"simulated_labels": false'),
    );
    const err = await refusal(ws, 'pact', 'norm-org/edited');
    expect(err).toMatchObject({ exitCode: 2, message: expect.stringMatching(/train\.parquet.*simulated/) });
  });

  it('a release without a manifest is refused with exit 2', async () => {
    const ws = workspaceWith('pact', false);
    await exportRelease(ws, 'pact');
    rmSync(ws.path('release/pact/manifest.json'));
    const err = await refusal(ws, 'pact', 'norm-org/no-manifest');
    expect(err).toMatchObject({ exitCode: 2, message: expect.stringMatching(/manifest\.json.*no release manifest/) });
  });

  it('a release whose file no longer matches the manifest (sha256) is refused with exit 2 naming the file', async () => {
    const ws = workspaceWith('pact', false);
    await exportRelease(ws, 'pact');
    appendFileSync(ws.path('release/pact/data/train.jsonl'), '{"extra":true}\n');
    const err = await refusal(ws, 'pact', 'norm-org/changed');
    expect(err).toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/data\/train\.jsonl.*changed since export/),
    });
  });

  it('a file in the release that the manifest does not list is refused', async () => {
    const ws = workspaceWith('pact', false);
    await exportRelease(ws, 'pact');
    writeFileSync(ws.path('release/pact/data/extra.csv'), 'a,b\n');
    const err = await refusal(ws, 'pact', 'norm-org/extra');
    expect(err).toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/data\/extra\.csv.*not in the release manifest/),
    });
  });
});
