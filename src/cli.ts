#!/usr/bin/env node
/** Entry of the unbundled CLI (dist/src/cli.js, used by the tests); the shipped `brief` starts from src/bin/launch.ts. */
import { main } from './cli/program.js';

await main();
