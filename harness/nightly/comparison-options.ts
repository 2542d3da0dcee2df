import { suggestionHint } from '../config/did-you-mean.js';
import { parseLimit } from '../config/thresholds-schema.js';
import { HarnessError } from '../errors/harness-error.js';
import { FIGURE_VERDICTS, type FigureVerdict, type RunComparison } from '../results/run-comparison.js';

/** `--min-effect 5%` or `0.05`: the smallest relative change called a change. */
export function parseMinEffect(text: string | undefined, flag = '--min-effect'): number | undefined {
  if (text === undefined) return undefined;
  const parsed = parseLimit(text.trim(), 'fraction');
  if (!parsed.ok || parsed.value <= 0 || parsed.value >= 1) {
    throw new HarnessError('E_USAGE', `${flag} ${JSON.stringify(text)}: ${parsed.ok ? 'must be above 0 and below 100 %' : parsed.message}`, { hint: `give a percentage such as ${flag} 5% (or a fraction: 0.05)` });
  }
  return parsed.value;
}

/** `--fail-on regressed` or a comma list of verdicts: exit 4 when any figure gets one of them. */
export function parseFailOn(text: string | undefined): FigureVerdict[] {
  if (text === undefined) return [];
  const words = text.split(',').map((w) => w.trim()).filter((w) => w !== '');
  const names = FIGURE_VERDICTS as readonly string[];
  for (const w of words) {
    if (!names.includes(w)) throw new HarnessError('E_USAGE', `--fail-on: unknown verdict "${w}"`, { hint: suggestionHint(w, names, 'verdicts') });
  }
  if (words.length === 0) throw new HarnessError('E_USAGE', '--fail-on needs a verdict', { hint: 'e.g. --fail-on regressed' });
  return words as FigureVerdict[];
}

/** The figures whose verdict is one the user fails on, as "cell figure verdict" lines. */
export function failingFigures(c: RunComparison, failOn: readonly FigureVerdict[]): string[] {
  return c.cells.flatMap((cell) => cell.figures.filter((f) => failOn.includes(f.verdict)).map((f) => `${cell.cellId} ${f.label}: ${f.verdict}`));
}
