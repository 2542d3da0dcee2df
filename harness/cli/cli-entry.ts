/** Process entry of the CLI (the bin shim and tests start this): run main(), exit with its code. */
import { main } from './main.js';

const code = await main(process.argv.slice(2));
// Flush stdout before exiting so a piped table is never cut short.
process.stdout.write('', () => process.exit(code));
