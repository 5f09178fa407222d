// Small DOM helpers. Text always goes in through textContent; the only HTML the page inserts is a
// search snippet, and even that is rebuilt here keeping nothing but text and <mark>.

/**
 * h('a', {href: '/x', class: 'y', onclick: fn}, 'text', child) -> element.
 * Attributes whose value is false, null or undefined are left out; `true` sets an empty attribute.
 */
export function h(tag, attrs = {}, ...children) {
  const el = tag.includes(':')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.split(':')[1])
    : document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(el.dataset, value);
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

/** h() for SVG elements: s('rect', {...}). */
export const s = (tag, attrs, ...children) => h(`svg:${tag}`, attrs, ...children);

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the children of `el`. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/**
 * A snippet from the API ("… national <mark>diaspora</mark> …", already HTML-escaped) as a
 * fragment: parsed inertly in a <template>, then copied keeping only text and <mark> elements.
 */
export function snippetFragment(html) {
  const template = document.createElement('template');
  template.innerHTML = html;
  const out = document.createDocumentFragment();
  const copy = (from, to) => {
    for (const node of from.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) {
        to.append(node.textContent);
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        if (node.localName === 'mark') {
          const mark = document.createElement('mark');
          copy(node, mark);
          to.append(mark);
        } else {
          copy(node, to);
        }
      }
    }
  };
  copy(template.content, out);
  return out;
}

/** Keeps keyboard focus on the "same" control when a region is re-rendered. */
export function preservingFocus(container, render) {
  const active = document.activeElement;
  const id = active && container.contains(active) ? active.id : '';
  render();
  if (id) document.getElementById(id)?.focus();
}

/** A plain left click without modifiers: the page handles it; others open tabs as usual. */
export function isPlainClick(event) {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}
