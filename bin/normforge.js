#!/usr/bin/env node
// The CLI ships as TypeScript run through tsx, so the installed command and the sources never drift apart.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/main.ts');
