/**
 * Image metadata never leaves with a published file (issue 14): every JPEG spelling is cleaned like
 * `.jpg`, and a file that carries metadata but cannot be decoded stops the build with its path.
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSite, md, type TempSite } from '../helpers/site.js';
import { build } from './helpers.js';

const SECRET = 'ViTriGPS-21.0285N';
const ARTICLE = md({ title: 'Thông báo', date: '01/05/2025', author: 'Hà Vân', category: 'Thông báo' }, 'Nội dung.\n');
let withExif: Buffer;

beforeAll(async () => {
  withExif = await sharp({ create: { width: 16, height: 10, channels: 3, background: '#336699' } })
    .jpeg()
    .withExif({ IFD0: { Artist: SECRET } })
    .toBuffer();
  expect(withExif.includes(SECRET)).toBe(true);
});

describe('metadata of images no article shows', () => {
  let site: TempSite | undefined;
  afterEach(async () => {
    await site?.cleanup();
    site = undefined;
  });

  it('should remove it from .jfif, .jpe and upper-case spellings as from .jpg', async () => {
    const names = ['anh.jfif', 'anh2.jpe', 'anh3.JPG', 'anh4.JFIF'];
    site = await createSite({ 'content/thong-bao.md': ARTICLE, ...Object.fromEntries(names.map((n) => [`content/anh/${n}`, withExif])) });
    const { code, text } = await build(site);
    expect(text).not.toMatch(/lỗi/);
    expect(code).toBe(0);
    for (const n of names) {
      const out = await readFile(site.path(`dist/anh/${n}`));
      expect(out.includes(SECRET), n).toBe(false);
      expect(out[0]).toBe(0xff);
    }
  });

  it('should stop the build, naming the file, when one carries metadata but cannot be decoded', async () => {
    const broken = Buffer.concat([withExif.subarray(0, 200), Buffer.alloc(64, 0x42)]);
    expect(broken.includes(SECRET)).toBe(true);
    site = await createSite({
      'content/thong-bao.md': ARTICLE,
      'content/anh/hong.jpg': broken,
      'dist/.bantin-output': 'cũ\n',
      'dist/index.html': '<p>trang cũ</p>\n',
    });
    const before = await site.snapshot('dist');
    const { code, text } = await build(site);
    expect(code).toBe(1);
    expect(text).toMatch(/content\/anh\/hong\.jpg\s+lỗi BT324: .*GPS/);
    expect(await site.snapshot('dist')).toEqual(before);
  });
});
