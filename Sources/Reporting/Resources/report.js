// report.html: segment explorer (filters, search, sorting, drill-down) and sortable tables.
// Transcript text only ever enters the page through textContent / createTextNode, never as HTML.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('leitbild-data').textContent);
  var PAGE = 150;
  var RULES = { word: 'Wortform', compoundPart: 'Teil eines Kompositums', glob: 'Platzhalter', exactForm: 'exakte Form', phrase: 'Wortgruppe' };
  var collator = new Intl.Collator('de', { numeric: true, sensitivity: 'base' });

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k === 'className') node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }

  // Rows of the explorer, one per embedded segment.
  var rows = data.segments.map(function (s, index) {
    var ctx = data.contexts[s.c];
    var interview = data.interviews[ctx.i];
    var text = ctx.x.slice(s.a, s.b);
    var codeNames = s.k.map(function (k) { return data.codes[k[0]].name; }).join(' ');
    return {
      index: index, s: s, ctx: ctx, interview: interview, text: text,
      haystack: (text + ' ' + codeNames + ' ' + interview.id + ' ' + interview.file + ' ' + ctx.s).toLocaleLowerCase('de'),
      sortKey: { interview: interview.id, group: interview.group, municipality: interview.municipality, codes: codeNames, text: text }
    };
  });

  var state = { code: '', group: '', municipality: '', query: '', negated: false, sort: 'interview', dir: 1, limit: PAGE, selected: -1 };
  var $ = function (id) { return document.getElementById(id); };
  var tbody = document.querySelector('#segments tbody');

  function visible(row) {
    var s = row.s;
    if (state.code) {
      var hit = s.k.some(function (k) { return data.codes[k[0]].id === state.code && (state.negated || k[1] === 0); });
      if (!hit) return false;
    } else if (!state.negated && s.k.every(function (k) { return k[1] === 1; })) {
      return false;
    }
    if (state.group && row.interview.group !== state.group) return false;
    if (state.municipality && row.interview.municipality !== state.municipality) return false;
    if (state.query) {
      var words = state.query.toLocaleLowerCase('de').split(/\s+/).filter(Boolean);
      for (var i = 0; i < words.length; i++) if (row.haystack.indexOf(words[i]) < 0) return false;
    }
    return true;
  }

  function compare(a, b) {
    var x = a.sortKey[state.sort], y = b.sortKey[state.sort];
    var c = collator.compare(x, y);
    if (c === 0) c = collator.compare(a.interview.id, b.interview.id) || a.s.l - b.s.l || a.s.a - b.s.a || a.index - b.index;
    return c * state.dir;
  }

  // Text from `start` to `end` of `text`, with `marks` ([start, end]) as <mark> and `seg` as a highlighted span.
  function highlighted(text, start, end, marks, seg) {
    var cuts = [start, end];
    marks.forEach(function (m) { cuts.push(Math.max(start, Math.min(end, m[0])), Math.max(start, Math.min(end, m[1]))); });
    if (seg) cuts.push(Math.max(start, Math.min(end, seg[0])), Math.max(start, Math.min(end, seg[1])));
    cuts = cuts.filter(function (v, i, all) { return all.indexOf(v) === i; }).sort(function (a, b) { return a - b; });
    var frag = document.createDocumentFragment();
    for (var i = 0; i + 1 < cuts.length; i++) {
      var a = cuts[i], b = cuts[i + 1];
      if (a >= b) continue;
      var node = document.createTextNode(text.slice(a, b));
      var inMark = marks.some(function (m) { return m[0] <= a && b <= m[1]; });
      if (inMark) node = el('mark', { className: 'term' }, [node]);
      if (seg && seg[0] <= a && b <= seg[1]) node = el('span', { className: 'seg' }, [node]);
      frag.appendChild(node);
    }
    return frag;
  }

  function marksOf(row) {
    return row.s.m.filter(function (m) { return !state.code || data.codes[m[0]].id === state.code; })
      .map(function (m) { return [m[1], m[2]]; });
  }

  function chips(row) {
    var span = el('span');
    row.s.k.forEach(function (k) {
      var code = data.codes[k[0]];
      var chip = el('span', { className: 'chip' + (k[1] ? ' negated' : ''), style: '--chip:' + code.color, text: code.name });
      if (k[1]) chip.title = 'verneint';
      span.appendChild(chip);
    });
    if (row.s.v) {
      span.appendChild(el('span', { className: 'chip introduction', text: 'Vorstellung',
        title: 'Antwort auf die Bitte, sich vorzustellen: zählt für keine Priorität' }));
    }
    return span;
  }

  function render() {
    var list = rows.filter(visible).sort(compare);
    var detailShown = false;
    $('detail-home').appendChild($('detail'));
    tbody.textContent = '';
    list.slice(0, state.limit).forEach(function (row) {
      var tr = el('tr', { 'data-index': String(row.index) });
      if (row.index === state.selected) tr.className = 'selected';
      var where = el('td', { title: row.interview.file + ':' + row.s.l }, [row.interview.id, el('br'),
        el('span', { className: 'meta', text: 'Z. ' + row.s.l + (row.ctx.t ? ' · ' + row.ctx.t : '') })]);
      var button = el('button', { type: 'button', className: 'open', 'aria-label': 'Textstelle öffnen: ' + row.text.slice(0, 80) });
      button.appendChild(highlighted(row.ctx.x, row.s.a, row.s.b, marksOf(row), null));
      button.addEventListener('click', function () { openDetail(row); });
      tr.appendChild(where);
      tr.appendChild(el('td', { text: row.interview.group }));
      tr.appendChild(el('td', { text: row.interview.municipality }));
      tr.appendChild(el('td', null, [chips(row)]));
      tr.appendChild(el('td', null, [button]));
      tbody.appendChild(tr);
      if (row.index === state.selected) {
        // The drill-down opens right under its row.
        var cell = el('td', { colspan: '5' });
        cell.appendChild($('detail'));
        tbody.appendChild(el('tr', { className: 'detail-row' }, [cell]));
        detailShown = true;
      }
    });
    if (!detailShown) { $('detail').hidden = true; $('detail-home').appendChild($('detail')); }
    $('result-count').textContent = list.length === rows.length
      ? rows.length + (rows.length === 1 ? ' Textstelle' : ' Textstellen')
      : list.length + ' von ' + rows.length + (rows.length === 1 ? ' Textstelle' : ' Textstellen') + (list.length > state.limit ? ' (die ersten ' + state.limit + ' angezeigt)' : '');
    $('more').hidden = list.length <= state.limit;
    document.querySelectorAll('#segments th').forEach(function (th) {
      if (th.dataset.key === state.sort) th.setAttribute('aria-sort', state.dir > 0 ? 'ascending' : 'descending');
      else th.removeAttribute('aria-sort');
    });
  }

  function openDetail(row) {
    state.selected = row.index;
    var body = $('detail-body');
    body.textContent = '';
    var ctx = row.ctx, iv = row.interview;
    $('detail-h').textContent = 'Textstelle ' + iv.id + ', ' + iv.file + ':' + row.s.l;
    body.appendChild(el('p', { className: 'meta', text: [iv.group, iv.municipality, iv.date, ctx.t].filter(Boolean).join(' · ') }));
    var quote = el('blockquote', { className: 'quote' });
    quote.appendChild(highlighted(ctx.x, row.s.a, row.s.b, row.s.m.map(function (m) { return [m[1], m[2]]; }), null));
    body.appendChild(quote);
    var list = el('ul', { className: 'evidence' });
    row.s.k.forEach(function (k) {
      var code = data.codes[k[0]];
      var found = row.s.m.filter(function (m) { return m[0] === k[0]; }).map(function (m) {
        var term = data.terms[m[3]];
        // A compound part is shown in its word: "arzt" in „Hausarztpraxis“.
        var start = m[1], end = m[2];
        while (start > 0 && /[\p{L}\p{N}-]/u.test(ctx.x.charAt(start - 1))) start--;
        while (end < ctx.x.length && /[\p{L}\p{N}-]/u.test(ctx.x.charAt(end))) end++;
        var word = ctx.x.slice(start, end), hit = ctx.x.slice(m[1], m[2]);
        return '„' + word + '“ (Begriff ' + term[0] + ', ' + (RULES[term[1]] || term[1]) + (word !== hit ? ': „' + hit + '“' : '') + ')';
      });
      list.appendChild(el('li', null, [el('strong', { text: code.name }), (k[1] ? ' – verneint' : '') + ': ' + found.join('; ')]));
    });
    body.appendChild(list);
    body.appendChild(el('h4', { text: 'Im Zusammenhang' }));
    if (ctx.q >= 0) {
      var q = data.contexts[ctx.q];
      body.appendChild(el('blockquote', { className: 'question' }, [el('strong', { text: q.s + ': ' }), q.x]));
    }
    var turn = el('blockquote', { className: 'turn' }, [el('strong', { text: (ctx.s || 'Befragte Person') + ': ' })]);
    turn.appendChild(highlighted(ctx.x, 0, ctx.x.length, row.s.m.map(function (m) { return [m[1], m[2]]; }), [row.s.a, row.s.b]));
    body.appendChild(turn);
    body.appendChild(el('p', { className: 'meta', text: 'Zeile ' + ctx.l + ' der Quelle; Redebeitrag von ' + (ctx.r === 'interviewer' ? 'Interviewer:in' : 'Befragten') + '.' }));
    var close = el('button', { type: 'button', className: 'close', text: 'Schließen' });
    close.addEventListener('click', function () {
      var index = state.selected;
      state.selected = -1;
      render();
      var back = document.querySelector('#segments tr[data-index="' + index + '"] button.open');
      if (back) back.focus();
    });
    body.appendChild(close);
    var detail = $('detail');
    detail.hidden = false;
    render();
    detail.focus();
  }

  function readFilters() {
    state.code = $('f-code').value;
    state.group = $('f-group').value;
    state.municipality = $('f-municipality').value;
    state.query = $('f-query').value.trim();
    state.negated = $('f-negated').checked;
    state.limit = PAGE;
    document.body.classList.toggle('filtered', !!(state.code || state.group || state.municipality || state.query));
    render();
  }

  ['f-code', 'f-group', 'f-municipality', 'f-negated'].forEach(function (id) { $(id).addEventListener('change', readFilters); });
  $('f-query').addEventListener('input', readFilters);
  $('f-reset').addEventListener('click', function () {
    ['f-code', 'f-group', 'f-municipality', 'f-query'].forEach(function (id) { $(id).value = ''; });
    $('f-negated').checked = false;
    readFilters();
  });
  $('more').addEventListener('click', function () { state.limit += PAGE; render(); });
  document.querySelectorAll('#segments th').forEach(function (th) {
    th.querySelector('button').addEventListener('click', function () {
      state.dir = state.sort === th.dataset.key ? -state.dir : 1;
      state.sort = th.dataset.key;
      render();
    });
  });

  function showInExplorer(code, group) {
    $('f-code').value = code || '';
    $('f-group').value = group || '';
    readFilters();
    $('explorer').scrollIntoView();
    $('explorer').focus();
  }
  document.querySelectorAll('button.code-link').forEach(function (b) {
    b.addEventListener('click', function () { showInExplorer(b.dataset.code, ''); });
  });
  document.querySelectorAll('.heatmap g.cell[role=button]').forEach(function (g) {
    var go = function () { showInExplorer(g.getAttribute('data-code'), g.getAttribute('data-group')); };
    g.addEventListener('click', go);
    g.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); go(); } });
  });

  // Static tables with class "sortable": a header button sorts by data-value (numbers) or text.
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var headers = table.querySelectorAll('thead th');
    headers.forEach(function (th, column) {
      var button = th.querySelector('button');
      if (!button) return;
      button.addEventListener('click', function () {
        var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
        headers.forEach(function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
        var numeric = th.dataset.type === 'num';
        var body = table.tBodies[0];
        Array.prototype.slice.call(body.rows).map(function (tr, i) {
          var cell = tr.cells[column];
          var key = cell.hasAttribute('data-value') ? cell.getAttribute('data-value') : cell.textContent;
          return { tr: tr, key: numeric ? parseFloat(key) : key, i: i };
        }).sort(function (a, b) {
          var c = numeric ? a.key - b.key : collator.compare(a.key, b.key);
          return (c || a.i - b.i) * dir;
        }).forEach(function (item) { body.appendChild(item.tr); });
      });
    });
  });

  render();
})();
