/** The slug rule, once: what a valid slug is and how a title becomes one. */
import { slugify } from './vietnamese.js';

/** Lower-case letters without marks, digits, single `-` between words. */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The longest slug an article may have, written or made from its title. */
export const MAX_SLUG = 120;

/** Whether `text` may be used as a slug (`slug:` in front-matter, a category's slug). */
export function isValidSlug(text: string, max = MAX_SLUG): boolean {
  return text.length <= max && SLUG_PATTERN.test(text);
}

/** The slug bantin makes from an article's title (marks removed, at most MAX_SLUG characters); may be ''. */
export function titleSlug(title: string, max = MAX_SLUG): string {
  return slugify(title).slice(0, max).replace(/-+$/, '');
}
