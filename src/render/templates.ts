import Handlebars from 'handlebars';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { formatIsoDate, formatLongDate, formatShortDate } from '../text/dates.js';
import { encodePath } from '../text/url-path.js';
import { parseYaml } from '../text/yaml.js';
import { DISCOVERY_TEMPLATES, MEDIA_TEMPLATES, type PagePlan, type TemplateName } from '../pages/views.js';

/** A template source as read from the theme folders. */
export interface TemplateSource {
  /** Path inside the theme, `/` separators: `layouts/base.hbs`, `partials/header.hbs`, `pages/article.hbs`, `strings.yaml`. */
  readonly name: string;
  /** Path shown to the user in messages. */
  readonly file: string;
  readonly text: string;
}

export interface TemplateSettings {
  readonly basePath: string;
  readonly timeZone: string;
}

export interface TemplateSet {
  /** Render one page; a template problem gives a diagnostic naming the template file and line. */
  render(page: PagePlan): { html?: string; diagnostic?: Diagnostic };
}

const PAGE_TEMPLATES: readonly TemplateName[] = ['home', 'category', 'article', 'page', '404', ...DISCOVERY_TEMPLATES, ...MEDIA_TEMPLATES];

interface LocatedError extends Error {
  lineNumber?: number;
  column?: number;
  bantinTemplate?: string;
}

/**
 * Compile a theme into an isolated Handlebars environment in strict mode. Content is never
 * compiled: only these trusted files are. Pure: no file access, no environment.
 *
 * Long: registers every helper of the theme's contract on one isolated Handlebars instance, and each helper closes over that instance and the settings; the helpers are listed one after another, a few lines each.
 */
export function createTemplates(sources: readonly TemplateSource[], settings: TemplateSettings): { templates?: TemplateSet; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const hb = Handlebars.create();
  let strings: Record<string, string> = {};

  const stringsSource = sources.find((s) => s.name === 'strings.yaml');
  if (stringsSource) {
    const parsed = parseYaml(stringsSource.text, stringsSource.file);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.value && typeof parsed.value === 'object' && !Array.isArray(parsed.value)) {
      strings = parsed.value as Record<string, string>;
    }
  }

  /** Files of the templates being rendered, innermost last (to name the file of an error). */
  const running: string[] = [];
  const tag = (e: unknown, file: string) => {
    const err = e as LocatedError;
    if (err && typeof err === 'object' && err.bantinTemplate === undefined) err.bantinTemplate = file;
  };

  const compile = (source: TemplateSource): Handlebars.TemplateDelegate | undefined => {
    try {
      hb.parse(source.text);
    } catch (e) {
      const err = e as LocatedError;
      const line = err.lineNumber ?? Number(/line (\d+)/.exec(err.message)?.[1] ?? 1);
      diagnostics.push(
        error('BT401', source.file, `Mẫu giao diện viết sai cú pháp Handlebars: ${firstLine(err.message)}`, 'Kiểm tra các cặp {{#if}}…{{/if}}, {{#each}}…{{/each}} và dấu ngoặc nhọn ở dòng này.', line, 1),
      );
      return undefined;
    }
    const compiled = hb.compile(source.text, { strict: true, noEscape: false, preventIndent: true });
    // Tag errors with the file they come from; the innermost template wins. A layout called as
    // `{{#> base}}…{{/base}}` runs the caller's block: errors there belong to the caller's file.
    const wrapped = ((context: unknown, options?: Handlebars.RuntimeOptions & { fn?: unknown }) => {
      const caller = running[running.length - 1];
      const data = options?.data as Record<string, unknown> | undefined;
      const block = data?.['partial-block'];
      if (caller !== undefined && data && typeof options?.fn === 'function' && typeof block === 'function') {
        data['partial-block'] = (blockContext: unknown, blockOptions?: unknown) => {
          running.push(caller);
          try {
            return (block as (c: unknown, o?: unknown) => string)(blockContext, blockOptions);
          } catch (e) {
            tag(e, caller);
            throw e;
          } finally {
            running.pop();
          }
        };
      }
      running.push(source.file);
      try {
        return compiled(context, options);
      } catch (e) {
        tag(e, source.file);
        throw e;
      } finally {
        running.pop();
      }
    }) as Handlebars.TemplateDelegate;
    return wrapped;
  };

  const pages = new Map<TemplateName, Handlebars.TemplateDelegate>();
  for (const source of sources) {
    if (!source.name.endsWith('.hbs')) continue;
    const compiled = compile(source);
    if (!compiled) continue;
    // `partials/tin/the.hbs` is the partial `tin/the`: the path below the folder, not its first part.
    const slash = source.name.indexOf('/');
    const folder = slash === -1 ? '' : source.name.slice(0, slash);
    const name = source.name.slice(slash + 1).replace(/\.hbs$/, '');
    if (folder === 'pages' && (PAGE_TEMPLATES as readonly string[]).includes(name)) pages.set(name as TemplateName, compiled);
    else if (folder === 'layouts' || folder === 'partials') hb.registerPartial(name, compiled as unknown as Handlebars.Template);
  }
  for (const name of PAGE_TEMPLATES) {
    if (!pages.has(name) && !diagnostics.some((d) => d.file.endsWith(`pages/${name}.hbs`))) {
      diagnostics.push(error('BT402', `templates/pages/${name}.hbs`, `Giao diện thiếu mẫu trang "pages/${name}.hbs".`, 'Thêm tệp này vào thư mục templates, hoặc xoá tệp ghi đè để dùng mẫu mặc định.'));
    }
  }

  const toEpoch = (value: unknown): number | undefined => {
    if (typeof value === 'number') return value;
    if (typeof value === 'string') {
      const ms = Date.parse(value);
      return Number.isNaN(ms) ? undefined : ms;
    }
    return undefined;
  };
  hb.registerHelper('t', (key: unknown, options?: { loc?: unknown }) => {
    const value = typeof key === 'string' && Object.hasOwn(strings, key) ? strings[key] : undefined;
    if (typeof value !== 'string') {
      // With the helper call's position, so the message points at the line that asks for the label.
      throw new Handlebars.Exception(`Chưa có nhãn "${String(key)}" trong strings.yaml`, { loc: options?.loc } as unknown as ConstructorParameters<typeof Handlebars.Exception>[1]);
    }
    return value;
  });
  hb.registerHelper('date', (value: unknown) => {
    const ms = toEpoch(value);
    return ms === undefined ? '' : formatShortDate(ms, settings.timeZone, true);
  });
  hb.registerHelper('dateOnly', (value: unknown) => {
    const ms = toEpoch(value);
    return ms === undefined ? '' : formatShortDate(ms, settings.timeZone, false);
  });
  hb.registerHelper('dateLong', (value: unknown) => {
    const ms = toEpoch(value);
    return ms === undefined ? '' : formatLongDate(ms, settings.timeZone);
  });
  hb.registerHelper('isoDate', (value: unknown) => {
    const ms = toEpoch(value);
    return ms === undefined ? '' : formatIsoDate(ms, settings.timeZone);
  });
  hb.registerHelper('url', (path: unknown) => settings.basePath + encodePath(String(typeof path === 'string' ? path : '').replace(/^\/+/, '')));
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  // Whether one item of a list has this `url` (a menu entry whose child is the page being shown).
  hb.registerHelper('includesUrl', (list: unknown, url: unknown) => Array.isArray(list) && typeof url === 'string' && list.some((item) => (item as { url?: unknown } | null)?.url === url));
  hb.registerHelper('json', (value: unknown) => new Handlebars.SafeString(safeJson(value)));

  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };

  const reported = new Set<string>();
  const templates: TemplateSet = {
    render(page) {
      const template = pages.get(page.template)!;
      try {
        // Only own data: no prototype access (Handlebars' default), no helpers from content.
        return { html: template(page.view, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false }) };
      } catch (e) {
        const err = e as LocatedError;
        const file = err.bantinTemplate ?? `templates/pages/${page.template}.hbs`;
        const line = err.lineNumber ?? Number(/ - (\d+):(\d+)$/.exec(err.message)?.[1] ?? 1);
        const column = (err.column ?? Number(/ - (\d+):(\d+)$/.exec(err.message)?.[2] ?? 0)) + 1;
        const message = firstLine(err.message).replace(/ - \d+:\d+$/, '').replace(/ in \[object Object\]/, '');
        const key = `${file}:${line}:${message}`;
        if (reported.has(key)) return {};
        reported.add(key);
        return {
          diagnostic: error('BT403', file, `Lỗi khi dựng trang /${page.url} bằng mẫu giao diện: ${message}`, 'Kiểm tra tên biến ở dòng này; các biến có sẵn được liệt kê trong README (phần Giao diện).', line, column),
        };
      }
    },
  };
  return { templates, diagnostics };
}

/** JSON that is safe inside `<script type="application/ld+json">`: no `</script>`, no `<!--`. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value ?? null)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? text).trim();
}
