// Layer: flows. The one table of plain step titles: the flow's own messages ("at Generate the key on the board")
// and the views (stepper, "Stopped at …", "Continuing where you left off at …") read the same words.
import type { StepName } from './types.ts';

export const STEP_TITLES: Readonly<Record<StepName, string>> = {
  connect: 'Connect the board',
  identify: 'Identify the board',
  'open-intents': 'Identify the board',
  prepare: 'Prepare',
  'generate-key': 'Generate the key on the board',
  'check-csr': 'Check the CSR',
  'get-certificate': 'Get the certificate',
  'check-before-write': 'Check before writing',
  write: 'Write to the board',
  verify: 'Verify',
  done: 'Done',
};
