import { it } from 'vitest';
import { writeAnnotatorRun } from './__fixtures__/annotator-run.js';
import { renderRunReport } from './index.js';
it('renders', () => {
  for (const hostile of [false, true]) {
    const dir = `/tmp/h11/run-${hostile ? 'hostile' : 'plain'}`;
    writeAnnotatorRun(dir, { hostile });
    const r = renderRunReport(dir);
    console.log(r.html, r.model.notes);
  }
});
