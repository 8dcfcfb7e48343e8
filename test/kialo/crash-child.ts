/**
 * Child process of the crash test: scrapes the replica at argv[3] into the workspace at argv[2]
 * until the test kills it with SIGKILL.
 */
import { replicaWorkspace, runScrapeRecipe } from './helpers.ts';

const [root, baseUrl] = process.argv.slice(2);
const ws = replicaWorkspace(root, baseUrl);
await runScrapeRecipe(ws);
ws.close();
