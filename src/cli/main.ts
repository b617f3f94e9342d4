/**
 * The command line: the same ML code as the browser, JSON on stdout only.
 * Errors go to stderr as one line with a non-zero exit (CONTRACT.md §2).
 *   npm run -s cli -- profile FILE
 *   npm run -s cli -- cv FILE --target COL --task regression|classification --model MODEL [...]
 *   npm run -s cli -- cluster FILE --features a,b,c --k 2..8 [--scale standard] [--seed 0]
 *   npm run -s cli -- run FILE --config RUN.json   (any RunConfig the app describes)
 *   npm run -s cli -- train FILE --target COL --task … --model MODEL --out model.json
 *   npm run -s cli -- score model.json FILE --out scored.csv
 *   npm run -s cli -- drift REF CUR   (src/cli/drift.ts)
 *   npm run -s cli -- simulate FILE --target COL --model MODEL --months 12 --seed 0   (src/cli/simulate.ts)
 *   npm run -s cli -- customers LOG --customer COL --date COL --amount COL   (or clv LOG …: src/cli/clv.ts)
 */
import { parseArgs } from './args';

type Command = (positional: string[], flags: Record<string, string | boolean>) => Promise<unknown>;

const commands: Record<string, () => Promise<Command>> = {
  profile: async () => (await import('./profile')).runProfile,
  cv: async () => (await import('./cv')).runCv,
  cluster: async () => (await import('./cluster')).runCluster,
  run: async () => (await import('./run')).runRun,
  train: async () => (await import('./train')).runTrain,
  score: async () => (await import('./score')).runScore,
  customers: async () => (await import('./customers')).runCustomers,
  clv: async () => (await import('./clv')).runClv,
  drift: async () => (await import('./drift')).runDrift,
  simulate: async () => (await import('./simulate')).runSimulate,
};

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  const load = name && Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!load) {
    throw new Error(`Unknown command "${name ?? ''}"; use one of: ${Object.keys(commands).join(', ')}`);
  }
  const { positional, flags } = parseArgs(rest);
  const command = await load();
  const result = await command(positional, flags);
  process.stdout.write(JSON.stringify(result) + '\n');
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exit(1);
});
