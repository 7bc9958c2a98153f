/**
 * The image edge: reads every image the articles use, and makes with sharp (libvips) its WebP and
 * fallback variants at a few widths, EXIF orientation applied and all metadata (GPS location,
 * camera, ICC) removed, plus the 1200×630 link-preview crop of covers. The pure core
 * (src/site/media.ts) gets a manifest and writes the `<picture>` markup.
 *
 * Encoded files are cached by the digest of the original and the settings under
 * `CACHE/images/` (`node_modules/.cache/bantin/images/` by default, `--cache-dir` sets the parent), so a
 * rebuild with unchanged images encodes nothing: keep that folder between CI runs. Each cache
 * entry is written into a temporary folder and renamed into place, so a killed build or two
 * builds at once never leave a half-written entry. Entries this build did not use are removed.
 */
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Metadata, OutputInfo, Sharp } from 'sharp';
import type { ImageConfig, ResolvedConfig } from '../config/types.js';
import type { ArticleData, ArticleSettings } from '../content/article.js';
import { articleStage, DEFAULT_MAX_FILE_SIZE, type ArticleCache, type MarkdownSource } from '../pipeline.js';
import { digest } from '../text/decode.js';
import { machineKey, readRegularFile, sign } from '../cache/trust.js';
import type { OutputFile } from '../output/write-output.js';
import { mapLimit } from '../util/map-limit.js';
import { OG_SIZE, PROCESSED_IMAGE, UNSUPPORTED_IMAGE, fallbackFormat, imageUses, ogImagePath, type ImageFailure, type ImageFormat, type ImageManifest, type ImageRecord, type ImageVariant, variantPath } from '../site/images.js';

/**
 * Version of what this module writes into the cache. Bump it when the encoding changes (options,
 * naming); together with sharp's and libvips' versions and the settings it names each entry.
 */
const IMAGE_SCHEMA = 2;

/** One image to process. */
export interface ImageJob {
  /** Content-relative path. */
  readonly path: string;
  /** Absolute path of the file. */
  readonly abs: string;
  /** Make the 1200×630 link-preview crop too. */
  readonly og: boolean;
  /** Whether an article shows it (cover or `<img>`), not only links to it. */
  readonly shown: boolean;
  /**
   * No article uses it (a photo left in content/, a logo named in bantin.yaml): it is published
   * as it is when it carries no metadata, else once more at its own size without the metadata.
   */
  readonly unused?: boolean;
}

export interface ImageStats {
  /** Images processed (from the cache or encoded). */
  readonly images: number;
  /** Images encoded by this run (variants or preview crop); 0 on a rebuild with unchanged images. */
  readonly encoded: number;
  /** Images whose every file came from the cache. */
  readonly cached: number;
  /** Images no article uses that carried metadata (GPS, camera), published without it. */
  readonly cleaned: number;
  /** Milliseconds spent, reading and digests included. */
  readonly ms: number;
}

export interface ProcessedImages {
  readonly manifest: ImageManifest;
  /** Files to write: every variant, and the largest fallback at the original's address unless originals are published. */
  readonly outputs: OutputFile[];
  /** Content-relative paths of originals not to copy (their processed version takes their place). */
  readonly replaced: string[];
  readonly stats: ImageStats;
}

export interface ProcessOptions {
  /** Folder of the cache entries (`…/node_modules/.cache/bantin/images`); undefined keeps the files in memory. */
  readonly cacheDir?: string | undefined;
  /** Images encoded at once (default: the number of cores, at most 4). */
  readonly concurrency?: number | undefined;
  /** Called each time an image is encoded (tests count encodes with it). */
  readonly onEncode?: ((path: string, what: 'variants' | 'og' | 'clean') => void) | undefined;
}

/**
 * The images the articles use: covers and `<img>` of bodies (shown), and links to JPEG, PNG or
 * WebP files (processed too, so no original with its GPS position is published). Only files that
 * exist; the preview crop for covers and first images when previews are written (absolute baseUrl).
 *
 * @param files Content files: content-relative path → absolute path.
 */
export function imageJobs(articles: readonly ArticleData[], files: ReadonlyMap<string, string>, config: ResolvedConfig): ImageJob[] {
  const previews = /^https?:\/\//i.test(config.baseUrl);
  const jobs = new Map<string, { abs: string; og: boolean; shown: boolean }>();
  const add = (path: string, shown: boolean, og: boolean) => {
    const abs = files.get(path);
    if (abs === undefined) return;
    const job = jobs.get(path) ?? { abs, og: false, shown: false };
    job.og ||= og && previews;
    job.shown ||= shown;
    jobs.set(path, job);
  };
  for (const a of articles) {
    // The picture of link previews: the cover, else the first image of the body.
    const preview = a.image || a.firstImage;
    for (const use of imageUses(a, config.basePath)) {
      if (PROCESSED_IMAGE.test(use.target) || UNSUPPORTED_IMAGE.test(use.target)) add(use.target, true, use.target === preview);
    }
    for (const ref of a.references) {
      if ((ref.kind === 'file' || ref.kind === 'url') && PROCESSED_IMAGE.test(ref.target)) add(ref.target, false, false);
    }
  }
  // The other JPEG, PNG and WebP files of content/ are published too: never with a GPS position.
  const unused = new Set<string>();
  if (!config.images.originals) {
    for (const [path, abs] of files) {
      if (PROCESSED_IMAGE.test(path) && !jobs.has(path)) {
        jobs.set(path, { abs, og: false, shown: false });
        unused.add(path);
      }
    }
  }
  return [...jobs]
    .map(([path, j]) => ({ path, abs: j.abs, og: j.og, shown: j.shown, ...(unused.has(path) ? { unused: true } : {}) }))
    .filter((j) => PROCESSED_IMAGE.test(j.path) || j.shown)
    .sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** Widths to make for an original `width` wide: the configured ones below it, and its own when it is narrower than the largest. */
export function variantWidths(width: number, widths: readonly number[]): number[] {
  const below = widths.filter((w) => w < width);
  const largest = widths[widths.length - 1] ?? width;
  const top = below[below.length - 1];
  if (width <= largest && (top === undefined || top < width * 0.9)) below.push(width);
  return below;
}

/** What a cache entry holds, in its `meta.json`. */
interface EntryMeta {
  readonly width: number;
  readonly height: number;
  /** Variants (or the preview crop), with the file name inside the entry. */
  readonly files: ReadonlyArray<{ readonly file: string; readonly width: number; readonly height: number; readonly format: ImageFormat; readonly bytes: number; readonly sha256: string }>;
}

interface Entry {
  readonly meta: EntryMeta;
  /** File name → absolute path in the cache, or the bytes when there is no cache. */
  readonly data: ReadonlyMap<string, string | Uint8Array>;
}

/** sharp, loaded on first use: libvips takes a while to load, and most commands never need it. */
let sharp: typeof import('sharp').default;
async function loadSharp(): Promise<void> {
  sharp ??= (await import('sharp')).default;
}

class DecodeError extends Error {
  constructor(
    readonly failure: ImageFailure,
    options?: { cause?: unknown },
  ) {
    super(failure.detail, options);
  }
}

const EXT: Record<ImageFormat, string> = { jpeg: 'jpg', png: 'png', webp: 'webp' };

/**
 * Process images: from the cache when the same bytes were processed with the same settings,
 * else encoded. A file that cannot be decoded becomes a failure of the manifest (the core
 * reports it where articles use it); a bug of this code throws.
 *
 * Long: the per-image pipeline (cache lookup, decode, orientation, variants, og crop, metadata cleaning, cache write) runs in one concurrency-limited worker whose steps share the image's buffers and stats.
 */
export async function processImages(jobs: readonly ImageJob[], settings: ImageConfig, options: ProcessOptions = {}): Promise<ProcessedImages> {
  const started = performance.now();
  if (jobs.length > 0) await loadSharp();
  const tag = jobs.length === 0 ? '' : digest(JSON.stringify({ v: IMAGE_SCHEMA, widths: settings.widths, quality: settings.quality, sharp: sharp.versions })).slice(0, 16);
  const images = new Map<string, ImageRecord>();
  const failures = new Map<string, ImageFailure>();
  const outputs: OutputFile[] = [];
  const replaced: string[] = [];
  /** Cache entries by name, each made once per run: files with the same bytes are encoded once. */
  const entries = new Map<string, Promise<Entry>>();
  const once = (name: string, make: () => Promise<{ meta: EntryMeta; buffers: Map<string, Uint8Array> }>): Promise<Entry> => {
    let pending = entries.get(name);
    if (!pending) {
      pending = entry(cacheDir, name, make);
      entries.set(name, pending);
    }
    return pending;
  };
  let encoded = 0;
  let cached = 0;
  let cleaned = 0;
  // A link in place of the images folder would make the build read and write elsewhere: no cache then
  // (nor when it cannot be made: the cache only speeds builds up).
  const cacheDir = options.cacheDir ? await realFolder(options.cacheDir) : undefined;

  const concurrency = Math.max(1, options.concurrency ?? Math.min(4, availableParallelism()));
  const results = await mapLimit(jobs, concurrency, async (job) => {
    if (!PROCESSED_IMAGE.test(job.path)) {
      const ext = job.path.slice(job.path.lastIndexOf('.') + 1).toUpperCase();
      return { job, failure: { reason: 'unsupported', detail: ext === 'TIF' ? 'TIFF' : ext } as ImageFailure };
    }
    const bytes = await readFile(job.abs);
    // Published as it is unless it carries metadata; a file that does not decode stays as it is.
    if (job.unused && !(await carriesMetadata(bytes))) return { job, untouched: true as const };
    const key = `${digest(bytes)}-${tag}`;
    const format = fallbackFormat(job.path);
    let fresh = false;
    if (job.unused) {
      try {
        const clean = await once(`${key}-clean-${format}`, async () => {
          fresh = true;
          options.onEncode?.(job.path, 'clean');
          return encodeClean(bytes, format, settings);
        });
        return { job, clean, fresh };
      } catch (e) {
        // It carries metadata that cannot be removed: never published as it is (src/site/media.ts reports it).
        if (e instanceof DecodeError) return { job, failure: { reason: 'metadata', detail: e.failure.detail } as ImageFailure };
        throw e;
      }
    }
    try {
      const main = await once(`${key}-${format}`, async () => {
        fresh = true;
        options.onEncode?.(job.path, 'variants');
        return encodeVariants(bytes, format, settings);
      });
      const og = job.og
        ? await once(`${key}-og`, async () => {
            fresh = true;
            options.onEncode?.(job.path, 'og');
            return encodePreview(bytes, settings);
          })
        : undefined;
      return { job, main, og, fresh };
    } catch (e) {
      if (e instanceof DecodeError) return { job, failure: e.failure };
      throw e;
    }
  });

  for (const r of results) {
    if ('failure' in r) {
      failures.set(r.job.path, r.failure!);
      continue;
    }
    if ('untouched' in r) continue;
    if ('clean' in r && r.clean) {
      const file = r.clean.meta.files[0]!;
      outputs.push(output(r.job.path, r.clean.data.get(file.file)!));
      replaced.push(r.job.path);
      cleaned++;
      continue;
    }
    const { job, main, og } = r;
    if (r.fresh) encoded++;
    else cached++;
    const format = fallbackFormat(job.path);
    const variants: ImageVariant[] = [];
    for (const f of main.meta.files) {
      const path = variantPath(job.path, f.width, f.format);
      variants.push({ path, width: f.width, height: f.height, format: f.format, bytes: f.bytes });
      outputs.push(output(path, main.data.get(f.file)!));
    }
    variants.sort((a, b) => (a.format === b.format ? a.width - b.width : a.format === 'webp' ? -1 : b.format === 'webp' ? 1 : 0));
    let ogVariant: ImageVariant | undefined;
    const ogFile = og?.meta.files[0];
    if (og && ogFile) {
      ogVariant = { path: ogImagePath(job.path), width: ogFile.width, height: ogFile.height, format: 'jpeg', bytes: ogFile.bytes };
      outputs.push(output(ogVariant.path, og.data.get(ogFile.file)!));
    }
    if (!settings.originals) {
      const largest = main.meta.files.filter((f) => f.format === format).sort((a, b) => b.width - a.width)[0]!;
      outputs.push(output(job.path, main.data.get(largest.file)!));
      replaced.push(job.path);
    }
    images.set(job.path, { width: main.meta.width, height: main.meta.height, format, variants, ...(ogVariant ? { og: ogVariant } : {}) });
  }

  if (cacheDir) await prune(cacheDir, new Set(entries.keys()));
  return { manifest: { images, failures }, outputs, replaced, stats: { images: images.size, encoded, cached, cleaned, ms: performance.now() - started } };
}

function output(path: string, data: string | Uint8Array): OutputFile {
  return typeof data === 'string' ? { path, copyFrom: data } : { path, contents: data };
}

/**
 * One cache entry: read when complete, else made by `make` and stored (atomically). Without a
 * cache folder the files stay in memory.
 */
async function entry(cacheDir: string | undefined, name: string, make: () => Promise<{ meta: EntryMeta; buffers: Map<string, Uint8Array> }>): Promise<Entry> {
  if (!cacheDir) {
    const made = await make();
    return { meta: made.meta, data: made.buffers };
  }
  const dir = join(cacheDir, name);
  const found = await readEntry(dir, name);
  if (found) return found;
  const made = await make();
  const key = await machineKey();
  // Without a machine key nothing written could be trusted back: the files stay in memory.
  if (!key) return { meta: made.meta, data: made.buffers };
  const tmp = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  await mkdir(tmp, { recursive: true });
  try {
    for (const [file, bytes] of made.buffers) await writeFile(join(tmp, file), bytes);
    await writeFile(join(tmp, 'meta.json'), JSON.stringify({ ...made.meta, sig: entrySignature(key, name, made.meta) }));
    await rm(dir, { recursive: true, force: true });
    await rename(tmp, dir);
  } catch {
    // Another build stored the same entry meanwhile, or the cache cannot be written: only an
    // accelerator, so the files are used from memory.
    await rm(tmp, { recursive: true, force: true });
    const other = await readEntry(dir, name);
    return other ?? { meta: made.meta, data: made.buffers };
  }
  return { meta: made.meta, data: new Map([...made.buffers.keys()].map((file) => [file, join(dir, file)])) };
}

/** Largest `meta.json` read; a real one is a few hundred bytes. */
const MAX_META = 64 * 1024;
/** Largest cached file read: far above any variant of a 100-megapixel original. */
const MAX_VARIANT = 256 * 1024 * 1024;
/** Names bantin gives the files of an entry. */
const ENTRY_FILE = /^(?:\d{1,5}w|og|clean)\.(?:webp|jpg|png)$/;
const IMAGE_PURPOSE = 'bantin image cache\0';

/** The signature of an entry: its name, its meta (with each file's SHA-256) under the machine key. */
function entrySignature(key: Buffer, name: string, meta: EntryMeta): string {
  return sign(key, IMAGE_PURPOSE, name, '\0', JSON.stringify({ width: meta.width, height: meta.height, files: meta.files })).toString('hex');
}

/**
 * A complete cache entry, or undefined: missing, damaged, or anything not exactly as bantin wrote it
 * on this machine — not a real folder, a `meta.json` of another shape or without this machine's
 * signature, a file name bantin does not give (`../../etc/passwd`), a link, not a regular file, or
 * whose size or SHA-256 differs from the signed meta. Any doubt is a miss, never a file from outside.
 */
async function readEntry(dir: string, name: string): Promise<Entry | undefined> {
  try {
    const key = await machineKey();
    if (!key || !(await lstat(dir)).isDirectory()) return undefined;
    const raw = JSON.parse((await readRegularFile(join(dir, 'meta.json'), MAX_META)).toString('utf8')) as unknown;
    if (!isEntryMeta(raw)) return undefined;
    const meta: EntryMeta = { width: raw.width, height: raw.height, files: raw.files };
    if (raw.sig !== entrySignature(key, name, meta)) return undefined;
    const data = new Map<string, string>();
    for (const f of meta.files) {
      const abs = join(dir, f.file);
      const bytes = await readRegularFile(abs, MAX_VARIANT);
      if (bytes.length !== f.bytes || digest(bytes) !== f.sha256) return undefined;
      data.set(f.file, abs);
    }
    return { meta, data };
  } catch {
    return undefined;
  }
}

/** `dir`, made when missing, if it is a real folder (not a link); else undefined. */
async function realFolder(dir: string): Promise<string | undefined> {
  try {
    await mkdir(dir, { recursive: true });
    return (await lstat(dir)).isDirectory() ? dir : undefined;
  } catch {
    return undefined;
  }
}

function isEntryMeta(v: unknown): v is EntryMeta & { sig: string } {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  const dim = (x: unknown) => Number.isInteger(x) && (x as number) > 0 && (x as number) <= 1_000_000;
  return (
    typeof m.sig === 'string' &&
    /^[0-9a-f]{64}$/.test(m.sig) &&
    dim(m.width) &&
    dim(m.height) &&
    Array.isArray(m.files) &&
    m.files.length > 0 &&
    m.files.length <= 64 &&
    m.files.every((f: unknown) => {
      if (typeof f !== 'object' || f === null) return false;
      const r = f as Record<string, unknown>;
      return (
        typeof r.file === 'string' &&
        ENTRY_FILE.test(r.file) &&
        dim(r.width) &&
        dim(r.height) &&
        (r.format === 'webp' || r.format === 'jpeg' || r.format === 'png') &&
        Number.isInteger(r.bytes) &&
        (r.bytes as number) >= 0 &&
        (r.bytes as number) <= MAX_VARIANT &&
        typeof r.sha256 === 'string' &&
        /^[0-9a-f]{64}$/.test(r.sha256)
      );
    })
  );
}

/** Remove the entries this build did not use (and temporary folders of killed builds). */
async function prune(cacheDir: string, used: ReadonlySet<string>): Promise<void> {
  let names: string[];
  try {
    names = await readdir(cacheDir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!/^[0-9a-f]{64}-/.test(name) || used.has(name)) continue;
    // A temporary folder of a build running now is younger than a minute: leave it.
    if (name.includes('.tmp-')) {
      const info = await stat(join(cacheDir, name)).catch(() => undefined);
      if (info && Date.now() - info.mtimeMs < 60_000) continue;
    }
    await rm(join(cacheDir, name), { recursive: true, force: true }).catch(() => undefined);
  }
}

/** The input options of every decode: abort on damaged data, but not on harmless warnings of phone files. */
const INPUT = { failOn: 'error', limitInputPixels: 100_000_000 } as const;

/**
 * The raster format of a file from its first bytes. Only these reach libvips: any other file
 * (an SVG, a PDF, text) named `.jpg` is refused before a decoder sees it.
 */
export function sniffImage(bytes: Uint8Array): 'jpeg' | 'png' | 'webp' | 'gif' | 'heif' | 'tiff' | undefined {
  const at = (offset: number, text: string) => [...text].every((c, i) => bytes[offset + i] === c.charCodeAt(0));
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes[0] === 0x89 && at(1, 'PNG\r\n\x1a\n')) return 'png';
  if (at(0, 'RIFF') && at(8, 'WEBP')) return 'webp';
  if (at(0, 'GIF87a') || at(0, 'GIF89a')) return 'gif';
  if (at(4, 'ftyp')) return 'heif';
  if (at(0, 'II*\0') || at(0, 'MM\0*')) return 'tiff';
  return undefined;
}

/** Orientation, size and format of an original, or a DecodeError. */
async function inspect(bytes: Uint8Array): Promise<{ width: number; height: number }> {
  if (sniffImage(bytes) === undefined) {
    throw new DecodeError({ reason: 'corrupt', detail: 'không nhận ra định dạng ảnh' });
  }
  let meta: Metadata;
  try {
    meta = await sharp(bytes, INPUT).metadata();
  } catch (e) {
    throw new DecodeError({ reason: 'corrupt', detail: firstLine(e) }, { cause: e });
  }
  if (meta.format === 'heif' && meta.compression === 'hevc') throw new DecodeError({ reason: 'unsupported', detail: 'HEIC' });
  if (!['jpeg', 'png', 'webp', 'gif', 'heif', 'tiff'].includes(meta.format)) {
    throw new DecodeError({ reason: 'unsupported', detail: String(meta.format).toUpperCase() });
  }
  return { width: meta.autoOrient.width, height: meta.autoOrient.height };
}

/** Whether an image holds EXIF, XMP or IPTC metadata (a GPS position, the camera, the author). */
async function carriesMetadata(bytes: Uint8Array): Promise<boolean> {
  if (sniffImage(bytes) === undefined) return false;
  try {
    const meta = await sharp(bytes, INPUT).metadata();
    if (meta.exif || meta.xmp || meta.iptc) return true;
  } catch {
    // Not decodable: look for the metadata blocks themselves below.
  }
  return METADATA_MARKS.some((mark) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(mark));
}

/**
 * Byte strings that open an EXIF, XMP or IPTC block (JPEG APP1/APP13, PNG chunks, WebP chunks): a
 * file that libvips cannot read but that holds one is treated as carrying metadata, so it is
 * refused rather than published as it is (with its GPS position).
 */
const METADATA_MARKS = ['Exif\0\0', 'http://ns.adobe.com/xap/1.0/', 'Photoshop 3.0', 'eXIf', 'iTXt', 'zTXt', 'tEXt', 'EXIF', 'XMP '].map((m) => Buffer.from(m, 'latin1'));

/** An image no article uses, at its own size and format, oriented, without any metadata. */
async function encodeClean(bytes: Uint8Array, format: ImageFormat, settings: ImageConfig): Promise<{ meta: EntryMeta; buffers: Map<string, Uint8Array> }> {
  const { width, height } = await inspect(bytes);
  let encoded: { data: Buffer; info: OutputInfo };
  try {
    encoded = await encodeAs(sharp(bytes, INPUT).autoOrient().toColourspace('srgb'), format, settings.quality).toBuffer({ resolveWithObject: true });
  } catch (e) {
    throw new DecodeError({ reason: 'corrupt', detail: firstLine(e) }, { cause: e });
  }
  const file = `clean.${EXT[format]}`;
  return {
    meta: { width, height, files: [{ file, width: encoded.info.width, height: encoded.info.height, format, bytes: encoded.data.length, sha256: digest(encoded.data) }] },
    buffers: new Map([[file, encoded.data]]),
  };
}

/** Encode the variants of an original: WebP and the fallback format at each width. */
async function encodeVariants(bytes: Uint8Array, format: ImageFormat, settings: ImageConfig): Promise<{ meta: EntryMeta; buffers: Map<string, Uint8Array> }> {
  const { width, height } = await inspect(bytes);
  const widths = variantWidths(width, settings.widths);
  const top = widths[widths.length - 1]!;
  let base: { data: Buffer; info: OutputInfo };
  try {
    // Decoded once at the largest width (JPEG shrink-on-load makes this cheap), oriented; every
    // variant is made from these pixels.
    base = await sharp(bytes, INPUT).autoOrient().resize({ width: top, withoutEnlargement: true }).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  } catch (e) {
    throw new DecodeError({ reason: 'corrupt', detail: firstLine(e) }, { cause: e });
  }
  const raw = { width: base.info.width, height: base.info.height, channels: base.info.channels };
  const formats: ImageFormat[] = format === 'webp' ? ['webp'] : ['webp', format];
  const buffers = new Map<string, Uint8Array>();
  const files: Array<EntryMeta['files'][number]> = [];
  for (const w of widths) {
    for (const f of formats) {
      let pipeline = sharp(base.data, { raw });
      if (w !== raw.width) pipeline = pipeline.resize({ width: w });
      const encoded = await encodeAs(pipeline, f, settings.quality).toBuffer({ resolveWithObject: true });
      const file = `${w}w.${EXT[f]}`;
      buffers.set(file, encoded.data);
      files.push({ file, width: encoded.info.width, height: encoded.info.height, format: f, bytes: encoded.data.length, sha256: digest(encoded.data) });
    }
  }
  return { meta: { width, height, files }, buffers };
}

/** The link-preview crop: 1200×630 (smaller for a small original), centred on what draws the eye. */
async function encodePreview(bytes: Uint8Array, settings: ImageConfig): Promise<{ meta: EntryMeta; buffers: Map<string, Uint8Array> }> {
  const { width, height } = await inspect(bytes);
  const w = Math.max(1, Math.min(OG_SIZE.width, width, Math.floor((height * OG_SIZE.width) / OG_SIZE.height)));
  const h = Math.max(1, Math.round((w * OG_SIZE.height) / OG_SIZE.width));
  let encoded: { data: Buffer; info: OutputInfo };
  try {
    encoded = await encodeAs(sharp(bytes, INPUT).autoOrient().resize(w, h, { fit: 'cover', position: 'attention' }), 'jpeg', settings.quality).toBuffer({ resolveWithObject: true });
  } catch (e) {
    throw new DecodeError({ reason: 'corrupt', detail: firstLine(e) }, { cause: e });
  }
  return {
    meta: { width, height, files: [{ file: 'og.jpg', width: encoded.info.width, height: encoded.info.height, format: 'jpeg', bytes: encoded.data.length, sha256: digest(encoded.data) }] },
    buffers: new Map([['og.jpg', encoded.data]]),
  };
}

/**
 * The encoder of a format. No `withMetadata`: sharp writes no EXIF, XMP, IPTC or ICC (sRGB is assumed).
 * Settings chosen for a first build on a 2-core CI runner (bench/images.mjs): WebP effort 2 takes half
 * the time of the default 4 for 2% more bytes; a plain progressive JPEG takes a fifth of the time of
 * mozjpeg's trellis for about 40% more bytes, and only browsers without WebP load it.
 */
function encodeAs(pipeline: Sharp, format: ImageFormat, quality: number): Sharp {
  switch (format) {
    case 'webp':
      return pipeline.webp({ quality, effort: 2 });
    case 'jpeg':
      // JPEG has no transparency: a transparent PNG saved as .jpg gets a white background.
      return pipeline.flatten({ background: '#ffffff' }).jpeg({ quality, progressive: true, optimiseCoding: true });
    case 'png':
      return pipeline.png({ compressionLevel: 9, adaptiveFiltering: true });
  }
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return (text.split('\n').find((l) => l.trim() !== '') ?? text).trim().slice(0, 200);
}

export interface PrepareInput {
  readonly config: ResolvedConfig;
  readonly markdown: readonly MarkdownSource[];
  readonly settings: ArticleSettings;
  /** The article cache the build uses: the per-article stage runs once for both. */
  readonly cache: ArticleCache;
  /** Content-relative paths of the content files that are not Markdown. */
  readonly assets: readonly string[];
  /** Output path → absolute source of the files copied as they are (content files among them). */
  readonly copies: ReadonlyMap<string, string>;
  readonly cacheDir: string | undefined;
  readonly onEncode?: ProcessOptions['onEncode'];
}

/**
 * The image step of a build, between reading the sources and the pure pipeline: runs the
 * per-article stage (its results stay in `cache` for the pipeline), finds the images articles use
 * and processes them. Undefined when `images.process` is off.
 */
export async function prepareImages(input: PrepareInput): Promise<ProcessedImages | undefined> {
  const { config } = input;
  if (!config.images.process) return undefined;
  const articles: ArticleData[] = [];
  for (const source of input.markdown) {
    const { result } = articleStage(source, input.settings, DEFAULT_MAX_FILE_SIZE, input.cache);
    if (result.article) articles.push(result.article);
  }
  const files = new Map<string, string>();
  for (const path of input.assets) {
    const abs = input.copies.get(path);
    if (abs !== undefined) files.set(path, abs);
  }
  return processImages(imageJobs(articles, files, config), config.images, { cacheDir: input.cacheDir, onEncode: input.onEncode });
}
