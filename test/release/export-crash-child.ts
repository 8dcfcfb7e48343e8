/**
 * Child process of the sweep test: starts writing release/<argv[3]>/ into the workspace at argv[2]
 * and never finishes (its rows never end), so the test can kill it with SIGKILL mid-export.
 */
import { join } from 'node:path';
import type { ManifestBody } from '../../src/release/manifest.ts';
import { writeReleaseDir } from '../../src/release/release-dir.ts';
import { PactInstanceSchema } from '../../src/schemas/records.ts';

const [root, dataset] = process.argv.slice(2);
const manifest: ManifestBody = {
  normforge_release: 1,
  dataset: 'pact',
  format: 'normforge',
  ids_only: false,
  rows: 0,
  simulated_labels: false,
  simulated_qc: false,
  provenance: { source: { file: 'data/final/pact.jsonl', sha256: '0'.repeat(64), records: 0 }, qc_rounds: [] },
};
await writeReleaseDir(join(root, 'release', dataset), { schema: PactInstanceSchema }, async (data) => {
  await data.write({ instance_id: 'started' });
  // The rows never end: this promise never settles, so the export is still writing when killed.
  await new Promise<never>(() => undefined);
  return { card: '# never written\n', manifest };
});
