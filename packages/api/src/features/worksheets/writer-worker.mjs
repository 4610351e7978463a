// The writer worker through tsx, used only should it not be bundled (bundled-worker.ts). Worker
// threads do not inherit the parent's `--import tsx` loader hooks: register them here.
import { register } from 'tsx/esm/api';

register();
await import('./writer-worker.ts');
