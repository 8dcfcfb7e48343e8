/**
 * Child process of the crash test: asks the panel for every sample of the shared request set
 * against a running sim-server and prints one line per finished answer, until it is killed.
 * Usage: node --import tsx test/llm/crash-child.ts <store file> <sim url>
 */
import { createPanel } from '../../src/llm/panel.ts';
import { createLogger } from '../../src/log/logger.ts';
import { openStore } from '../../src/store/run-store.ts';
import { crashRequests } from './helpers.ts';

const [storeFile, simUrl] = process.argv.slice(2);
const store = openStore(storeFile);
const panel = createPanel({ store, log: createLogger({ sink: () => undefined }), stage: 'crash' });
await panel.ask(crashRequests(simUrl), { onAnswer: (a) => process.stdout.write(`answered ${a.request.itemId}\n`) });
process.stdout.write('finished\n');
