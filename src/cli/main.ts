#!/usr/bin/env node
// The jobtwin command line. Only light modules load before the stop signals are handled: as PID 1
// in a container, a SIGTERM that arrives while express, ajv and the parsers load would be ignored.
import { UsageError } from './usage.js';
import { JobtwinError } from '../errors.js';
import { BUNDLED_APIS, bundledSpecPath } from '../spec/bundled.js';
import { VERSION } from '../version.js';

const stopEarly = (signal: NodeJS.Signals) => {
  console.log(`jobtwin: ${signal} during start-up, stopping`);
  process.exit(0);
};
process.on('SIGTERM', stopEarly);
process.on('SIGINT', stopEarly);

const usage = (mockUsage: string) => `jobtwin ${VERSION}: a stateful twin of asynchronous-job APIs

Usage:
  jobtwin mock [options]     serve the twin (jobtwin mock --help)
  jobtwin conform [options]  check an implementation against its spec and lifecycle (jobtwin conform --help)
  jobtwin diff [options]     how faithful the twin is to a real target (jobtwin diff --help)
  jobtwin init SPEC          draft the overlay that makes a vendor's spec a twin (jobtwin init --help)
  jobtwin specs              list the bundled specs
  jobtwin --version

${mockUsage}`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'mock': {
      const { runMock } = await import('./mock.js');
      await runMock(rest, process.env, stopEarly);
      return -1;
    }
    case 'conform': {
      const { runConform } = await import('./conform.js');
      // conform replaces the start-up handler with its own: a stop mid-run writes the reports, exits 128+N
      return runConform(rest, process.env, stopEarly);
    }
    case 'diff': {
      const { runDiffCli } = await import('./diff.js');
      // a stop mid-diff exits 128+N, never 0
      return runDiffCli(rest, process.env, stopEarly);
    }
    case 'init': {
      const { runInit } = await import('./init.js');
      return runInit(rest);
    }
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
      console.log(usage((await import('./mock.js')).MOCK_USAGE));
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
    if (error instanceof JobtwinError) {
      console.error(`jobtwin: ${error.message}`);
      process.exitCode = error.exitStatus;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  },
);
