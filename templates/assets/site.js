// Progressive enhancement for the default theme. Every page works without it; with it:
// the menu stays open on wide screens, the article tools (print, text size) and the share links
// work (the stylesheet shows them under html.js, set by the layout's inline script before the
// first paint, so nothing moves when this deferred script runs), and the printed page shows the
// article's absolute address.
// No third-party script is loaded. Labels come from data- attributes (templates/strings.yaml).
(function () {
  'use strict';
  var doc = document;
  var root = doc.documentElement;
  var KEY = 'bantin-text-size';
  // Root font sizes in percent; 100 is the reader's own browser setting.
  var SIZES = [90, 100, 115, 130, 150];

  function $(selector) {
    return doc.querySelector(selector);
  }
  function each(selector, fn) {
    Array.prototype.forEach.call(doc.querySelectorAll(selector), fn);
  }

  // The menu is a <details>: closed on phones, kept open on wide screens.
  var menu = $('[data-menu]');
  if (menu && window.matchMedia) {
    var wide = window.matchMedia('(min-width: 48em)');
    var sync = function () {
      menu.open = wide.matches;
    };
    sync();
    if (wide.addEventListener) wide.addEventListener('change', sync);
  }

  // A table wider than its box scrolls inside it: keyboard users reach the scroll with Tab (and the
  // arrow keys) only when the box can take the focus. Checked again when the width or text size changes.
  var focusScrollers = function () {
    each('.body table, .body pre, .doc-table', function (table) {
      if (table.scrollWidth > table.clientWidth + 1) table.setAttribute('tabindex', '0');
      else table.removeAttribute('tabindex');
    });
  };
  focusScrollers();
  window.addEventListener('resize', focusScrollers);

  // The article's address, printed in [data-page-url]: root-relative when baseUrl is "/", so it is
  // resolved against the address in use (without the query string that shared links often carry).
  var source = $('[data-page-url]');
  var pageUrl = new URL(source ? source.textContent.trim() : location.pathname, location.href).href;
  if (source) source.textContent = pageUrl;

  // Text size, remembered on this device (the layout's inline script applies it before painting).
  var tools = $('[data-tools]');
  if (tools) {
    var stored = 100;
    try {
      stored = Number(localStorage.getItem(KEY)) || 100;
    } catch (e) {
      // Storage may be blocked; the size then lasts for this page only.
    }
    var index = SIZES.indexOf(stored);
    var unknown = index < 0;
    if (unknown) index = 1;
    var buttons = tools.querySelectorAll('[data-text-size]');
    var apply = function (resize) {
      // The inline script in <head> already applied the stored size: resize only on a click.
      if (resize) {
        root.style.fontSize = SIZES[index] === 100 ? '' : SIZES[index] + '%';
        focusScrollers();
      }
      Array.prototype.forEach.call(buttons, function (b) {
        var step = Number(b.getAttribute('data-text-size'));
        // aria-disabled rather than disabled: a button under the keyboard focus keeps it.
        b.setAttribute('aria-disabled', String(step < 0 ? index === 0 : index === SIZES.length - 1));
      });
    };
    Array.prototype.forEach.call(buttons, function (b) {
      b.addEventListener('click', function () {
        index = Math.max(0, Math.min(SIZES.length - 1, index + Number(b.getAttribute('data-text-size'))));
        apply(true);
        try {
          if (SIZES[index] === 100) localStorage.removeItem(KEY);
          else localStorage.setItem(KEY, String(SIZES[index]));
        } catch (e) {
          // See above.
        }
      });
    });
    apply(unknown);
    var print = tools.querySelector('[data-print]');
    if (print) {
      print.addEventListener('click', function () {
        window.print();
      });
    }
  }

  // Share links need the absolute address, known only here (see pageUrl).
  var share = $('[data-share]');
  if (share) {
    each('[data-share-base]', function (a) {
      a.href = a.getAttribute('data-share-base') + encodeURIComponent(pageUrl);
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
    });
    var status = share.querySelector('[role="status"]');
    var copy = share.querySelector('[data-copy]');
    if (copy) {
      copy.addEventListener('click', function () {
        var done = function (ok) {
          status.textContent = share.getAttribute(ok ? 'data-copied' : 'data-copy-failed');
        };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(pageUrl).then(function () {
            done(true);
          }, fallback);
        } else {
          fallback();
        }
        // Pages served over plain http have no navigator.clipboard: copy through a selection.
        function fallback() {
          var field = doc.createElement('textarea');
          field.value = pageUrl;
          field.setAttribute('readonly', '');
          field.style.position = 'fixed';
          field.style.opacity = '0';
          doc.body.appendChild(field);
          field.select();
          var ok = false;
          try {
            ok = doc.execCommand('copy');
          } catch (e) {
            ok = false;
          }
          doc.body.removeChild(field);
          done(ok);
        }
      });
    }
  }
})();
