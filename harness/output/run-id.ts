import { randomBytes } from 'node:crypto';

export { MAX_SCENARIO_NAME_CHARS } from '../config/scenario-name.js';

/** e.g. 20261124T130542Z-headline-3fa2: sortable by time, readable, unique across concurrent runs. */
export function newRunId(scenarioName: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${scenarioName}-${randomBytes(2).toString('hex')}`;
}
