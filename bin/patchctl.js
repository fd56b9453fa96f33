#!/usr/bin/env node
// patchctl's bin: an ESM shim that registers tsx and runs the TypeScript CLI (cli/patchctl.ts)
// directly; there is no build step.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../cli/patchctl.ts');
process.exitCode = await run(process.argv.slice(2), {
  out: (s) => console.log(s),
  err: (s) => console.error(s),
});
