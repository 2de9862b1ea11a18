// Briefsmith live preview: fetches the rendered deck and memo, flows the memo
// into pages, shows build errors over the last good render, and reloads on change.
(() => {
  'use strict';
  const $ = (sel) => document.querySelector(sel);
  let version = -1;

  function scaleSlides() {
    for (const [paneSel, itemSel] of [['#deck', '.slide'], ['#memo', '.sheet']]) {
      const pane = $(paneSel);
      for (const item of pane.querySelectorAll(itemSel)) {
        item.style.zoom = '1';
        const zoom = Math.min(1, (pane.clientWidth - 4) / (item.offsetWidth || 1));
        item.style.zoom = String(zoom);
      }
    }
  }

  function paginate(flowHtml, page) {
    const flow = $('#memo-flow');
    const memo = $('#memo');
    flow.innerHTML = flowHtml;
    memo.innerHTML = '';
    const sheets = [];
    const newSheet = () => {
      const sheet = document.createElement('section');
      sheet.className = 'sheet';
      sheet.style.width = page.width;
      sheet.style.height = page.height;
      const content = document.createElement('div');
      content.className = 'content';
      sheet.append(banner(page, true), content, banner(page, false));
      memo.append(sheet);
      sheets.push(sheet);
      return content;
    };
    let content = newSheet();
    const overflows = () => content.scrollHeight > content.clientHeight + 1;
    const isHeading = (n) => n && n.nodeType === 1 && /^H[1-6]$/.test(n.tagName);
    // A block that does not fit moves to a new page, taking the heading before it along;
    // a list that does not fit continues item by item.
    const place = (node) => {
      content.append(node);
      if (!overflows() || content.childNodes.length === 1) return;
      if (node.nodeType === 1 && (node.tagName === 'UL' || node.tagName === 'OL') && node.children.length > 1) {
        const items = [...node.children];
        node.textContent = '';
        let list = node;
        for (const li of items) {
          list.append(li);
          if (overflows() && list.children.length > 1) {
            li.remove();
            content = newSheet();
            list = node.cloneNode(false);
            content.append(list);
            list.append(li);
          }
        }
        return;
      }
      node.remove();
      const prev = content.lastChild;
      const carry = isHeading(prev) && content.childNodes.length > 1 ? prev : null;
      content = newSheet();
      if (carry) content.append(carry);
      content.append(node);
    };
    for (const node of [...flow.childNodes]) place(node);
    sheets.forEach((sheet, i) => {
      const foot = document.createElement('div');
      foot.className = 'foot';
      const left = document.createElement('span');
      left.textContent = page.footer;
      const right = document.createElement('span');
      right.textContent = `Page ${i + 1} of ${sheets.length}`;
      foot.append(left, right);
      sheet.append(foot);
    });
  }

  function banner(page, top) {
    const b = document.createElement('div');
    b.className = 'banner';
    b.style[top ? 'top' : 'bottom'] = '14pt';
    b.style.background = page.banner.background;
    b.style.color = page.banner.text;
    b.textContent = page.marking;
    return b;
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
    document.body.dataset.version = String(data.version);
    showErrors(data.ok ? [] : data.diagnostics);
    $('#status').textContent = data.ok ? `built ${new Date().toLocaleTimeString()}` : `${data.diagnostics.length} problem(s): showing the last good build`;
    if (data.deck !== undefined) {
      document.title = `${data.title} — preview`;
      $('#title').textContent = data.title;
      $('#deck').innerHTML = data.deck;
      paginate(data.memo, data.page);
      scaleSlides();
    }
  }

  window.addEventListener('resize', scaleSlides);
  const events = new EventSource('/api/events');
  events.addEventListener('update', () => void refresh());
  void refresh();
})();
