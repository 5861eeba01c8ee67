const R = JSON.parse(document.getElementById('report-data').textContent);
const CONFIG = {displaylogo: false, responsive: true, modeBarButtonsToRemove: ['select2d', 'lasso2d']};
const el = (tag, attrs = {}, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const k of kids) e.append(k instanceof Node ? k : document.createTextNode(k == null ? '' : String(k)));
  return e;
};
const actorName = id => (R.names[id] || id);

function showEvidence(i) {
  const e = R.edges[i], box = document.getElementById('evidence');
  box.replaceChildren(
    el('h3', {}, actorName(e.source), ' → ', actorName(e.target), ': ', el('span', {class: 'pol ' + e.polarity}, e.polarity)),
    el('p', {class: 'hint'}, `${e.documents} document(s), ${e.stances} stance(s), mean confidence ${e.confidence.toFixed(2)}`
       + (e.first ? `, published ${e.first} … ${e.last}` : '')),
    ...e.evidence.map(v => el('div', {class: 'ev ' + e.polarity}, el('q', {}, v.evidence),
      el('small', {}, `${v.title || ''}${v.date ? ' · ' + v.date : ''} · ${v.attribution} · confidence ${v.confidence.toFixed(2)}`))));
}

function stanceTable(rows, otherKey, otherLabel) {
  if (!rows.length) return el('p', {class: 'empty'}, 'none');
  const head = el('tr', {}, el('th', {}, otherLabel), el('th', {}, 'polarity'), el('th', {class: 'num'}, 'conf.'),
    el('th', {}, 'evidence'), el('th', {}, 'document'));
  const body = rows.map(r => el('tr', {}, el('td', {}, actorName(r[otherKey])),
    el('td', {class: 'pol ' + r.polarity}, r.polarity), el('td', {class: 'num'}, r.confidence.toFixed(2)),
    el('td', {}, r.evidence), el('td', {}, (r.title || '') + (r.date ? ' (' + r.date + ')' : ''))));
  return el('table', {}, el('thead', {}, head), el('tbody', {}, ...body));
}

function selectActor(id) {
  const sel = document.getElementById('actor-select');
  if (![...sel.options].some(o => o.value === id)) return;
  sel.value = id;
  const held = R.stances.filter(r => r.holder === id), got = R.stances.filter(r => r.target === id);
  document.getElementById('actor-held').replaceChildren(el('h3', {}, `Stances held (${held.length})`),
    stanceTable(held, 'target', 'towards'));
  document.getElementById('actor-received').replaceChildren(el('h3', {}, `Stances received (${got.length})`),
    stanceTable(got, 'holder', 'from'));
}

function checkRender(errors) {
  const charts = {};
  document.querySelectorAll('.chart').forEach(div => {
    charts[div.id] = {
      svg: div.querySelectorAll('svg.main-svg').length,
      marks: div.querySelectorAll('.point, .js-line').length,
      arrows: div.querySelectorAll('.annotation-arrow-g').length,
      expected_marks: Number(div.dataset.expectedMarks || 1),
      expected_arrows: Number(div.dataset.expectedArrows || 0),
    };
  });
  const ok = !errors.length && Object.values(charts).every(c => c.svg > 0 && c.marks >= c.expected_marks
    && c.arrows === c.expected_arrows);
  const out = {ok, errors, charts};
  document.documentElement.dataset.renderCheck = JSON.stringify(out);
  document.getElementById('render-check').textContent = JSON.stringify(out);
  return out;
}

const sel = document.getElementById('actor-select');
for (const id of R.panel) sel.append(el('option', {value: id}, actorName(id)));
sel.addEventListener('change', () => selectActor(sel.value));
const plots = Object.entries(R.figures).map(([id, fig]) =>
  Plotly.newPlot(id, fig.data, fig.layout, id === 'network' ? CONFIG : {...CONFIG, displayModeBar: false}));
Promise.all(plots).then(() => {
  const net = document.getElementById('network');
  if (net && net.on) net.on('plotly_click', ev => {
    const p = ev.points[0];
    if (p.data.meta === 'edge') showEvidence(p.customdata);
    else if (p.data.meta === 'node') { selectActor(p.customdata); }
  });
  const top = document.getElementById('top-actors');
  if (top && top.on) top.on('plotly_click', ev => selectActor(ev.points[0].customdata));
  if (R.edges.length) showEvidence(0);
  if (R.panel.length) selectActor(R.panel[0]);
  window.__reportReady = checkRender(window.__reportErrors);
}, err => { window.__reportErrors.push(String(err)); window.__reportReady = checkRender(window.__reportErrors); });
