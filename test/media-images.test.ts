/**
 * Images through sharp (issue #8), on real-size pictures made here (no large file is committed): a
 * 6 MB phone photo, sideways (EXIF orientation 6) with its GPS position, comes out light, upright
 * and without metadata; variants are never wider than the original; a rebuild encodes nothing;
 * the output is the same bytes whatever the cache; damaged images stop the build at their line.
 */
import { contentsOf } from './helpers/site.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuild } from '../src/commands/build.js';
import { loadAndBuild } from '../src/project/load-site.js';
import { processImages } from '../src/images/process-images.js';
import { DEFAULT_IMAGE_CONFIG } from '../src/config/images.js';
import { createMemoryLogger } from '../src/logger.js';
import { createSite, md, type TempSite } from './helpers/site.js';

const NOW = Date.parse('2025-06-01T00:00:00+07:00');
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#369"/></svg>\n';

/**
 * A phone photo: 4000×3000 pixels (12 MP) of gradients, mid-sized texture and sensor-like fine
 * noise, JPEG quality 92 (about 6 MB), stored sideways with EXIF orientation 6 and a GPS position.
 */
async function phonePhoto(): Promise<Buffer> {
  const width = 4000;
  const height = 3000;
  const pixels = Buffer.alloc(width * height * 3);
  let seed = 12345;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const noise = (seed / 4294967296 - 0.5) * 60;
      const texture = Math.sin(x / 37) * Math.cos(y / 53) * 40 + Math.sin((x + y) / 211) * 50;
      const i = (y * width + x) * 3;
      pixels[i] = Math.max(0, Math.min(255, 90 + (120 * x) / width + texture + noise));
      pixels[i + 1] = Math.max(0, Math.min(255, 140 - (60 * y) / height + texture * 0.7 + noise));
      pixels[i + 2] = Math.max(0, Math.min(255, 60 + (100 * y) / height - texture * 0.5 + noise));
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 92 })
    .withMetadata({ orientation: 6 })
    .withExif({ IFD0: { Make: 'Dien thoai', Model: 'X1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '15/1 7/1 3/1', GPSLongitudeRef: 'E', GPSLongitude: '108/1 48/1 2/1' } })
    .toBuffer();
}

/** A small photo left in content/ that no article uses: sideways (orientation 6), with a GPS position. */
function unusedPhoto(): Promise<Buffer> {
  return sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 40, g: 120, b: 200 } } })
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .withExif({ IFD0: { Make: 'Dien thoai' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '21/1 1/1 5/1', GPSLongitudeRef: 'E', GPSLongitude: '105/1 51/1 2/1' } })
    .toBuffer();
}

/** A small picture of `width`×`height` with some detail, in `format`. */
function picture(width: number, height: number, format: 'jpeg' | 'png' = 'jpeg', hue = 40): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      pixels[i] = (x * 255) / width;
      pixels[i + 1] = (y * 255) / height;
      pixels[i + 2] = (hue + ((x ^ y) & 63)) % 256;
    }
  }
  const image = sharp(pixels, { raw: { width, height, channels: 3 } });
  return (format === 'png' ? image.png() : image.jpeg({ quality: 85 })).toBuffer();
}

/** The EXIF pointer to the GPS section (tag 0x8825), in either byte order. */
function hasGpsPointer(exif: Buffer | undefined): boolean {
  return Boolean(exif && (exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88]))));
}

const ARTICLE = md(
  { title: 'Họp dân tổ 3', date: '11/10/2021 14:48', author: 'Hà Vân', category: 'Thông báo', image: 'bia.jpg' },
  'Mở đầu.\n\n![Toàn cảnh buổi họp](dien-thoai.jpg "Toàn cảnh buổi họp dân tổ 3")\n\n![Sơ đồ khu dân cư](/tin/so-do.svg)\n\n![Biểu đồ](nho.png)\n\nXem [ảnh gốc](dien-thoai.jpg).\n',
);
const PAGE = 'dist/thong-bao/hop-dan-to-3/index.html';

describe('images of a site built with sharp', () => {
  let site: TempSite;
  let photo: Buffer;
  let unused: Buffer;
  let logo: Buffer;
  let first: { code: number; log: string; encodes: string[] };
  let second: { code: number; log: string; encodes: string[] };
  let firstDist: Record<string, string>;

  const build = async () => {
    const logger = createMemoryLogger();
    const encodes: string[] = [];
    const code = await runBuild({ root: site.root, cwd: site.root, now: NOW, onImageEncode: (p, what) => encodes.push(`${p} ${what}`) }, logger);
    return { code, log: logger.text(), encodes };
  };
  const out = (rel: string) => readFile(site.path(`dist/${rel}`));

  beforeAll(async () => {
    photo = await phonePhoto();
    unused = await unusedPhoto();
    logo = await picture(120, 40, 'png');
    site = await createSite({
      'bantin.yaml': 'title: Bản tin phường Thử\nbaseUrl: https://phuong-thu.gov.vn/\n',
      'content/tin/hop-dan.md': ARTICLE,
      'content/tin/dien-thoai.jpg': photo,
      'content/tin/bia.jpg': await picture(1800, 1200),
      'content/tin/nho.png': await picture(300, 200, 'png'),
      // SVG can carry script: it comes from the reviewed static/ folder, never from content/.
      'static/tin/so-do.svg': SVG,
      'content/tin/khong-dung.jpg': unused,
      'content/chung/logo.png': logo,
    });
    first = await build();
    firstDist = await site.snapshot('dist');
    second = await build();
  }, 240_000);
  afterAll(() => site?.cleanup());

  it('should start from a real-size phone photo: about 6 MB, 4000×3000 stored sideways, with GPS', async () => {
    expect(photo.length).toBeGreaterThan(5 * 1024 * 1024);
    expect(photo.length).toBeLessThan(8 * 1024 * 1024);
    const meta = await sharp(photo).metadata();
    expect([meta.width, meta.height, meta.orientation]).toEqual([4000, 3000, 6]);
    expect(hasGpsPointer(meta.exif)).toBe(true);
  });

  it('should build without BT320 for the 6 MB photo: readers get its resized variants, not the original', () => {
    expect(first.code, first.log).toBe(0);
    expect(first.log).not.toContain('BT320');
  });

  it('should give the 960-pixel WebP of the 6 MB photo at 200 KB or less, upright', async () => {
    const webp = await out('tin/dien-thoai-960w.webp');
    expect(webp.length).toBeLessThanOrEqual(200 * 1024);
    const meta = await sharp(webp).metadata();
    // Orientation 6 turns the 4000×3000 pixels into a 3000×4000 portrait.
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 960, 1280]);
  });

  it('should make WebP and JPEG at 480, 960 and 1600 px, and publish the 1600 px JPEG at the original address', async () => {
    const files = Object.keys(firstDist).filter((f) => f.startsWith('tin/dien-thoai'));
    expect(files.sort()).toEqual(
      ['dien-thoai-1600w.jpg', 'dien-thoai-1600w.webp', 'dien-thoai-480w.jpg', 'dien-thoai-480w.webp', 'dien-thoai-960w.jpg', 'dien-thoai-960w.webp', 'dien-thoai.jpg'].map((f) => `tin/${f}`),
    );
    const original = await out('tin/dien-thoai.jpg');
    expect(original.equals(photo)).toBe(false);
    expect(original.equals(await out('tin/dien-thoai-1600w.jpg'))).toBe(true);
    const meta = await sharp(original).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1600, 2133]);
  });

  it('should never make a variant wider than the original', async () => {
    expect(Object.keys(firstDist).filter((f) => f.startsWith('tin/nho')).sort()).toEqual(['tin/nho-300w.png', 'tin/nho-300w.webp', 'tin/nho.png']);
    expect((await sharp(await out('tin/nho-300w.webp')).metadata()).width).toBe(300);
  });

  it('should remove EXIF (GPS position included), XMP, IPTC and ICC from every published picture', async () => {
    const images = Object.keys(firstDist).filter((f) => /\.(jpe?g|png|webp)$/.test(f));
    expect(images.length).toBeGreaterThanOrEqual(15);
    for (const file of images) {
      const meta = await sharp(await out(file)).metadata();
      expect({ file, exif: meta.exif, xmp: meta.xmp, iptc: meta.iptc, icc: meta.icc, orientation: meta.orientation }).toEqual({ file, exif: undefined, xmp: undefined, iptc: undefined, icc: undefined, orientation: undefined });
    }
  });

  it('should publish a photo no article uses at its address, upright and without its GPS position, and an image without metadata as it is', async () => {
    expect(hasGpsPointer((await sharp(unused).metadata()).exif)).toBe(true);
    const published = await out('tin/khong-dung.jpg');
    const meta = await sharp(published).metadata();
    expect([meta.format, meta.width, meta.height, meta.orientation, meta.exif, meta.xmp]).toEqual(['jpeg', 300, 400, undefined, undefined, undefined]);
    expect(Object.keys(firstDist).filter((f) => f.startsWith('tin/khong-dung'))).toEqual(['tin/khong-dung.jpg']);
    expect((await out('chung/logo.png')).equals(logo)).toBe(true);
    expect(first.log).toContain('1 ảnh không bài nào dùng đã được xoá thông tin kèm theo (vị trí GPS, máy chụp)');
  });

  it('should write pictures with srcset, sizes, width and height, lazy after the first', async () => {
    const html = await site.read(PAGE);
    const pictures = html.match(/<picture>[\s\S]*?<\/picture>/g) ?? [];
    expect(pictures).toHaveLength(2);
    expect(pictures[0]).toBe(
      '<picture><source type="image/webp" srcset="/tin/dien-thoai-480w.webp 480w, /tin/dien-thoai-960w.webp 960w, /tin/dien-thoai-1600w.webp 1600w" sizes="(min-width: 48rem) 46rem, 100vw">' +
        '<img src="/tin/dien-thoai-960w.jpg" srcset="/tin/dien-thoai-480w.jpg 480w, /tin/dien-thoai-960w.jpg 960w, /tin/dien-thoai-1600w.jpg 1600w" sizes="(min-width: 48rem) 46rem, 100vw" width="1600" height="2133" alt="Toàn cảnh buổi họp"></picture>',
    );
    expect(html).toContain('<figcaption>Toàn cảnh buổi họp dân tổ 3</figcaption>');
    expect(pictures[1]).toContain('width="300" height="200" alt="Biểu đồ" loading="lazy" decoding="async"></picture>');
    expect(html).toContain('<a href="/tin/dien-thoai.jpg">ảnh gốc</a>');
  });

  it('should copy an SVG of static/ as it is and never inline it', async () => {
    expect((await out('tin/so-do.svg')).toString()).toBe(SVG);
    const html = await site.read(PAGE);
    expect(html).toContain('<img src="/tin/so-do.svg" alt="Sơ đồ khu dân cư" loading="lazy" decoding="async">');
    expect(html).not.toContain('<rect');
  });

  it('should give the cover a 1200×630 crop for link previews', async () => {
    const html = await site.read(PAGE);
    expect(html).toContain('<meta property="og:image" content="https://phuong-thu.gov.vn/tin/bia-og.jpg">');
    const meta = await sharp(await out('tin/bia-og.jpg')).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1200, 630]);
  });

  it('should encode nothing on a rebuild with unchanged images, and write the same bytes', async () => {
    expect(first.encodes.sort()).toEqual(['tin/bia.jpg og', 'tin/bia.jpg variants', 'tin/dien-thoai.jpg variants', 'tin/khong-dung.jpg clean', 'tin/nho.png variants']);
    expect(second.code, second.log).toBe(0);
    expect(second.encodes).toEqual([]);
    expect(second.log).toContain('3 ảnh (0 xử lý mới, 3 lấy từ bộ nhớ đệm)');
    expect(await site.snapshot('dist')).toEqual(firstDist);
  });

  it('should keep the cache under node_modules/.cache/bantin/images/ and drop the entries of images no longer used', async () => {
    const cache = Object.keys(await site.snapshot('node_modules/.cache/bantin/images')).filter((f) => f.endsWith('/meta.json'));
    expect(cache).toHaveLength(5);
    await site.write({ 'content/tin/hop-dan.md': ARTICLE.replace('![Biểu đồ](nho.png)\n', '') });
    const third = await build();
    expect(third.code, third.log).toBe(0);
    expect(third.encodes).toEqual([]);
    expect(Object.keys(await site.snapshot('node_modules/.cache/bantin/images')).filter((f) => f.endsWith('/meta.json'))).toHaveLength(4);
    // An image no article uses any more is copied as it is.
    expect((await out('tin/nho.png')).equals(await readFile(site.path('content/tin/nho.png')))).toBe(true);
  });
});

describe('image processing without a cache', () => {
  it('should give the same bytes as through the cache (sharp output is deterministic)', async () => {
    const site = await createSite({ 'a.jpg': await picture(1000, 700), 'b.png': await picture(500, 300, 'png', 90) });
    try {
      const jobs = [
        { path: 'a.jpg', abs: site.path('a.jpg'), og: true, shown: true },
        { path: 'b.png', abs: site.path('b.png'), og: false, shown: true },
      ];
      const cached = await processImages(jobs, DEFAULT_IMAGE_CONFIG, { cacheDir: site.path('cache') });
      const memory = await processImages(jobs, DEFAULT_IMAGE_CONFIG, {});
      const bytes = async (o: (typeof cached.outputs)[number]) => ('copyFrom' in o ? readFile(o.copyFrom) : Buffer.from(contentsOf(o)));
      expect(memory.outputs.map((o) => o.path)).toEqual(cached.outputs.map((o) => o.path));
      for (let i = 0; i < memory.outputs.length; i++) expect((await bytes(memory.outputs[i]!)).equals(await bytes(cached.outputs[i]!)), memory.outputs[i]!.path).toBe(true);
      expect([...memory.manifest.images.keys()]).toEqual(['a.jpg', 'b.png']);
      expect(memory.manifest.images.get('a.jpg')!.variants.map((v) => `${v.path} ${v.width}x${v.height}`)).toEqual([
        // 1000 px is close to 960: no third variant for 40 more pixels.
        'a-480w.webp 480x336',
        'a-960w.webp 960x672',
        'a-480w.jpg 480x336',
        'a-960w.jpg 960x672',
      ]);
      expect(memory.manifest.images.get('a.jpg')!.og).toMatchObject({ path: 'a-og.jpg', width: 1000, height: 525 });
    } finally {
      await site.cleanup();
    }
  });
});

describe('identical images', () => {
  it('should encode the same bytes once per build, whatever their names', async () => {
    const image = await picture(640, 480);
    const site = await createSite({ 'a.jpg': image, 'b/c.jpg': image });
    try {
      const encodes: string[] = [];
      const result = await processImages(
        [
          { path: 'a.jpg', abs: site.path('a.jpg'), og: false, shown: true },
          { path: 'b/c.jpg', abs: site.path('b/c.jpg'), og: false, shown: true },
        ],
        DEFAULT_IMAGE_CONFIG,
        { onEncode: (p) => encodes.push(p) },
      );
      expect(encodes).toHaveLength(1);
      expect(result.outputs.map((o) => o.path).sort()).toEqual(['a-480w.jpg', 'a-480w.webp', 'a-640w.jpg', 'a-640w.webp', 'a.jpg', 'b/c-480w.jpg', 'b/c-480w.webp', 'b/c-640w.jpg', 'b/c-640w.webp', 'b/c.jpg']);
    } finally {
      await site.cleanup();
    }
  });
});

describe('damaged and unsupported images', () => {
  it('should stop the build at the line of each, and keep the old site', async () => {
    const good = await picture(600, 400);
    const site = await createSite({
      'content/tin/a.md': md(
        { title: 'Bài', date: '2024-05-01', author: 'An', category: 'Tin', image: 'bia.jpg' },
        'Mở đầu.\n\n![Ảnh cắt cụt](cut.jpg)\n\n![Không phải ảnh](chu.png)\n\n![Ảnh iPhone](iphone.heic)\n\n![Ảnh tốt](tot.jpg)\n',
      ),
      'content/tin/bia.jpg': 'đây là chữ, không phải ảnh',
      'content/tin/cut.jpg': good.subarray(0, Math.floor(good.length / 2)),
      'content/tin/chu.png': new Uint8Array(2000),
      'content/tin/iphone.heic': new Uint8Array(100),
      'content/tin/tot.jpg': good,
    });
    try {
      const logger = createMemoryLogger();
      const code = await runBuild({ root: site.root, cwd: site.root, now: NOW, cacheDir: false }, logger);
      expect(code).toBe(1);
      const lines = logger
        .text()
        .split('\n')
        .filter((l) => /lỗi BT(32\d|009)/.test(l))
        .map((l) => l.replace(/^\d+\. /, '').replace(/ \(.*\)\.$/, ''));
      // Files whose bytes are not the image their name says are refused where they are (the content
      // boundary checks every file's first bytes); a damaged real image at the line that shows it.
      expect(lines).toEqual([
        'content/tin/bia.jpg  lỗi BT009: Tệp "bia.jpg" mang đuôi .jpg nhưng nội dung không phải ảnh JPEG.',
        'content/tin/chu.png  lỗi BT009: Tệp "chu.png" mang đuôi .png nhưng nội dung không phải ảnh PNG.',
        'content/tin/iphone.heic  lỗi BT009: Tệp "iphone.heic" mang đuôi .heic nhưng nội dung không phải ảnh HEIC/AVIF.',
        'content/tin/a.md:11:1  lỗi BT321: Không đọc được ảnh "cut.jpg": tệp bị hỏng hoặc không phải ảnh',
      ]);
      expect(await site.snapshot('dist')).toEqual({});
    } finally {
      await site.cleanup();
    }
  });
});

describe('images: in bantin.yaml', () => {
  it('should publish the originals unchanged with originals: true, and copy images as they are with process: false', async () => {
    const image = await picture(700, 500);
    const site = await createSite({
      'bantin.yaml': 'images:\n  originals: true\n  widths: [320, 640]\n',
      'content/tin/a.md': md({ title: 'Bài', date: '2024-05-01', author: 'An', category: 'Tin' }, '![Ảnh](anh.jpg)\n'),
      'content/tin/anh.jpg': image,
    });
    try {
      const loaded = await loadAndBuild({ root: site.root, cwd: site.root, now: NOW, cacheDir: false });
      expect(loaded.output.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(loaded.copies.get('tin/anh.jpg')).toBe(site.path('content/tin/anh.jpg'));
      expect(loaded.images.map((f) => f.path).sort()).toEqual(['tin/anh-320w.jpg', 'tin/anh-320w.webp', 'tin/anh-640w.jpg', 'tin/anh-640w.webp']);
      await site.write({ 'bantin.yaml': 'images:\n  process: false\n' });
      const plain = await loadAndBuild({ root: site.root, cwd: site.root, now: NOW, cacheDir: false });
      expect(plain.images).toEqual([]);
      expect(plain.stats.images).toBeUndefined();
      expect(plain.output.pages.find((p) => p.path === 'tin/bai/index.html')?.contents).toContain('<img src="/tin/anh.jpg" alt="Ảnh">');
    } finally {
      await site.cleanup();
    }
  });
});
