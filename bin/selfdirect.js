#!/usr/bin/env node
// The `selfdirect` command runs the compiled CLI (npm install builds it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
if (!existsSync(compiled)) {
  process.stderr.write('selfdirect is not built yet. Run `npm install` (or `npm run build`) in the repository first.\n');
  process.exit(1);
}
await import(compiled);
