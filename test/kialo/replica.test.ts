import { describe, expect, it } from 'vitest';
import { startKialoReplica } from '../../src/scrapers/kialo/replica/server.ts';

describe('Kialo replica server', () => {
  it('rejects with EADDRINUSE when its port is taken (so the demo can fall back to a free port)', async () => {
    const holder = await startKialoReplica();
    try {
      const port = Number(new URL(holder.url).port);
      await expect(startKialoReplica({ port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await holder.close();
    }
  });
});
