import { parseArgs } from 'node:util';

/**
 * The options of a benchmark script: each one checked, so that a mistyped flag or a bad number
 * stops the run with a message (exit 2) instead of silently measuring something else; `--help`
 * prints them.
 */
export type OptionSpec =
  | { type: 'count'; default: number; min?: number; help: string }
  | { type: 'flag'; help: string }
  | { type: 'choice'; choices: readonly string[]; default: string; help: string };

type Values<S extends Record<string, OptionSpec>> = {
  [K in keyof S]: S[K] extends { type: 'count' } ? number : S[K] extends { type: 'flag' } ? boolean : string;
};

export function readBenchOptions<S extends Record<string, OptionSpec>>(script: string, spec: S, args = process.argv.slice(2)): Values<S> {
  const usage = [`Usage: npm run ${script} -- [options]`, ...Object.entries(spec).map(([name, option]) => `  --${name}${describe(option)}`), '  --help  this list'].join('\n');
  const fail = (message: string): never => {
    console.error(`${script}: ${message}\n${usage}`);
    process.exit(2);
  };
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args, strict: true, allowPositionals: false,
      options: { help: { type: 'boolean' }, ...Object.fromEntries(Object.entries(spec).map(([name, option]) => [name, { type: option.type === 'flag' ? 'boolean' : 'string' } as const])) },
    }).values;
  } catch (error) {
    return fail((error as Error).message);
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const result: Record<string, number | boolean | string> = {};
  for (const [name, option] of Object.entries(spec)) {
    const given = values[name];
    if (option.type === 'flag') result[name] = given === true;
    else if (option.type === 'choice') {
      const choice = typeof given === 'string' ? given : option.default;
      if (!option.choices.includes(choice)) fail(`--${name} must be one of ${option.choices.join(', ')}, not ${JSON.stringify(choice)}`);
      result[name] = choice;
    } else {
      const min = option.min ?? 1;
      if (typeof given === 'string' && !/^\d+$/.test(given)) fail(`--${name} must be a whole number, not ${JSON.stringify(given)}`);
      const count = typeof given === 'string' ? Number(given) : option.default;
      if (count < min) fail(`--${name} must be at least ${min}, not ${count}`);
      result[name] = count;
    }
  }
  return result as Values<S>;
}

function describe(option: OptionSpec): string {
  if (option.type === 'flag') return `  ${option.help}`;
  if (option.type === 'choice') return ` ${option.choices.join('|')}  ${option.help} (default ${option.default})`;
  return ` N  ${option.help} (default ${option.default})`;
}
