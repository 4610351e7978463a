// Prints vitest's JSON report as one plain closing line ("N passed, N failed, N skipped") so a
// CI log reader sees the count, and exits non-zero when anything failed or nothing ran.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const passed = report.numPassedTests;
// A file that fails to load has no failed test but a failed suite: count it then.
const failed = report.numFailedTests || report.numFailedTestSuites || 0;
const skipped = report.numPendingTests + report.numTodoTests;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
