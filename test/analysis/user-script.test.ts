import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, fixture, tempDir } from '../helpers.js';

// The README's script, run the way a user's own project runs it: a separate folder whose
// node_modules/kuril-exchange is the built package, resolved by name through its `exports` map.
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const script = /<!-- example: my-analysis\.ts -->\s*```ts\n([\s\S]*?)```/.exec(readme)?.[1];

describe('the README user script', () => {
  const { dir, cleanup } = tempDir('kuril-user-');
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'index.js'))) execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT });
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT, join(dir, 'node_modules', 'kuril-exchange'), 'dir');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'my-project', private: true, type: 'module' }));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
        },
      }),
    );
    copyFileSync(fixture('analysis', 'three-pairs.csv'), join(dir, 'my-visits.csv'));
    writeFileSync(join(dir, 'my-analysis.ts'), script ?? '');
    // Plumbing is reached through the one documented subpath, and not through the main entry.
    writeFileSync(
      join(dir, 'internals.ts'),
      [
        "import { add, point, FlowAccumulator } from 'kuril-exchange/internals';",
        '// @ts-expect-error: add is not part of the public API',
        "import { add as notPublic } from 'kuril-exchange';",
        'export const sum = add(point(1), point(2));',
        'export const made = [FlowAccumulator, notPublic];',
        '',
      ].join('\n'),
    );
  });
  afterAll(cleanup);

  it('is in the README', () => {
    expect(script).toMatch(/from 'kuril-exchange'/);
  });

  it('type-checks against the package types (with kuril-exchange/internals for plumbing)', () => {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { cwd: dir, stdio: 'pipe' });
  });

  it('runs and prints the ratios and averages of the user file', () => {
    const out = execFileSync(join(ROOT, 'node_modules', '.bin', 'tsx'), ['my-analysis.ts'], { cwd: dir, encoding: 'utf8' });
    // Aland→Borland 2011: 100 / 50 = 2; Borland→Aland: 0.5; since 2000 to 2019 (20 years): over 3,000 / 20 = 150.
    expect(out).toMatch(/Aland\s*│\s*Borland\s*│\s*2011\s*│\s*2011\s*│\s*src1\s*│\s*2\s*│/);
    expect(out).toMatch(/Borland\s*│\s*Aland\s*│\s*2011\s*│\s*2011\s*│\s*src1\s*│\s*0\.5\s*│/);
    expect(out).toMatch(/Aland\s*│\s*2019\s*│\s*150\s*│\s*lower/);
  });
});
