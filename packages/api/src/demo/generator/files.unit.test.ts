import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCommand } from '../../cli/generate.ts';
import { csvField, csvLine, writeProvinceFiles } from './files.ts';
import { generateCustomers, generateOrgUnits } from './generate.ts';

describe('CSV quoting', () => {
  it('quotes only what needs it, doubling quotes', () => {
    expect(csvField('王伟')).toBe('王伟');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' 13812345678')).toBe('" 13812345678"');
    expect(csvLine(['a', '', 'c,d'])).toBe('a,,"c,d"\n');
  });
});

describe('writeProvinceFiles', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('writes org units, customers and labels that parse back to the generated rows', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qy-gen-'));
    dirs.push(dir);
    const progress: number[] = [];
    const files = await writeProvinceFiles(dir, { customers: 5_000, seed: 9, defectRate: 0.2 }, (n) =>
      progress.push(n),
    );
    expect(progress.at(-1)).toBe(5_000);
    const read = async (path: string): Promise<Record<string, string>[]> =>
      parse(await readFile(path, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<
        string,
        string
      >[];

    const orgs = await read(files.orgUnits);
    expect(orgs).toEqual(generateOrgUnits());
    const expected = [
      ...generateCustomers({ customers: 5_000, seed: 9, defectRate: 0.2 }, generateOrgUnits()),
    ];
    const customers = await read(files.customers);
    expect(customers).toEqual(expected.map((e) => e.customer));
    const labels = await read(files.labels);
    expect(labels).toEqual(
      expected.flatMap((e) => e.defects.map((d) => ({ ...d, detectable: String(d.detectable) }))),
    );
    expect(files.labelsWritten).toBe(labels.length);
    const header = (await readFile(files.customers, 'utf8')).split('\n')[0];
    expect(header).toBe(
      'customer_no,name,customer_type,cert_type,cert_no,mobile,landline,address,station_code,status,voltage_class,closed_on',
    );
  });

  it('generates another province with --province, and refuses an unknown code', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qy-gen-province-'));
    dirs.push(dir);
    const write = process.stderr.write;
    process.stderr.write = () => true;
    try {
      await generateCommand(['--customers', '300', '--seed', '4', '--out', dir, '--province', '65']);
    } finally {
      process.stderr.write = write;
    }
    const orgs = (await readFile(join(dir, 'org_units.csv'), 'utf8')).trimEnd().split('\n').slice(1);
    expect(orgs[0]).toBe('65,新疆维吾尔自治区电力公司,province,,65');
    expect(orgs.every((line) => line.startsWith('65'))).toBe(true);
    const customers = (await readFile(join(dir, 'customers.csv'), 'utf8')).trimEnd().split('\n').slice(1);
    expect(customers).toHaveLength(300);
    expect(customers.every((line) => line.startsWith('65'))).toBe(true);
    await expect(
      generateCommand(['--customers', '10', '--seed', '1', '--out', dir, '--province', '99']),
    ).rejects.toThrow(/--province/);
  });

  it('runs as `pnpm cli generate` and refuses bad arguments', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qy-gen-cli-'));
    dirs.push(dir);
    const out = join(dir, 'out');
    const write = process.stderr.write;
    process.stderr.write = () => true;
    try {
      await generateCommand(['--customers', '1000', '--seed', '4', '--out', out, '--defect-rate', '0.05']);
    } finally {
      process.stderr.write = write;
    }
    const lines = (await readFile(join(out, 'customers.csv'), 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(1001);
    await expect(generateCommand(['--customers', 'many', '--seed', '1', '--out', out])).rejects.toThrow(
      /--customers/,
    );
    await expect(generateCommand(['--customers', '10', '--seed', '1'])).rejects.toThrow(/--out/);
    await expect(
      generateCommand(['--customers', '10', '--seed', '1', '--out', out, '--defect-rate', '1.5']),
    ).rejects.toThrow();
  });
});
