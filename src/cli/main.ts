#!/usr/bin/env node
// The jobtwin command line.
import { runMock, MOCK_USAGE } from './mock.js';
import { runConform } from './conform.js';
import { UsageError } from './usage.js';
import { SpecError } from '../spec/load.js';
import { BUNDLED_APIS, bundledSpecPath } from '../spec/bundled.js';
import { VERSION } from '../version.js';

const USAGE = `jobtwin ${VERSION}: a stateful twin of asynchronous-job APIs

Usage:
  jobtwin mock [options]     serve the twin (jobtwin mock --help)
  jobtwin conform [options]  check an implementation against its spec and lifecycle (jobtwin conform --help)
  jobtwin specs              list the bundled specs
  jobtwin --version

${MOCK_USAGE}`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'mock':
      await runMock(rest);
      return -1;
    case 'conform':
      return runConform(rest);
    case 'specs':
      for (const name of BUNDLED_APIS) console.log(`${name.padEnd(12)} ${bundledSpecPath(name)}`);
      return 0;
    case '--version':
    case '-v':
      console.log(VERSION);
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}" (jobtwin --help lists them)`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error) => {
    if (error instanceof UsageError || error instanceof SpecError) {
      console.error(`jobtwin: ${error.message}`);
      process.exitCode = 2;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  },
);
