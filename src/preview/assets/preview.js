// Briefsmith live preview: fetches the rendered deck and the memo's laid-out pages
// (the PDF's own pages, drawn as SVG by the server), shows build errors over the
// last good render, and reloads on change. It lays out nothing itself.
(() => {
  'use strict';
  const $ = (sel) => document.querySelector(sel);
  let version = -1;

  function scale() {
    for (const [paneSel, itemSel] of [['#deck', '.slide'], ['#memo', '.sheet']]) {
      const pane = $(paneSel);
      for (const item of pane.querySelectorAll(itemSel)) {
        item.style.zoom = '1';
        const zoom = Math.min(1, (pane.clientWidth - 4) / (item.offsetWidth || 1));
        item.style.zoom = String(zoom);
      }
    }
  }

  function showErrors(list) {
    const box = $('#errors');
    const items = $('#error-list');
    items.textContent = '';
    for (const d of list) {
      const pre = document.createElement('pre');
      pre.textContent = d.frame ? `${d.text}\n${d.frame}` : d.text;
      items.append(pre);
    }
    box.classList.toggle('show', list.length > 0);
  }

  async function refresh() {
    const res = await fetch('/api/content', { cache: 'no-store' });
    const data = await res.json();
    if (data.version === version) return;
    version = data.version;
    showErrors(data.ok ? [] : data.diagnostics);
    $('#status').textContent = data.ok ? `built ${new Date().toLocaleTimeString()}` : `${data.diagnostics.length} problem(s): showing the last good build`;
    if (data.deck !== undefined) {
      document.title = `${data.title} — preview`;
      $('#title').textContent = data.title;
      // Fonts first, so the pages never draw in a stand-in face.
      $('#theme').textContent = data.style;
      $('#deck').innerHTML = data.deck;
      $('#memo').innerHTML = data.memo;
      scale();
    }
    document.body.dataset.version = String(data.version);
  }

  window.addEventListener('resize', scale);
  const events = new EventSource('/api/events');
  events.addEventListener('update', () => void refresh());
  void refresh();
})();
