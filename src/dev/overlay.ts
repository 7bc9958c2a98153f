/**
 * What the dev server adds to pages: the live-reload snippet, and the list of problems (an overlay
 * over the page for errors, a small panel for warnings). Only served pages get these; `bantin build`
 * output never does.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { escapeHtml } from '../text/html-escape.js';
import { codeFrame } from '../diagnostics/sources.js';

/** Path of the server-sent events stream that tells open pages to reload. */
export const EVENTS_PATH = '/__bantin/events';

/** Marks what the dev server injected, so tests and people can tell. */
export const DEV_MARK = 'bantin-dev';

/**
 * The reload snippet: listens to the event stream and reloads on `reload`; after the server
 * restarts (a different `hello` id), reloads too.
 */
export function reloadSnippet(): string {
  return `<script id="${DEV_MARK}-reload">(function(){if(!window.EventSource)return;var id=null,es=new EventSource(${JSON.stringify(EVENTS_PATH)});es.addEventListener("hello",function(e){if(id!==null&&id!==e.data)location.reload();id=e.data});es.addEventListener("reload",function(){location.reload()})})();</script>`;
}


/** One problem as HTML: `file:line:col`, the message, the line of the file with a caret, the hint. */
function problemHtml(d: Diagnostic, texts: ReadonlyMap<string, string>): string {
  const where = d.line ? `${d.file}:${d.line}:${d.column ?? 1}` : d.file;
  const label = d.severity === 'error' ? 'Lỗi' : 'Cảnh báo';
  let frame = '';
  const text = texts.get(d.file);
  const lines = text !== undefined && d.line ? codeFrame(text, d.line, d.column, 1, 160) : undefined;
  if (lines) {
    const rows: string[] = [];
    for (const l of lines.lines) {
      rows.push(`<span class="${l.current ? 'bt-hl' : ''}">${String(l.number).padStart(4)} | ${escapeHtml(l.text)}</span>`);
      if (l.current && lines.caret !== undefined) rows.push(`<span class="bt-caret">     | ${' '.repeat(lines.caret)}^</span>`);
    }
    frame = `<pre class="bt-frame">${rows.join('\n')}</pre>`;
  }
  const hint = d.hint ? `<p class="bt-hint"><strong>Cách sửa:</strong> ${escapeHtml(d.hint)}</p>` : '';
  return `<li class="bt-${d.severity}"><p class="bt-where"><code>${escapeHtml(where)}</code> <span class="bt-label">${label} ${escapeHtml(d.code)}</span></p><p class="bt-msg">${escapeHtml(d.message)}</p>${frame}${hint}</li>`;
}

const STYLE = `<style id="${DEV_MARK}-style">
#${DEV_MARK}{all:initial;font:16px/1.5 system-ui,"Segoe UI",Roboto,Arial,sans-serif;color:#1a1a1a}
#${DEV_MARK} *{box-sizing:border-box}
#${DEV_MARK} .bt-errors{position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.72);padding:2rem 1rem}
#${DEV_MARK} .bt-box{max-width:56rem;margin:0 auto;background:#fff;border-top:6px solid #b3261e;border-radius:6px;padding:1.25rem 1.5rem;box-shadow:0 10px 40px rgba(0,0,0,.4)}
#${DEV_MARK} h2{font-size:1.35rem;margin:0 0 .25rem;color:#b3261e}
#${DEV_MARK} ol{padding-left:1.25rem;margin:1rem 0 0}
#${DEV_MARK} li{margin:0 0 1.25rem}
#${DEV_MARK} p{margin:.2rem 0}
#${DEV_MARK} code,#${DEV_MARK} pre{font:14px/1.45 ui-monospace,Consolas,monospace}
#${DEV_MARK} .bt-where code{background:#f1f1f1;padding:0 .3rem;border-radius:3px}
#${DEV_MARK} .bt-label{font-weight:700;color:#b3261e}
#${DEV_MARK} .bt-warning .bt-label{color:#8a5a00}
#${DEV_MARK} .bt-msg{font-weight:600}
#${DEV_MARK} .bt-frame{background:#f6f6f6;border:1px solid #ddd;padding:.5rem;overflow:auto;margin:.4rem 0;white-space:pre}
#${DEV_MARK} .bt-hl{background:#fde7e6;display:inline-block;min-width:100%}
#${DEV_MARK} .bt-caret{color:#b3261e;font-weight:700}
#${DEV_MARK} .bt-hint{background:#eef6ee;border-left:4px solid #2e7d32;padding:.3rem .6rem}
#${DEV_MARK} button{font:inherit;cursor:pointer;border:1px solid #888;background:#f4f4f4;border-radius:4px;padding:.3rem .8rem}
#${DEV_MARK} .bt-warnings{position:fixed;right:.75rem;bottom:.75rem;z-index:2147483646;max-width:min(40rem,calc(100vw - 1.5rem));max-height:70vh;overflow:auto;background:#fff8e1;border:2px solid #8a5a00;border-radius:6px;padding:.4rem .8rem;box-shadow:0 4px 16px rgba(0,0,0,.25)}
#${DEV_MARK} summary{cursor:pointer;font-weight:700;color:#6b4500}
</style>`;

/**
 * The problems of the site shown over a served page: errors cover the page (it is the last good
 * version) until closed; warnings only sit in a small panel that opens on a click. Empty when
 * there are none.
 */
export function problemsOverlay(diagnostics: readonly Diagnostic[], texts: ReadonlyMap<string, string>): string {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const warnings = diagnostics.filter((d) => d.severity === 'warning');
  if (errors.length === 0 && warnings.length === 0) return '';
  const list = (items: readonly Diagnostic[]) => `<ol>${items.map((d) => problemHtml(d, texts)).join('')}</ol>`;
  let body: string;
  if (errors.length > 0) {
    body = `<div class="bt-errors" role="alertdialog" aria-labelledby="${DEV_MARK}-title"><div class="bt-box"><h2 id="${DEV_MARK}-title">Trang chưa được cập nhật: ${errors.length} lỗi${warnings.length > 0 ? `, ${warnings.length} cảnh báo` : ''}</h2><p>Bên dưới là bản trước đó của trang. Sửa các lỗi sau rồi lưu tệp, trang sẽ tự tải lại.</p>${list([...errors, ...warnings])}<p><button type="button" onclick="this.closest('.bt-errors').remove()">Ẩn thông báo, xem bản cũ</button></p></div></div>`;
  } else {
    body = `<details class="bt-warnings"><summary>${warnings.length} cảnh báo</summary>${list(warnings)}</details>`;
  }
  return `${STYLE}<div id="${DEV_MARK}">${body}</div>`;
}

/** Add the overlay and reload snippet to a served HTML page, before `</body>` (or at the end). */
export function injectDev(html: string, diagnostics: readonly Diagnostic[], texts: ReadonlyMap<string, string>): string {
  const extra = problemsOverlay(diagnostics, texts) + reloadSnippet();
  const at = html.lastIndexOf('</body>');
  return at === -1 ? html + extra : html.slice(0, at) + extra + html.slice(at);
}

/** A whole page for when there is no site to show (the first build failed, or a page cannot be rendered). */
export function errorPage(diagnostics: readonly Diagnostic[], texts: ReadonlyMap<string, string>): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const items = diagnostics.map((d) => problemHtml(d, texts)).join('');
  return `<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lỗi khi dựng trang – bantin</title>
${STYLE}
</head>
<body style="margin:0;background:#eee">
<div id="${DEV_MARK}"><main class="bt-box" style="margin:2rem auto">
<h2>Chưa dựng được trang web: ${errors} lỗi</h2>
<p>Sửa các lỗi sau rồi lưu tệp; trang sẽ tự tải lại.</p>
<ol>${items}</ol>
</main></div>
${reloadSnippet()}
</body>
</html>
`;
}
