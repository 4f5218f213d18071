/** Removes the workflow bundle the global setup wrote. */
import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  if (process.env.BF_WORKFLOW_BUNDLE) rmSync(process.env.BF_WORKFLOW_BUNDLE, { force: true });
}
