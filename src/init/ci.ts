/**
 * Deploy recipes written by `bantin init`: GitHub Actions (check on pull requests, deploy to
 * GitHub Pages from main and once a day) and GitLab CI (the same for GitLab Pages).
 *
 * Rules these files keep (a test parses them and checks each):
 * - pull requests run on `pull_request` (never `pull_request_target`), read-only, with no secret,
 *   and only restore the build cache, never save it;
 * - the deploy runs on pushes to main, on a daily schedule (so that articles dated in the future
 *   appear on their day) and by hand;
 * - bantin's build cache (`node_modules/.cache/bantin`, see `bantin build --cache-dir`) is kept
 *   between runs, on GitHub with the machine key that signs it (`~/.cache/bantin`, outside the
 *   repository): without the key every entry is a miss (src/cache/trust.ts).
 */

/** Folder of bantin's build cache under the site root. */
export const CACHE_DIR = 'node_modules/.cache/bantin';

/** Folder of the key that signs the cache, outside the repository (src/cache/trust.ts). */
export const KEY_DIR = '~/.cache/bantin';

/**
 * Installs bantin as the site's package.json names it: from the site's own `vendor/bantin-X.tgz`
 * (what `bantin init` writes until bantin is in the npm registry) or from the registry; the rest of
 * its dependencies come from the registry either way. `npm ci` once the lock file is committed.
 */
const INSTALL = 'if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi';

/** `.github/workflows/kiem-tra.yml`: every pull request is checked and built, with no secret. */
export function githubCheckWorkflow(): string {
  return `# Kiểm tra mỗi yêu cầu gộp (pull request): soát lỗi bài viết rồi thử dựng trang.
# Chạy bằng sự kiện pull_request (không bao giờ pull_request_target), chỉ có quyền đọc và không
# dùng khoá bí mật nào, nên an toàn cả với yêu cầu gộp gửi từ kho khác (fork).
name: Kiểm tra bài viết

on:
  pull_request:

permissions:
  contents: read

jobs:
  kiem-tra:
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
          # Cả lịch sử: bantin check --since so các địa chỉ bài với nhánh chính.
          fetch-depth: 0
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: Cài bantin
        run: ${INSTALL}
      # Chỉ lấy bộ nhớ đệm do nhánh chính để lại, không ghi: yêu cầu gộp không sửa được bộ nhớ đệm.
      - name: Lấy bộ nhớ đệm của bantin
        uses: actions/cache/restore@v4
        with:
          path: |
            ${CACHE_DIR}
            ${KEY_DIR}
          key: bantin-\${{ runner.os }}-\${{ github.sha }}
          restore-keys: |
            bantin-\${{ runner.os }}-
      # --since: báo mọi bài đã đăng sẽ đổi địa chỉ hoặc mất mà chưa có aliases (liên kết cũ sẽ hỏng).
      - name: Soát lỗi bài viết
        run: npx bantin check --format github --since "origin/\${{ github.base_ref }}"
      - name: Thử dựng trang
        run: npx bantin build
`;
}

/** `.github/workflows/dang-trang.yml`: build and deploy to GitHub Pages. */
export function githubDeployWorkflow(): string {
  return `# Dựng trang và đăng lên GitHub Pages:
# - mỗi lần nhánh main thay đổi;
# - mỗi ngày lúc 00:05 giờ Việt Nam, để bài hẹn giờ (ngày đăng ở tương lai) lên trang đúng ngày;
# - khi bấm "Run workflow" trong thẻ Actions.
# Cần bật một lần: Settings → Pages → Build and deployment → Source: GitHub Actions.
name: Dựng và đăng trang

on:
  push:
    branches: [main]
  schedule:
    - cron: '5 17 * * *' # 17:05 UTC = 00:05 giờ Việt Nam
  workflow_dispatch:

permissions:
  contents: read

# Một lần đăng tại một thời điểm; lần đang chạy được chạy xong.
concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  dung-trang:
    runs-on: ubuntu-latest
    timeout-minutes: 20
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: Cài bantin
        run: ${INSTALL}
      # Bộ nhớ đệm của bantin (${CACHE_DIR}) và khoá ký của nó (${KEY_DIR}, ngoài kho):
      # lần dựng sau chỉ làm lại các bài đã đổi.
      - name: Bộ nhớ đệm của bantin
        uses: actions/cache@v4
        with:
          path: |
            ${CACHE_DIR}
            ${KEY_DIR}
          key: bantin-\${{ runner.os }}-\${{ github.sha }}
          restore-keys: |
            bantin-\${{ runner.os }}-
      - name: Lấy địa chỉ GitHub Pages
        id: pages
        uses: actions/configure-pages@v5
      # Địa chỉ gốc lấy từ GitHub Pages (https://ten.github.io/ten-kho/ hoặc tên miền riêng),
      # nên mọi liên kết đúng cả khi trang nằm trong thư mục con.
      - name: Dựng trang
        env:
          BASE_URL: \${{ steps.pages.outputs.base_url }}
        run: npx bantin build --base-url "$BASE_URL"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: dist

  dang-trang:
    needs: dung-trang
    runs-on: ubuntu-latest
    timeout-minutes: 10
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: \${{ steps.deployment.outputs.page_url }}
    steps:
      - name: Đăng lên GitHub Pages
        id: deployment
        uses: actions/deploy-pages@v4
`;
}

/** `.gitlab-ci.yml`: the same for GitLab Pages. */
export function gitlabCi(): string {
  return `# Dựng trang và đăng lên GitLab Pages.
# - Yêu cầu gộp (merge request): soát lỗi bài viết rồi thử dựng trang, không đăng.
# - Nhánh chính: dựng trang và đăng.
# - Chạy theo lịch mỗi ngày để bài hẹn giờ lên trang đúng ngày: tạo một lần trong
#   Build → Pipeline schedules → New schedule, "5 0 * * *", múi giờ Asia/Ho_Chi_Minh (Hà Nội),
#   nhánh chính.
default:
  image: node:20
  before_script:
    - ${INSTALL}
  # Gói npm và bộ nhớ đệm của bantin (${CACHE_DIR}) được giữ giữa các lần chạy.
  cache:
    key: bantin
    paths:
      - .npm/
      - ${CACHE_DIR}/

variables:
  npm_config_cache: $CI_PROJECT_DIR/.npm

stages:
  - kiem-tra
  - dang-trang

kiem-tra:
  stage: kiem-tra
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
  # Yêu cầu gộp chỉ đọc bộ nhớ đệm, không ghi.
  cache:
    key: bantin
    paths:
      - .npm/
      - ${CACHE_DIR}/
    policy: pull
  script:
    # --since: báo mọi bài đã đăng sẽ đổi địa chỉ hoặc mất mà chưa có aliases (bantin tự lấy nhánh đích).
    - npx bantin check --since "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"
    - npx bantin build

pages:
  stage: dang-trang
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  script:
    # GitLab Pages đăng thư mục public; địa chỉ gốc lấy từ GitLab (đúng cả khi trang nằm trong thư mục con).
    - npx bantin build --out public --base-url "$CI_PAGES_URL"
  artifacts:
    paths:
      - public
`;
}
