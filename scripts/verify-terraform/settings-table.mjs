#!/usr/bin/env node
// The README's configuration table, generated from shared-core's settings.json (the one
// declaration of every setting). Prints it; with --write, replaces the table between the
// README's markers. verify-terraform fails when the README's table differs from this.
// Usage: node scripts/verify-terraform/settings-table.mjs [--write] [--root <repository root>]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SETTINGS_FILE, readmeWithTable, settingsTable, README_BEGIN, README_END } from './lib/settings.mjs';

const args = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const at = args.indexOf('--root');
const root = path.resolve(at >= 0 ? args[at + 1] : path.join(here, '..', '..'));
const settings = JSON.parse(fs.readFileSync(path.join(root, SETTINGS_FILE), 'utf8')).settings;
const functions = Object.keys(JSON.parse(fs.readFileSync(path.join(root, 'shared-core/src/main/resources/iam.json'), 'utf8')).functions);

if (!args.includes('--write')) {
  console.log(settingsTable(settings, functions));
} else {
  const file = path.join(root, 'README.md');
  const next = readmeWithTable(fs.readFileSync(file, 'utf8'), settings, functions);
  if (next === null) {
    console.error(`README.md has no settings table markers:\n${README_BEGIN}\n${README_END}`);
    process.exit(1);
  }
  fs.writeFileSync(file, next);
  console.log(`README.md: configuration table written (${Object.keys(settings).length} settings)`);
}
