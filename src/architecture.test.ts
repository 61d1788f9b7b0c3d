import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packagePath } from './util/paths.js';

/** scripts/check-cycles.mjs over a source root (default src/): exit code and output. */
function checkCycles(root?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [packagePath('scripts', 'check-cycles.mjs'), ...(root ? [root] : [])], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'sft-label-cycles-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function tree(root: string, files: Record<string, string>): string {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('import circles (issue 13)', () => {
  it('src/ has none (no allow-list)', () => {
    const r = checkCycles();
    expect(r.stdout).not.toMatch(/^import circle/m);
    expect(r.code).toBe(0);
  });

  it('finds every kind of import that closes a circle, and lists each circle with its loops', () => {
    const root = tree(join(tmp, 'kinds'), {
      'a.ts': "import type { B } from './b.js';\nexport type A = B;\n",
      'b.ts': "import { a } from './a.js';\nexport type B = number;\n",
      'c/index.ts': "export * from './c.js';\n",
      'c/c.ts': "export const c = async () => import('../d.js');\n",
      'd.ts': "export { c } from './c/index.js';\n",
      'plain.ts': "// import { a } from './a.js' in a comment is no import\nimport { b } from './b.js';\n",
      'a.test.ts': "import { plain } from './plain.js';\n",
      'plain2.ts': "import { x } from './a.test.js';\n",
    });
    const r = checkCycles(root);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('import circle among a.ts, b.ts:\n  a.ts -> b.ts -> a.ts\n');
    expect(r.stdout).toContain('import circle among c/c.ts, c/index.ts, d.ts:\n  c/c.ts -> d.ts -> c/index.ts -> c/c.ts\n');
    expect(r.stdout).toContain('2 import circle(s)');
    expect(r.stdout).not.toMatch(/plain/);
  });

  it('allows no circle: the pair the engine change removed (labelers/llm arbitrate <-> labeler) fails again if it comes back', () => {
    const pair = {
      'labelers/llm/arbitrate.ts': "import { l } from './labeler.js';\nexport const a = 1;\n",
      'labelers/llm/labeler.ts': "import { a } from './arbitrate.js';\nexport const l = 1;\n",
    };
    const r = checkCycles(tree(join(tmp, 'pair'), pair));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('import circle among labelers/llm/arbitrate.ts, labelers/llm/labeler.ts');
  });
});
