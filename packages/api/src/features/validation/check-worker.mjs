// The check worker through tsx, used only should it not be bundled (bundled-worker.ts). Worker
// threads do not inherit the parent's `--import tsx` loader hooks: register them here,
// then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./check-worker.ts');
