/** Top-level folders of the pages bantin makes; a category or a fixed page may not take one of them. */

export const TAG_ROOT = 'the';

export const AUTHOR_ROOT = 'tac-gia';

export const ARCHIVE_ROOT = 'luu-tru';

export const SITEMAP_PAGE = 'so-do-trang';

export const SEARCH_PAGE = 'tim-kiem';

/** Names of the discovery pages, shown in breadcrumbs and titles. */
export const NAMES = {
  tags: 'Từ khoá',
  authors: 'Tác giả',
  archives: 'Lưu trữ',
  sitemap: 'Sơ đồ trang',
  search: 'Tìm kiếm',
} as const;
