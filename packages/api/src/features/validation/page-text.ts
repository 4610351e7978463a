// A page of customers as COPY text (customerColumns order, one line each) checked into what the
// main thread commits: the findings as COPY text for the findings table, and the per-station
// counts. No row object per customer and no structured clone of rows: a page travels to a worker
// thread as one string and comes back as one. Shared by the page workers and the main thread's own
// share of the pages; no database import here, so a worker loads only the rules.
import type { CompiledRuleSet, CustomerRecord, Finding } from '@qingyuan/rules';
import { copyField, uncopyField } from '../../db/copy-text.ts';
import type { Divisions } from './records.ts';

export interface StationTally {
  city: string;
  county: string;
  station: string;
  checked: number;
}

export interface CheckedPage {
  /** Rows for the findings table, as COPY text in FINDING_COLUMNS order. */
  findings: string;
  stations: StationTally[];
}

// customerColumns: id, customer_no, name, customer_type, cert_type, cert_no, mobile, landline,
// address, station_code, county_code, city_code
const FIELDS = 12;
const fields: string[] = new Array<string>(FIELDS);

/** Cuts one line into `fields`; `escaped`: the line has a backslash, its COPY escapes are decoded. */
function cutLine(text: string, start: number, end: number, escaped: boolean): void {
  if (escaped) {
    const parts = text.slice(start, end).split('\t');
    for (let i = 0; i < FIELDS; i++) fields[i] = uncopyField(parts[i] ?? '') ?? '';
    return;
  }
  let from = start;
  for (let i = 0; i < FIELDS - 1; i++) {
    const tab = text.indexOf('\t', from);
    fields[i] = text.slice(from, tab);
    from = tab + 1;
  }
  fields[FIELDS - 1] = text.slice(from, end);
}

export function checkPageText(
  text: string,
  rules: CompiledRuleSet,
  divisions: Divisions,
  runId: number,
): CheckedPage {
  let findings = '';
  const stations = new Map<string, StationTally>();
  // the next backslash of the page, looked for again only once passed (not once per line)
  let slash = text.indexOf('\\');
  for (
    let start = 0, end = text.indexOf('\n');
    end !== -1;
    start = end + 1, end = text.indexOf('\n', start)
  ) {
    if (slash !== -1 && slash < start) slash = text.indexOf('\\', start);
    cutLine(text, start, end, slash !== -1 && slash < end);
    const [id, customerNo, name, customerType, certType, certNo, mobile, landline, address] = fields;
    const [station, county, city] = [fields[9]!, fields[10]!, fields[11]!];
    const division = divisions.get(county);
    const record: CustomerRecord = {
      customer_no: customerNo!,
      name: name!,
      customer_type: customerType!,
      cert_type: certType!,
      cert_no: certNo!,
      mobile: mobile!,
      landline: landline!,
      address: address!,
      region: division
        ? { provinceCode: division.slice(0, 2), cityCode: division.slice(0, 4), countyCode: division }
        : {},
    };
    const found = rules.check(record);
    if (found.length > 0) {
      const unit = `${runId}\t${id}\t${copyField(city)}\t${copyField(county)}\t${copyField(station)}\t`;
      for (const f of found) findings += unit + findingText(f);
    }
    const s = stations.get(station);
    if (s) s.checked++;
    else stations.set(station, { city, county, station, checked: 1 });
  }
  return { findings, stations: [...stations.values()] };
}

/** A finding's columns after the unit's, as the rest of a COPY line. */
const findingText = (f: Finding) =>
  `${copyField(f.ruleId)}\t${f.ruleVersion}\t${copyField(f.field)}\t${copyField(f.code)}\t${copyField(f.severity)}\t${copyField(f.message.zh)}\t${copyField(f.message.en)}\t${copyField(f.suggested ?? null)}\n`;

/**
 * Cuts COPY text arriving in chunks into pages of `size` whole lines, with each page's last id
 * (the first field of its last line). Each chunk is scanned once where it lies, and a page's text
 * joined once: appending chunks to one growing string made every scan copy the whole of it.
 */
export class PageCutter {
  #parts: string[] = [];
  #lines = 0;
  constructor(private readonly size: number) {}

  /** The pages completed by this chunk. */
  push(chunk: string): CutPage[] {
    const pages: CutPage[] = [];
    let from = 0;
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', nl + 1)) {
      if (++this.#lines < this.size) continue;
      this.#parts.push(chunk.slice(from, nl + 1));
      pages.push(this.#cut());
      from = nl + 1;
    }
    if (from < chunk.length) this.#parts.push(from === 0 ? chunk : chunk.slice(from));
    return pages;
  }

  /** The last, partial page (none when the text ended on a page boundary). */
  end(): CutPage | undefined {
    if (this.#parts.length === 0) return undefined;
    if (this.#lines === 0 || !this.#parts[this.#parts.length - 1]!.endsWith('\n'))
      throw new Error('the COPY output ended inside a line');
    return this.#cut();
  }

  #cut(): CutPage {
    const text = this.#parts.join('');
    const lastStart = text.lastIndexOf('\n', text.length - 2) + 1;
    const page = {
      text,
      rows: this.#lines,
      lastId: Number(text.slice(lastStart, text.indexOf('\t', lastStart))),
    };
    this.#parts = [];
    this.#lines = 0;
    return page;
  }
}

export interface CutPage {
  text: string;
  rows: number;
  lastId: number;
}
