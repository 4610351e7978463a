// The differential run shared by differential.test.ts (200,000 numbers) and bench/rules.ts (1,000,000).
import { phoneStringMaker } from './generate.ts';
import { explain, OVERRIDES } from './overrides.ts';
import { parsePhone } from './parse.ts';
import { engineVerdict, maxVerdict, sameVerdict } from './verdict.ts';

export interface DifferentialResult {
  n: number;
  agree: number;
  byOverride: Record<string, number>;
  unexplained: { input: string; ours: unknown; max: unknown }[];
}

/** Run n generated strings; counts of agreement and of each override, plus unexplained examples. */
export function runDifferential(seed: number, n: number): DifferentialResult {
  const next = phoneStringMaker(seed);
  const byOverride: Record<string, number> = Object.fromEntries(OVERRIDES.map((o) => [o.id, 0]));
  const unexplained: DifferentialResult['unexplained'] = [];
  let agree = 0;
  for (let i = 0; i < n; i++) {
    const s = next();
    const p = parsePhone(s);
    const ours = engineVerdict(s, p);
    const max = maxVerdict(s);
    if (sameVerdict(ours, max)) agree++;
    else {
      const o = explain(s, p, ours, max);
      if (o) byOverride[o.id] = (byOverride[o.id] ?? 0) + 1;
      else unexplained.push({ input: s, ours, max });
    }
  }
  return { n, agree, byOverride, unexplained };
}
