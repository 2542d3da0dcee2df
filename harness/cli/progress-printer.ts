import type { RunEvent } from '../run/run-scenario.js';
import type { Style } from '../output/format.js';
import type { CellResult } from '../results/result-types.js';

/**
 * Progress on stderr while a run goes (stdout stays clean for the table): a live line per second on a
 * terminal, a line per phase change and every 5 s otherwise (CI logs).
 */
export function progressPrinter(err: NodeJS.WritableStream & { isTTY?: boolean }, style: Style, quiet: boolean): (e: RunEvent) => void {
  const tty = Boolean(err.isTTY);
  let lastPhase = '';
  let lastLineAt = 0;
  let cellCount = 0;
  const clear = (): void => {
    if (tty) err.write('\r\u001b[2K');
  };
  return (e) => {
    if (quiet) return;
    switch (e.type) {
      case 'run-start':
        cellCount = e.plan.cells.length;
        err.write(style.bold(`mcp-lb-bench: run ${e.runId}`) + ` — ${cellCount} cells, ~${Math.ceil(e.plan.loadTimeMs / 1000)} s of load\n`);
        err.write(style.dim(`results: ${e.runDir}`) + '\n');
        break;
      case 'warning':
        clear();
        err.write(style.yellow(e.message) + '\n');
        break;
      case 'reaped':
        // Said by the 'warning' that follows (with containers and networks, when any).
        break;
      case 'cell-start':
        lastPhase = '';
        err.write(`[${e.cell.index + 1}/${cellCount}] ${e.cell.id}${e.repetitions > 1 ? ` (repetition ${e.repetition}/${e.repetitions})` : ''}\n`);
        break;
      case 'progress': {
        const now = performance.now();
        const phaseChanged = e.phase !== lastPhase;
        if (!tty && !phaseChanged && now - lastLineAt < 5000) return;
        lastPhase = e.phase;
        lastLineAt = now;
        const l = e.live;
        const line = `  ${e.phase.padEnd(10)} ${(e.elapsedMs / 1000).toFixed(0).padStart(3)}s/${(e.totalMs / 1000).toFixed(0)}s  sessions ${l.sessionsStarted} started, ${l.sessionsDone} done, ${l.sessionsFailed} failed  requests ${l.requests} (${l.failedRequests} failed)`;
        if (tty) {
          clear();
          err.write(line);
        } else err.write(line + '\n');
        break;
      }
      case 'cell-end': {
        clear();
        const r = e.result;
        const mark = r.status !== 'completed' ? style.red(` ${r.status}${r.error ? `: ${r.error.message}` : ''}`) : r.generator?.saturated ? style.red(' generator_saturated') : '';
        err.write(`  done: ${r.metrics ? `${r.metrics.sessions.ok} ok, ${r.metrics.sessions.recovered} lost+recovered, ${r.metrics.sessions.failed} failed` : 'no measurements'}${topologyTimes(r)}${mark}\n`);
        break;
      }
      case 'results-written':
        if (e.final) err.write(style.dim(`results written: ${e.file}`) + '\n');
        break;
    }
  };
}

function topologyTimes(r: CellResult): string {
  if (!r.topology) return '';
  return ` (topology up in ${(r.topology.startMs / 1000).toFixed(1)} s, down in ${(r.topology.stopMs / 1000).toFixed(1)} s)`;
}
