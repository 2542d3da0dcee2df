/**
 * `{port}` and `{id}` in a user server's argv, command and environment values: the port the harness
 * gives the replica and its id (r1..rN). Nothing else in the text is touched (JSON in an argument keeps
 * its braces).
 */
export interface UserServerPlaceholders {
  readonly port: number;
  readonly id: string;
}

export function fillPlaceholders(text: string, p: UserServerPlaceholders): string {
  return text.replaceAll('{port}', String(p.port)).replaceAll('{id}', p.id);
}

export function fillArgs(args: readonly string[], p: UserServerPlaceholders): string[] {
  return args.map((a) => fillPlaceholders(a, p));
}

export function fillEnv(env: Readonly<Record<string, string>>, p: UserServerPlaceholders): Record<string, string> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, fillPlaceholders(v, p)]));
}

/** A command line as a person would type it, for hints ("run it by hand: ..."). */
export function shellLine(argv: readonly string[], env: Readonly<Record<string, string>> = {}, cwd?: string): string {
  const quote = (s: string): string => (/^[\w@%+=:,./{}-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const envText = Object.entries(env).map(([k, v]) => `${k}=${quote(v)} `).join('');
  return `${cwd ? `(cd ${quote(cwd)} && ` : ''}${envText}${argv.map(quote).join(' ')}${cwd ? ')' : ''}`;
}
