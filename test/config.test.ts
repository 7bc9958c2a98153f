import { describe, it, expect } from 'vitest';
import { normalizeBaseUrl, resolveConfig } from '../src/config/resolve-config.js';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';

const FILE = 'bantin.yaml';
const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;

function resolved(text: string | undefined, overrides = {}) {
  const result = resolveConfig(text, FILE, overrides);
  expect(result.diagnostics).toEqual([]);
  expect(result.config).toBeDefined();
  return result.config!;
}

/** The config is refused with exactly these [code, line] errors, each in Vietnamese. */
function refused(text: string, expected: Array<[code: string, line: number | undefined]>, overrides = {}): Diagnostic[] {
  const result = resolveConfig(text, FILE, overrides);
  expect(result.config).toBeUndefined();
  expect(result.diagnostics.map((d) => [d.code, d.line])).toEqual(expected);
  for (const d of result.diagnostics) {
    expect(d.severity).toBe('error');
    expect(d.message).toMatch(VIETNAMESE);
    expect(d.hint).toMatch(VIETNAMESE);
  }
  return result.diagnostics;
}

describe('resolveConfig defaults', () => {
  it('should give complete defaults when there is no bantin.yaml', () => {
    expect(resolved(undefined)).toEqual({
      title: 'Bản tin phường',
      description: '',
      baseUrl: '/',
      basePath: '/',
      language: 'vi',
      timeZone: 'Asia/Ho_Chi_Minh',
      pageSize: 20,
      relatedCount: 5,
      defaultAuthor: '',
      maxImageSize: 2 * 1024 * 1024,
      feedSize: 20,
      feedFullContent: false,
      organization: { name: '', governingBody: '', address: '', phone: '', email: '', responsible: '', logo: '', hours: '' },
      categories: [],
      images: { process: true, widths: [480, 960, 1600], quality: 75, originals: false },
      outputs: { discovery: true },
    });
  });

  it('should give the same defaults for an empty file', () => {
    expect(resolved('\n')).toEqual(resolved(undefined));
  });

  it('should return a frozen config', () => {
    const config = resolved('title: Bản tin phường Trần Phú\n');
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.organization)).toBe(true);
    expect(Object.isFrozen(config.categories)).toBe(true);
  });

  it('should read the fields it knows', () => {
    const config = resolved(
      [
        'title: Bản tin phường Trần Phú',
        'description: Tin tức của phường',
        'timeZone: UTC',
        'pageSize: 10',
        'relatedCount: 0',
        'defaultAuthor: Ban biên tập',
        'organization:',
        '  name: UBND phường Trần Phú',
        '  governingBody: UBND thành phố Quảng Ngãi',
        '  phone: 01234567',
      ].join('\n'),
    );
    expect(config).toMatchObject({
      title: 'Bản tin phường Trần Phú',
      description: 'Tin tức của phường',
      timeZone: 'UTC',
      pageSize: 10,
      relatedCount: 0,
      defaultAuthor: 'Ban biên tập',
      organization: { name: 'UBND phường Trần Phú', governingBody: 'UBND thành phố Quảng Ngãi' },
    });
  });

  it('should keep organization.phone: 01234567 as text', () => {
    expect(resolved('organization:\n  phone: 01234567\n').organization.phone).toBe('01234567');
  });

  it('should default the title to the organisation name', () => {
    expect(resolved('organization:\n  name: UBND phường Trần Phú\n').title).toBe('UBND phường Trần Phú');
  });
});

describe('resolveConfig unknown keys', () => {
  it('should suggest pageSize for pagesize', () => {
    const [d] = refused('pagesize: 10\n', [['BT202', 1]]);
    expect(d!.hint).toContain('"pageSize"');
  });

  it('should suggest title for titel', () => {
    const [d] = refused('pageSize: 10\ntitel: Bản tin\n', [['BT202', 2]]);
    expect(d!.message).toContain('"titel"');
    expect(d!.hint).toContain('"title"');
  });

  it('should suggest within organization', () => {
    const [d] = refused('organization:\n  fone: 0255\n', [['BT202', 2]]);
    expect(d!.hint).toContain('"organization.phone"');
  });

  it('should list the valid keys when nothing is close', () => {
    const [d] = refused('xyzxyzxyz: 1\n', [['BT202', 1]]);
    expect(d!.hint).toContain('baseUrl');
  });
});

describe('resolveConfig categories', () => {
  it('should read categories with slug, order and description, and make the default slug from the name', () => {
    const config = resolved(
      [
        'categories:',
        '  - name: Hoạt động của xã phường',
        '  - name: Thông báo',
        '    slug: tb',
        '    order: -1',
        '    description: Thông báo của UBND',
        '  - Tin tức',
      ].join('\n'),
    );
    expect(config.categories).toEqual([
      { name: 'Thông báo', slug: 'tb', description: 'Thông báo của UBND', order: -1 },
      { name: 'Hoạt động của xã phường', slug: 'hoat-dong-cua-xa-phuong', description: '', order: 0 },
      { name: 'Tin tức', slug: 'tin-tuc', description: '', order: 2 },
    ]);
  });

  it('should refuse an invalid category slug at its line', () => {
    refused('categories:\n  - name: Thông báo\n    slug: Thông Báo\n', [['BT202', 3]]);
  });

  it('should refuse two categories with one slug', () => {
    refused('categories:\n  - Tin tức\n  - Tin-tức\n', [['BT202', 3]]);
  });

  it('should refuse a category order that is not an integer', () => {
    refused('categories:\n  - name: Tin\n    order: đầu\n', [['BT202', 3]]);
  });
});

describe('resolveConfig invalid values', () => {
  for (const value of ['0', '1.5', 'hai mươi', '1001']) {
    it(`should refuse pageSize: ${value}`, () => {
      refused(`title: x\npageSize: ${value}\n`, [['BT202', 2]]);
    });
  }

  it('should refuse an unknown time zone', () => {
    const [d] = refused('timeZone: Asia/Hanoi_x\n', [['BT202', 1]]);
    expect(d!.message).toContain('Asia/Hanoi_x');
  });

  for (const value of ['ftp://x.gov.vn/', 'tin-tuc', '//x.gov.vn/', '/a/../b', 'https://x.gov.vn/?a=1']) {
    it(`should refuse baseUrl: ${value}`, () => {
      refused(`baseUrl: "${value}"\n`, [['BT202', 1]]);
    });
  }

  it('should report malformed YAML as the config file, not as an article', () => {
    const [d] = refused('title: "Bản tin\n', [['BT101', 1]]);
    expect(d!.message).toContain('Tệp cấu hình');
    expect(d!.message).not.toContain('bài');
  });

  it('should refuse __proto__ in the config and pollute nothing', () => {
    refused('__proto__:\n  polluted: yes\n', [['BT104', 1]]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('should refuse a config that is a list', () => {
    refused('- a\n- b\n', [['BT201', 1]]);
  });
});

describe('resolveConfig baseUrl', () => {
  it('should add the trailing slash to https://x.gov.vn/sub and give basePath /sub/', () => {
    expect(resolved('baseUrl: https://x.gov.vn/sub\n')).toMatchObject({ baseUrl: 'https://x.gov.vn/sub/', basePath: '/sub/' });
  });

  it('should accept a path alone', () => {
    expect(resolved('baseUrl: /sub\n')).toMatchObject({ baseUrl: '/sub/', basePath: '/sub/' });
  });

  it('should let overrides.baseUrl win over the file', () => {
    expect(resolved('baseUrl: https://x.gov.vn/sub\n', { baseUrl: 'https://y.gov.vn/' })).toMatchObject({
      baseUrl: 'https://y.gov.vn/',
      basePath: '/',
    });
  });

  it('should blame --base-url, not the file, for an invalid override', () => {
    const [d] = refused('baseUrl: /sub/\n', [['BT204', undefined]], { baseUrl: 'tin-tuc' });
    expect(d!.file).toBe('--base-url');
    expect(d!.message).toContain('--base-url');
  });

  it('should normalise base URLs', () => {
    expect(normalizeBaseUrl('')).toEqual({ baseUrl: '/', basePath: '/' });
    expect(normalizeBaseUrl('/')).toEqual({ baseUrl: '/', basePath: '/' });
    expect(normalizeBaseUrl('HTTPS://X.gov.vn')).toEqual({ baseUrl: 'https://x.gov.vn/', basePath: '/' });
    expect(normalizeBaseUrl('https://x.gov.vn/a/b/')).toEqual({ baseUrl: 'https://x.gov.vn/a/b/', basePath: '/a/b/' });
    expect(normalizeBaseUrl('/a b')).toBeUndefined();
  });
});

describe('outputs', () => {
  it('should have discovery on by default', () => {
    expect(resolved(undefined).outputs).toEqual({ discovery: true });
  });

  it('should turn discovery off with outputs.discovery: false', () => {
    expect(resolved('outputs:\n  discovery: false\n').outputs).toEqual({ discovery: false });
  });

  it('should refuse an unknown kind and a value that is not true or false, on their lines', () => {
    const d = refused('title: X\noutputs:\n  dicovery: false\n  discovery: maybe\n', [
      ['BT202', 3],
      ['BT202', 4],
    ]);
    expect(d[0]!.hint).toContain('outputs.discovery');
  });
});
