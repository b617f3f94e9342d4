/** Splits `--name value` and `--switch` flags from positional arguments. */
export function parseArgs(argv: string[]): { positional: string[]; flags: Record<string, string | boolean> } {
  const positional: string[] = [];
  // Flag names are the user's text: no prototype, so `--__proto__` or `--constructor` is just a flag.
  const flags = Object.create(null) as Record<string, string | boolean>;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      if (eq > 0) {
        flags[arg.slice(2, eq)] = arg.slice(eq + 1);
      } else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
        flags[arg.slice(2)] = argv[++i];
      } else {
        flags[arg.slice(2)] = true;
      }
    } else {
      positional.push(arg);
    }
  }
  return { positional, flags };
}

/** A flag's string value, or an error saying it is required. */
export function requireFlag(flags: Record<string, string | boolean>, name: string): string {
  const v = flags[name];
  if (typeof v !== 'string' || v === '') throw new Error(`--${name} is required`);
  return v;
}

/** A flag's integer value, its default when absent, or an error when not an integer. */
export function intFlag(flags: Record<string, string | boolean>, name: string, fallback: number): number {
  const v = flags[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isInteger(n)) throw new Error(`--${name} must be an integer, got "${String(v)}"`);
  return n;
}

/** A flag's string value, or undefined when absent (a bare `--name` is an error). */
export function stringFlag(flags: Record<string, string | boolean>, name: string): string | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v === '') throw new Error(`--${name} needs a value`);
  return v;
}

/** A comma-separated flag as a list (blank entries dropped), or undefined when absent. */
export function listFlag(flags: Record<string, string | boolean>, name: string): string[] | undefined {
  const v = stringFlag(flags, name);
  return v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean);
}

/** A flag's number value, or undefined when absent (anything but a number is an error). */
export function numberFlag(flags: Record<string, string | boolean>, name: string): number | undefined {
  const v = stringFlag(flags, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new Error(`--${name} must be a number, got "${v}"`);
  return n;
}
