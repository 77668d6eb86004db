#!/usr/bin/env node
// user-csv-sync: the command-line client of User CSV Sync for scheduled jobs (SPEC §11). Speaks HTTP only.
import { runCli } from './program';

void runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then((code) => {
  process.exitCode = code;
});
