// Site search for /tim-kiem/ (loaded by that page only). The index is static files made by bantin
// (src/core/search-index.ts): a query loads one small shard per word and per pair of words, then
// one small file per result shown. Vietnamese-aware: a query without marks finds words with them,
// d finds the crossed d, old and new tone placement are one spelling; a query typed with marks ranks
// that exact spelling first, and words typed together rank pages that have them together first.
// Labels come from data- attributes (templates/strings.yaml). No third-party code.
(function () {
  'use strict';
  var doc = document;
  var TOKEN, MARKS;
  try {
    TOKEN = new RegExp('[\\p{L}\\p{M}\\p{N}]+', 'gu');
    MARKS = new RegExp('\\p{M}', 'gu');
  } catch (e) {
    // Engines without Unicode property escapes: Latin letters with their marks, digits.
    TOKEN = /[0-9A-Za-z\u00c0-\u024f\u0300-\u036f\u1e00-\u1eff]+/g;
    MARKS = /[\u0300-\u036f]/g;
  }
  // The five tone marks (grave, acute, hook above, tilde, dot below) are 1 to 5, as in the index.
  var TONES = '\u0300\u0301\u0309\u0303\u0323';
  var ASCII = /^[a-z0-9]+$/;

  function fold(t) {
    return ASCII.test(t) ? t : t.normalize('NFD').replace(MARKS, '').replace(/\u0111/g, 'd').normalize('NFC');
  }
  function variant(t) {
    if (ASCII.test(t)) return t;
    var base = '';
    var tone = '';
    var d = t.normalize('NFD');
    for (var i = 0; i < d.length; i++) {
      var k = TONES.indexOf(d[i]);
      if (k < 0) base += d[i];
      else tone += k + 1;
    }
    return base.normalize('NFC') + tone;
  }
  function shardOf(folded, shards) {
    var h = 0x811c9dc5;
    for (var i = 0; i < folded.length; i++) {
      h ^= folded.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h & (shards - 1);
  }
  // Syllables of a text with where they are, and whether only spaces separate each from the last.
  function tokens(text) {
    var out = [];
    var end = -1;
    var m;
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(text))) {
      var lower = m[0].toLowerCase();
      out.push({
        text: lower,
        folded: fold(lower),
        variant: variant(lower),
        index: m.index,
        end: m.index + m[0].length,
        adjacent: end >= 0 && /^[ \n\t\r\u00a0]+$/.test(text.slice(end, m.index))
      });
      end = m.index + m[0].length;
    }
    return out;
  }

  // The search engine over one index: `load(path)` gives a promise of a JSON file of the index.
  function createEngine(shards, docs, load) {
    return {
      search: function (query) {
        var toks = tokens(query);
        var marked = false;
        var terms = [];
        var seen = {};
        toks.forEach(function (t, i) {
          if (t.text !== t.folded) marked = true;
          if (!seen[t.folded]) {
            seen[t.folded] = 1;
            terms.push({ folded: t.folded, variant: t.variant });
          }
          if (i > 0 && t.adjacent) {
            var p = toks[i - 1];
            terms.push({ folded: p.folded + ' ' + t.folded, variant: p.variant + ' ' + t.variant, pair: true });
          }
        });
        var ids = [];
        terms.forEach(function (t) {
          t.shard = shardOf(t.folded, shards);
          if (ids.indexOf(t.shard) < 0) ids.push(t.shard);
        });
        return Promise.all(ids.map(function (id) {
          return load('t/' + id + '.json');
        })).then(function (files) {
          var found = {};
          terms.forEach(function (t) {
            var entry = files[ids.indexOf(t.shard)][t.folded];
            if (!entry) return;
            var per = {};
            var df = 0;
            Object.keys(entry).forEach(function (v) {
              var d = 0;
              entry[v].split(' ').forEach(function (p) {
                d += parseInt(p.slice(0, -1), 36);
                var q = parseInt(p.slice(-1), 36);
                var e = per[d];
                if (!e) {
                  e = per[d] = { q: 0, exact: false };
                  df++;
                }
                if (q > e.q) e.q = q;
                if (v === t.variant) e.exact = true;
              });
            });
            var idf = Math.log(1 + (docs - df + 0.5) / (df + 0.5));
            Object.keys(per).forEach(function (d) {
              var e = per[d];
              var r = found[d] || (found[d] = { doc: +d, words: 0, exact: 0, phrases: 0, score: 0 });
              var w = idf * e.q * (marked && e.exact ? 1.5 : 1);
              if (t.pair) {
                r.phrases++;
                r.score += 2 * w;
              } else {
                r.words++;
                if (e.exact) r.exact++;
                r.score += w;
              }
            });
          });
          var results = Object.keys(found).map(function (d) {
            return found[d];
          });
          // Pages with more of the words first; then, for a query with marks, the exact spelling;
          // then the words together; then the score; then the newer article.
          results.sort(function (a, b) {
            return b.words - a.words || (marked ? b.exact - a.exact : 0) || b.phrases - a.phrases || b.score - a.score || a.doc - b.doc;
          });
          return { tokens: toks, results: results };
        });
      },
      // Title, date, category and text of one result.
      fragment: function (id) {
        return load('d/' + id + '.json');
      }
    };
  }

  // Text with every query word in a <mark>, as DOM nodes (never HTML).
  function highlight(text, words) {
    var out = doc.createDocumentFragment();
    var last = 0;
    tokens(text).forEach(function (t) {
      if (!words[t.folded]) return;
      out.appendChild(doc.createTextNode(text.slice(last, t.index)));
      var mark = doc.createElement('mark');
      mark.textContent = text.slice(t.index, t.end);
      out.appendChild(mark);
      last = t.end;
    });
    out.appendChild(doc.createTextNode(text.slice(last)));
    return out;
  }

  // A part of the text around the query's words: where two of them stand together, else the first.
  function excerpt(f, query) {
    var text = f.x || f.s || '';
    var toks = tokens(text);
    var words = {};
    query.forEach(function (t) {
      words[t.folded] = 1;
    });
    var at = -1;
    for (var i = 0; i < toks.length && at < 0; i++) {
      for (var j = 1; j < query.length; j++) {
        var n = toks[i + 1];
        if (query[j].adjacent && toks[i].folded === query[j - 1].folded && n && n.adjacent && n.folded === query[j].folded) at = toks[i].index;
      }
    }
    for (i = 0; i < toks.length && at < 0; i++) if (words[toks[i].folded]) at = toks[i].index;
    if (at < 0) text = f.s || text;
    var start = at < 70 ? 0 : text.indexOf(' ', at - 70) + 1;
    var end = Math.min(text.length, start + 240);
    if (end < text.length) end = Math.max(text.lastIndexOf(' ', end), at + 1);
    return { text: (start > 0 ? '\u2026 ' : '') + text.slice(start, end) + (end < text.length ? ' \u2026' : ''), words: words };
  }

  var api = { createEngine: createEngine, tokens: tokens, fold: fold, variant: variant, shardOf: shardOf, excerpt: excerpt };
  window.bantinSearch = api;

  var form = doc.querySelector('[data-search]');
  if (!form) return;
  var input = form.querySelector('input[name="q"]');
  var status = doc.querySelector('[data-search-status]');
  var list = doc.querySelector('[data-search-results]');
  var more = doc.querySelector('[data-search-more]');
  var base = form.getAttribute('data-index');
  var files = {};
  var engine = createEngine(Number(form.getAttribute('data-shards')), Number(form.getAttribute('data-docs')), function (path) {
    if (!files[path]) {
      files[path] = fetch(base + path).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      });
      files[path].catch(function () {
        delete files[path];
      });
    }
    return files[path];
  });
  var PAGE = 10;
  var current = null;
  var run = 0;

  function say(name, q, n) {
    status.textContent = (form.getAttribute('data-' + name) || '').replace('{q}', q).replace('{n}', n);
  }
  function failed() {
    say('failed', '', '');
  }

  // Show the next page of results; `focus` moves the keyboard to the first new one.
  function show(focus) {
    var state = current;
    var page = state.results.slice(state.shown, state.shown + PAGE);
    state.shown += page.length;
    more.hidden = true;
    return Promise.all(page.map(function (r) {
      return engine.fragment(r.doc);
    })).then(function (fragments) {
      if (state !== current) return;
      var first;
      fragments.forEach(function (f) {
        var ex = excerpt(f, state.tokens);
        var li = doc.createElement('li');
        li.className = 'article-item';
        var box = doc.createElement('div');
        box.className = 'card-text';
        var h = doc.createElement('h2');
        var a = doc.createElement('a');
        a.href = f.u;
        a.appendChild(highlight(f.t, ex.words));
        h.appendChild(a);
        var meta = doc.createElement('p');
        meta.className = 'meta';
        // A fixed page (type: page) may have no date and has no category.
        if (f.d) {
          var time = doc.createElement('time');
          time.dateTime = f.i;
          time.textContent = f.d;
          meta.appendChild(time);
        }
        if (f.c) meta.appendChild(doc.createTextNode((f.d ? ' \u00b7 ' : '') + f.c));
        var p = doc.createElement('p');
        p.className = 'summary';
        p.appendChild(highlight(ex.text, ex.words));
        box.appendChild(h);
        if (meta.firstChild) box.appendChild(meta);
        box.appendChild(p);
        li.appendChild(box);
        list.appendChild(li);
        first = first || a;
      });
      more.hidden = state.shown >= state.results.length;
      if (focus && first) first.focus();
    }, failed);
  }

  function find(q) {
    var mine = ++run;
    list.textContent = '';
    more.hidden = true;
    current = null;
    q = q.trim();
    if (!q) {
      status.textContent = '';
      return Promise.resolve();
    }
    say('searching', q, '');
    return engine.search(q).then(function (found) {
      if (mine !== run) return;
      current = { tokens: found.tokens, results: found.results, shown: 0 };
      say(found.results.length ? 'found' : 'none', q, found.results.length);
      if (found.results.length) return show(false);
    }, failed);
  }

  function fromAddress() {
    var q = new URLSearchParams(location.search).get('q') || '';
    input.value = q;
    find(q);
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var q = input.value.trim();
    // The address carries the query, so a search can be linked, shared and reached with Back.
    history.pushState(null, '', q ? '?q=' + encodeURIComponent(q) : location.pathname);
    find(q);
  });
  more.addEventListener('click', function () {
    show(true);
  });
  window.addEventListener('popstate', fromAddress);
  fromAddress();
})();
