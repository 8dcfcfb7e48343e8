/**
 * The replica's client-side app: like Kialo's React app it renders nothing on the server, fetches
 * `/api/v1/...` and builds the discussion view with Kialo's class names. Layout "v2" stands for a
 * redesign: the same content under different class names, which the scraper must report. A claim
 * link (`__SELECTED_CLAIM__`) opens the discussion on that claim, as on Kialo. The graph comes from
 * `__GRAPH_PATH__` (the replica can serve it under an older name), and a location's parent is found
 * by location id or claim id, as on the real graph.
 */
export const APP_SCRIPT = String.raw`(async () => {
  const id = window.__DISCUSSION_ID__;
  const v2 = window.__LAYOUT__ === 'v2';
  const cls = v2
    ? { title: 'discussion-header__name', selected: 'focused-claim', text: 'claim-body__text', hist: 'impact-chart__bar', counter: 'impact-chart__count', pro: 'map-node--pro', con: 'map-node--con' }
    : { title: 'topbar-title__discussion-title', selected: 'selected-claim', text: 'claim-text__content', hist: 'voters-histogram__voters-bar-container', counter: 'icon__counter', pro: 'mini-map-claim--pro', con: 'mini-map-claim--con' };
  const get = (path) => fetch(path).then((r) => r.json());
  const [{ discussion }, , votesAnswer, graph] = await Promise.all([
    get('/api/v1/discussions/' + id),
    get('/api/v1/discussions/' + id + '/statistics'),
    get('/api/v1/discussions/' + id + '/perspectives/1/votes?filter=all'),
    get(window.__GRAPH_PATH__ + '?discussionId=' + id),
  ]);
  const el = (tag, className, text) => { const e = document.createElement(tag); if (className) e.className = className; if (text !== undefined) e.textContent = text; return e; };
  const claimText = (loc) => (graph.claims.find((c) => c.id === loc.targetId) || { text: '' }).text;
  const root = graph.locations.find((l) => l.parentId === null);
  const childOf = (l, parent) => l.parentId === parent.id || l.parentId === parent.targetId;
  const theses = graph.locations.filter((l) => childOf(l, root) && l.relation === 0);
  const sel = window.__SELECTED_CLAIM__;
  const linked = sel && graph.locations.find((l) => l.id === sel || l.targetId === sel);
  const focus = linked || (discussion.isMultipleChoice ? root : theses[0]);
  const view = el('div', 'discussion-view');
  const topbar = el('div', 'topbar');
  topbar.append(el('h1', cls.title, discussion.title));
  view.append(topbar);
  const selected = el('div', cls.selected);
  selected.dataset.claimId = focus.targetId;
  const textBox = el('div', 'claim-text');
  textBox.append(el('span', cls.text, claimText(focus)));
  selected.append(textBox);
  const impact = el('div', 'claim-header__impact-container');
  const hist = el('div', 'voters-histogram');
  for (const count of votesAnswer.votes[focus.id] || [0, 0, 0, 0, 0]) {
    const bar = el('div', cls.hist);
    bar.append(el('span', cls.counter, String(count)));
    hist.append(bar);
  }
  impact.append(hist);
  selected.append(impact);
  view.append(selected);
  const map = el('div', 'mini-map');
  for (const loc of graph.locations.filter((l) => childOf(l, focus))) {
    const node = el('div', loc.relation === 1 ? cls.pro : loc.relation === -1 ? cls.con : 'mini-map-claim--thesis');
    node.append(el('span', 'mini-map-claim__text', claimText(loc)));
    map.append(node);
  }
  view.append(map);
  const toast = el('div', 'toast-template');
  toast.append(el('span', 'toast-template__close-icon', '×'));
  view.append(toast);
  document.getElementById('root').replaceChildren(view);
})();
`;
