import { LEGACY_PROTOCOL_VERSION } from '../protocol/legacy-model.js';
import { STATELESS_PROTOCOL_VERSION } from '../protocol/stateless-requests.js';
import { MISSING } from '../output/format.js';
import type { RunResult } from '../results/result-types.js';
import { kv, loadAccuracyTable, loadModelText, loadTable, reconciliationTable } from './methodology-load.js';
import { sectionOf, type Block } from './report-blocks.js';
import type { ReportSection } from './report-section.js';
import type { ReportTable } from './report-table.js';
import type { RunReportInput } from './run-report-input.js';

/** POSIX shell quoting, so the printed command pastes into a terminal as it ran. */
export function shellQuote(args: readonly string[]): string {
  return args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

function show(v: unknown): string {
  if (v === undefined || v === null) return MISSING;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** The machine table: byte counts also in GiB, the rest as recorded. */
function environmentRows(env: Readonly<Record<string, unknown>>): [string, string][] {
  return Object.entries(env).map(([k, v]): [string, string] => [k, typeof v === 'number' && k.endsWith('Bytes') ? `${(v / 2 ** 30).toFixed(1)} GiB (${v} bytes)` : show(v)]);
}

function runTable(r: RunResult): ReportTable {
  return kv([
    ['run id', r.runId],
    ['status', r.status + (r.error ? ` (${r.error.code}: ${r.error.message})` : '')],
    ['started', r.startedAt],
    ['finished', r.finishedAt ?? MISSING],
    ['duration', r.durationMs === undefined ? MISSING : `${(r.durationMs / 1000).toFixed(1)} s`],
    ['harness', `${r.tool.name} ${r.tool.version}, git ${r.tool.gitSha ?? 'unknown'}${r.tool.gitDirty ? ' (uncommitted changes)' : ''}`],
    ['result schema', String(r.schemaVersion)],
  ]);
}

function matrixTable(r: RunResult): ReportTable {
  const m = r.scenario.matrix;
  return kv([
    ['protocol models', m.models.join(', ')],
    ['balancer policies', m.policies.join(', ')],
    ['replicas', m.replicas.join(', ')],
    ['flows', m.flows.join(', ')],
    ['stores', m.stores.join(', ')],
    ['excluded', m.exclude.length ? m.exclude.map((e) => JSON.stringify(e)).join('; ') : 'none'],
    ['platform', r.scenario.platform],
    ['cells run', r.cells.map((c) => `${c.id} (${c.status})`).join(', ') || 'none'],
  ]);
}

function softwareTable(r: RunResult): ReportTable {
  const sdkByModel = new Map<string, string>();
  for (const c of r.cells) {
    const sdk = c.replicaReports?.[0]?.sdk;
    if (sdk && !sdkByModel.has(c.model)) sdkByModel.set(c.model, Object.entries(sdk).map(([k, v]) => `${k} ${v}`).join(', '));
  }
  return kv([
    ['protocol versions', `legacy = ${LEGACY_PROTOCOL_VERSION} (sessions, Mcp-Session-Id); stateless = ${STATELESS_PROTOCOL_VERSION} (self-contained requests). Not recorded in result.json: the revisions this harness build speaks.`],
    ...[...sdkByModel].map(([model, sdk]): [string, string] => [`replica SDK (${model})`, sdk]),
    ['Node.js', show(r.environment['node'])],
    ...Object.entries(r.software).map(([k, v]): [string, string] => [k, v]),
  ]);
}

function balancerBlocks(input: RunReportInput): Block[] {
  const table: ReportTable = {
    head: ['cell', 'implementation', 'version', 'why', 'config file'],
    numeric: [false, false, false, false, false],
    rows: input.result.cells.map((c) => [c.id, c.balancer?.implementation ?? MISSING, c.balancer?.version ?? MISSING, c.balancer?.selectionReason ?? MISSING, c.balancer?.configFile ?? 'none (built in)']),
  };
  const blocks: Block[] = [{ kind: 'table', table }];
  for (const cfg of input.configs) {
    const summary = `${cfg.file} (${cfg.cellIds.join(', ')})`;
    const lang = cfg.file.endsWith('haproxy.cfg') ? 'haproxy' : cfg.file.endsWith('nginx.conf') ? 'nginx' : '';
    blocks.push(cfg.text === undefined ? { kind: 'paragraph', text: `${summary}: ${cfg.problem ?? 'not read'}` } : { kind: 'details', summary, blocks: [{ kind: 'code', text: cfg.text, lang }] });
  }
  return blocks;
}

export function methodologySection(input: RunReportInput): ReportSection {
  const r = input.result;
  const sc = r.scenario;
  const blocks: Block[] = [
    { kind: 'heading', text: 'Reproduce' },
    { kind: 'paragraph', text: 'The command as recorded in result.json, run from the harness checkout:' },
    { kind: 'code', text: shellQuote(r.command), lang: 'sh' },
    { kind: 'paragraph', text: `Scenario file: ${sc.sourceFile ?? 'none (given inline)'}. What ran is the resolved scenario at the end of this section (defaults and overrides applied); where it differs from the file, the resolved scenario is the truth.` },
    { kind: 'heading', text: 'Run' },
    { kind: 'table', table: runTable(r) },
    { kind: 'heading', text: 'Matrix' },
    { kind: 'table', table: matrixTable(r) },
    { kind: 'heading', text: 'Load model' },
    { kind: 'paragraph', text: loadModelText(sc.load) },
    { kind: 'table', table: loadTable(sc) },
    { kind: 'heading', text: 'How well the generator kept its schedule' },
    { kind: 'table', table: loadAccuracyTable(r.cells) },
    { kind: 'heading', text: 'Protocol and software' },
    { kind: 'table', table: softwareTable(r) },
    { kind: 'heading', text: 'Balancers and their configurations' },
    ...balancerBlocks(input),
    { kind: 'heading', text: 'Machine' },
    { kind: 'table', table: kv(environmentRows(r.environment)) },
    { kind: 'heading', text: 'Client and replica counts' },
    { kind: 'paragraph', text: 'Every request the client saw, by replica, method and status, compared with what each replica counted itself.' },
    { kind: 'table', table: reconciliationTable(r.cells) },
    { kind: 'heading', text: 'Warnings recorded by the run' },
    r.warnings.length ? { kind: 'list', items: r.warnings.map((text) => ({ text, level: 'caution' as const })) } : { kind: 'paragraph', text: 'None.' },
    { kind: 'details', summary: 'Resolved scenario (JSON)', blocks: [{ kind: 'code', text: JSON.stringify(sc, null, 2), lang: 'json' }] },
  ];
  return sectionOf(`${input.idPrefix}methodology`, `Methodology${input.titleSuffix}`, blocks);
}
