#!/usr/bin/env node
// Build step (npm run build, after `oclif manifest`): what the CLI's fast
// path (src/cli/oneshot.ts) needs to run a one-shot console line without
// importing oclif or the engine first, as dist/cli/oneshot.json:
//   console: every console command's words, and whether it ends in `confirm`;
//   oclif:   each one-line oclif command's arguments (required, options,
//            integer bounds), so the fast path refuses exactly what oclif
//            would refuse and hands those invocations to oclif.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { allCommands } = await import(pathToFileURL(join(root, 'dist/station/console/commands/index.js')).href);
const consoleWords = allCommands.map((c) => ({ words: c.words, confirm: /\bconfirm$/.test(c.usage) }));

const manifest = JSON.parse(readFileSync(join(root, 'oclif.manifest.json'), 'utf8'));
const oclif = {};
for (const [id, cmd] of Object.entries(manifest.commands)) {
  if (!cmd.relativePath) continue; // a plugin's command (help, autocomplete): oclif runs it
  const module = await import(pathToFileURL(join(root, ...cmd.relativePath)).href);
  const Class = module.default;
  if (typeof Class?.prototype?.line !== 'function') continue; // more than one console line: oclif runs it
  const args = [];
  for (const [name, arg] of Object.entries(Class.args ?? {})) {
    let integer = false;
    try {
      await arg.parse('not-a-number', {}, arg);
    } catch {
      integer = true;
    }
    args.push({ name, required: Boolean(arg.required), options: arg.options, integer, min: arg.min, max: arg.max });
  }
  oclif[id.replaceAll(':', ' ')] = { args, strict: Class.strict !== false };
}
writeFileSync(join(root, 'dist/cli/oneshot.json'), `${JSON.stringify({ console: consoleWords, oclif })}\n`);
