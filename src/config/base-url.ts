import type { ResolvedConfig } from './types.js';

/** Whether baseUrl is an absolute URL (`https://phuong.gov.vn/`), which feeds, sitemaps and previews need. */
export function hasAbsoluteBase(config: Pick<ResolvedConfig, 'baseUrl'>): boolean {
  return /^https?:\/\//i.test(config.baseUrl);
}
