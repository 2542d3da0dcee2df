/** Number formatting for humans. Missing values print as an em dash, never as zero. */
export const MISSING = '—';

export function fmtMsFromUs(us: number | undefined): string {
  if (us === undefined) return MISSING;
  const ms = us / 1000;
  if (ms < 10) return ms.toFixed(2);
  if (ms < 100) return ms.toFixed(1);
  return ms.toFixed(0);
}

export function fmtPct(part: number, whole: number, digits = 1): string {
  if (whole === 0) return MISSING;
  return `${((part / whole) * 100).toFixed(digits)}%`;
}

export function fmtNum(n: number | undefined, digits = 0): string {
  if (n === undefined || !Number.isFinite(n)) return MISSING;
  return n.toFixed(digits);
}

export interface Style {
  red(s: string): string;
  yellow(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
export const ansiStyle: Style = { red: wrap(31, 39), yellow: wrap(33, 39), bold: wrap(1, 22), dim: wrap(2, 22) };
export const plainStyle: Style = { red: (s) => s, yellow: (s) => s, bold: (s) => s, dim: (s) => s };

/** Colour only for a terminal that wants it (https://no-color.org). */
export function styleFor(stream: { isTTY?: boolean }): Style {
  return stream.isTTY && !process.env['NO_COLOR'] ? ansiStyle : plainStyle;
}
