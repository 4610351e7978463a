// Worker thread of the checker pool: compiles the rule set once, checks the records it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { compileRuleSet, type CustomerRecord } from '@qingyuan/rules';

const { document, today } = workerData as { document: unknown; today: string };
const rules = compileRuleSet(document, { today });

parentPort!.on('message', (m: { id: number; records: CustomerRecord[] }) => {
  try {
    parentPort!.postMessage({ id: m.id, findings: m.records.map((r) => rules.check(r)) });
  } catch (err) {
    parentPort!.postMessage({ id: m.id, error: String(err) });
  }
});
