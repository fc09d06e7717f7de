import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateWacz } from '../../../src/wacz/wacz-validator.js';
import { fixturePath } from '../../support/fixture-site.js';

interface Expected {
  files: { file: string; expect_valid_structure?: boolean; signed?: boolean }[];
}

const expected = JSON.parse(readFileSync(fixturePath('wacz/expected.json'), 'utf8')) as Expected;
const waczFiles = expected.files.filter((f) => f.file.endsWith('.wacz'));

describe('validateWacz on py-wacz reference files', () => {
  it.each(waczFiles.map((f) => [f.file, f] as const))('%s matches py-wacz\'s label', async (_name, file) => {
    const report = await validateWacz(fixturePath(`wacz/${file.file}`));
    expect(report.valid, report.errors.join('; ')).toBe(file.expect_valid_structure);
    if (file.signed !== undefined) expect(report.signed).toBe(file.signed);
  });

  it('names what is wrong with the invalid example', async () => {
    const report = await validateWacz(fixturePath('wacz/invalid_example_1.wacz'));
    expect(report.errors).toContain('datapackage.json has no wacz_version');
    expect(report.errors.some((e) => e.includes('data/indexes/index.cdx.gz is listed in datapackage.json but missing'))).toBe(true);
    expect(report.errors.some((e) => e.includes('unsupported or malformed hash'))).toBe(true);
    expect(report.errors).toContain('pages/pages.jsonl is missing');
  });

  it('reads the records of a valid example', async () => {
    const report = await validateWacz(fixturePath('wacz/valid_example_2.wacz'));
    expect(report).toMatchObject({ waczVersion: '1.1.1', pages: 1, warcRecords: 4 });
  });

  it('refuses something that is not a zip', async () => {
    const report = await validateWacz(Buffer.from('not a zip at all'));
    expect(report.valid).toBe(false);
    expect(report.errors[0]).toMatch(/not a readable zip/);
  });
});
