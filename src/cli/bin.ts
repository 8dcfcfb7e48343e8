import { main } from './main.ts';

// The process entry: the exit code is set, not forced, so pending output is flushed before exit.
process.exitCode = await main(process.argv.slice(2));
