// Writes a generated province as the three CSV files the loader and the benchmarks read:
// org_units.csv, customers.csv and labels.csv (UTF-8, RFC 4180 quoting), streaming with backpressure.
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { join } from 'node:path';
import { TRACKED_FIELDS } from '../../features/customers/columns.ts';
import { generateCustomers, generateOrgUnits } from './generate.ts';
import type { CustomerRow, DefectLabel, GenOptions, OrgUnitRow } from './types.ts';

export const ORG_COLUMNS = [
  'code',
  'name',
  'level',
  'parent_code',
  'division_code',
] as const satisfies readonly (keyof OrgUnitRow)[];
export const CUSTOMER_COLUMNS = [
  'customer_no',
  ...TRACKED_FIELDS,
] as const satisfies readonly (keyof CustomerRow)[];
export const LABEL_COLUMNS = ['customer_no', 'field', 'kind', 'detectable'] as const;

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One CSV field: quoted when it holds a quote, comma, line break, or leading/trailing space. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvLine(values: readonly string[]): string {
  let line = csvField(values[0] ?? '');
  for (let i = 1; i < values.length; i++) line += `,${csvField(values[i] ?? '')}`;
  return `${line}\n`;
}

/** Collects lines and writes them in large chunks, waiting for 'drain' when the stream is full. */
class CsvWriter {
  private lines: string[] = [];
  private readonly stream: WriteStream;

  constructor(path: string, header: readonly string[]) {
    this.stream = createWriteStream(path);
    this.lines.push(csvLine(header));
  }

  /** Adds a line; true when the caller should `await flush()` before adding more. */
  add(values: readonly string[]): boolean {
    return this.lines.push(csvLine(values)) >= 4096;
  }

  async flush(): Promise<void> {
    if (this.lines.length === 0) return;
    const chunk = Buffer.from(this.lines.join(''), 'utf8');
    this.lines = [];
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await finished(this.stream);
  }

  destroy(): void {
    this.stream.destroy();
  }
}

export interface ProvinceFiles {
  orgUnits: string;
  customers: string;
  labels: string;
  customersWritten: number;
  labelsWritten: number;
}

/** Generates the province into `dir` (created if missing); `onProgress` gets the customer count now and then. */
export async function writeProvinceFiles(
  dir: string,
  opts: GenOptions,
  onProgress?: (written: number) => void,
): Promise<ProvinceFiles> {
  await mkdir(dir, { recursive: true });
  const files = {
    orgUnits: join(dir, 'org_units.csv'),
    customers: join(dir, 'customers.csv'),
    labels: join(dir, 'labels.csv'),
  };
  const orgs = generateOrgUnits(opts.province);
  const orgWriter = new CsvWriter(files.orgUnits, ORG_COLUMNS);
  const customerWriter = new CsvWriter(files.customers, CUSTOMER_COLUMNS);
  const labelWriter = new CsvWriter(files.labels, LABEL_COLUMNS);
  let customersWritten = 0;
  let labelsWritten = 0;
  try {
    for (const org of orgs) orgWriter.add(ORG_COLUMNS.map((c) => org[c]));
    await orgWriter.close();
    for (const { customer, defects } of generateCustomers(opts, orgs)) {
      if (customerWriter.add(CUSTOMER_COLUMNS.map((c) => customer[c]))) await customerWriter.flush();
      for (const label of defects) if (labelWriter.add(labelValues(label))) await labelWriter.flush();
      labelsWritten += defects.length;
      customersWritten++;
      if (onProgress && customersWritten % 50_000 === 0) onProgress(customersWritten);
    }
    await customerWriter.close();
    await labelWriter.close();
  } catch (error) {
    for (const w of [orgWriter, customerWriter, labelWriter]) w.destroy();
    throw error;
  }
  onProgress?.(customersWritten);
  return { ...files, customersWritten, labelsWritten };
}

function labelValues(label: DefectLabel): string[] {
  return [label.customer_no, label.field, label.kind, String(label.detectable)];
}
