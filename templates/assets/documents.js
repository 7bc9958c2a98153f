// The filter of the documents page (/van-ban/): by issuer and by year, in the page, without a
// server. Without this script every document is listed and the filter stays hidden. The choice is
// kept in the address (?co-quan=…&nam=…), so a filtered list can be shared. Labels come from
// data- attributes (templates/strings.yaml).
(function () {
  'use strict';
  var filter = document.querySelector('[data-doc-filter]');
  var status = document.querySelector('[data-doc-count]');
  if (!filter || !status || !window.URLSearchParams) return;
  var issuer = filter.querySelector('[data-filter-issuer]');
  var year = filter.querySelector('[data-filter-year]');
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr[data-year]'));
  var params = new URLSearchParams(location.search);

  function choose(select, value) {
    for (var i = 0; i < select.options.length; i++) if (select.options[i].value === value) select.value = value;
  }
  choose(issuer, params.get('co-quan') || '');
  choose(year, params.get('nam') || '');

  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var match = (!issuer.value || row.getAttribute('data-issuer') === issuer.value) && (!year.value || row.getAttribute('data-year') === year.value);
      row.hidden = !match;
      if (match) shown++;
    });
    status.textContent = filter.getAttribute('data-count').replace('{n}', String(shown));
    var query = new URLSearchParams();
    if (issuer.value) query.set('co-quan', issuer.value);
    if (year.value) query.set('nam', year.value);
    var search = query.toString();
    if (history.replaceState) history.replaceState(null, '', location.pathname + (search ? '?' + search : ''));
  }
  filter.addEventListener('change', apply);
  filter.hidden = false;
  apply();
})();
