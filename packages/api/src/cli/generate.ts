// `pnpm cli generate --customers N --seed S --out DIR [--defect-rate R] [--province CODE]`: writes
// a generated province (org_units.csv, customers.csv, labels.csv) with a progress line on stderr.
import { stopwatch } from '../clock.ts';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeProvinceFiles } from '../demo/generator/files.ts';
import { DEFAULT_PROVINCE, isKnownProvince } from '../demo/generator/gazetteer.ts';

const USAGE = 'usage: pnpm cli generate --customers N --seed S --out DIR [--defect-rate 0.1] [--province 53]';

function parseNumber(name: string, raw: string | undefined, check: (n: number) => boolean): number {
  const value = Number(raw);
  if (raw === undefined || raw.trim() === '' || !check(value))
    throw new Error(`--${name}: invalid value ${JSON.stringify(raw)}\n${USAGE}`);
  return value;
}

export async function generateCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      customers: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      'defect-rate': { type: 'string' },
      province: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const customers = parseNumber(
    'customers',
    values.customers,
    (n) => Number.isInteger(n) && n >= 0 && n < 1e9,
  );
  const seed = parseNumber('seed', values.seed, (n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff);
  const defectRate =
    values['defect-rate'] === undefined
      ? 0.1
      : parseNumber('defect-rate', values['defect-rate'], (n) => n >= 0 && n <= 1);
  if (!values.out) throw new Error(`--out is required\n${USAGE}`);
  const province = values.province ?? DEFAULT_PROVINCE;
  if (!isKnownProvince(province))
    throw new Error(`--province: not a GB/T 2260 province code: ${JSON.stringify(province)}\n${USAGE}`);
  // pnpm runs scripts in the package folder; INIT_CWD is where the user typed the command.
  const dir = resolve(process.env.INIT_CWD ?? process.cwd(), values.out);

  const elapsed = stopwatch();
  const progress = (written: number): void => {
    const seconds = elapsed();
    const rate = seconds > 0 ? Math.round(written / seconds) : 0;
    process.stderr.write(`\r生成客户 / generating customers: ${written}/${customers} (${rate} rows/s)`);
  };
  const files = await writeProvinceFiles(dir, { customers, seed, defectRate, province }, progress);
  process.stderr.write('\n');
  const seconds = elapsed().toFixed(1);
  console.log(
    `${files.customersWritten} customers, ${files.labelsWritten} defect labels in ${seconds} s → ${files.orgUnits}, ${files.customers}, ${files.labels}`,
  );
}
