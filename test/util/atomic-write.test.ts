import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/util/atomic-write.js';
import { tempDir } from '../helpers.js';

describe('writeFileAtomic', () => {
  const t = tempDir('kuril-atomic-');
  afterEach(() => {
    t.cleanup();
    mkdirSync(t.dir, { recursive: true });
  });

  it('replaces the file whole and leaves no temporary file', () => {
    const path = join(t.dir, 'a.txt');
    writeFileSync(path, 'old');
    writeFileAtomic(path, 'new text');
    expect(readFileSync(path, 'utf8')).toBe('new text');
    writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(path)]).toEqual([1, 2, 3]);
    expect(readdirSync(t.dir)).toEqual(['a.txt']);
  });

  it('creates the file with the mode asked for', () => {
    const path = join(t.dir, 'private.bin');
    writeFileAtomic(path, 'x', 0o600);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('on failure throws, removes its temporary file and leaves the target as it was', () => {
    // A folder cannot be renamed over by a file: the rename fails after the temporary file is written.
    const path = join(t.dir, 'taken');
    mkdirSync(path);
    writeFileSync(join(path, 'inside.txt'), 'kept');
    expect(() => writeFileAtomic(path, 'data')).toThrow();
    expect(readdirSync(t.dir)).toEqual(['taken']);
    expect(readFileSync(join(path, 'inside.txt'), 'utf8')).toBe('kept');
  });
});
