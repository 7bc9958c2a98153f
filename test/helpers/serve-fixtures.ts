/**
 * Images for the tests of serve, check, new and the guide. Builds process JPEG, PNG and WebP with
 * sharp (responsive variants), so these must be real images; the dev server shows originals, so
 * pages compared with a build use an SVG, which both copy as it is.
 */

/** A real 8×8 JPEG (268 bytes). */
export const TINY_JPEG = Buffer.from(
  '/9j/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdBRkxOUlNSMj5aYVpQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT0//wAARCAAIAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAX/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAABf/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AJIBMc//2Q==',
  'base64',
);

/** A JPEG of `bytes` bytes that any decoder reads: the tiny one, then padding after its end marker. */
export function jpegOfSize(bytes: number): Buffer {
  return Buffer.concat([TINY_JPEG, Buffer.alloc(Math.max(0, bytes - TINY_JPEG.length))]);
}

/** A small SVG picture, copied to the site as it is. */
export const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8" fill="#369"/></svg>\n';
