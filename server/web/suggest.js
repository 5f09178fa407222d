// Completions for the search box (/api/v1/suggest), as an ARIA 1.2 combobox with a listbox popup:
// arrows move, Enter picks, Escape closes; the input keeps focus throughout.

import * as api from './api.js';
import { h, fill } from './dom.js';

const DEBOUNCE_MS = 120;

/** Wires `input` and `listbox`; `onPick(text)` runs when a completion is chosen. */
export function attachSuggest(input, listbox, onPick) {
  let timer = 0;
  let controller = null;
  let options = [];
  let active = -1;

  const close = () => {
    clearTimeout(timer); // a completion request still pending must not reopen the list
    listbox.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };

  const highlight = (i) => {
    active = i;
    options.forEach((el, j) => el.setAttribute('aria-selected', String(j === i)));
    if (i >= 0) {
      input.setAttribute('aria-activedescendant', options[i].id);
      options[i].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  };

  const show = (completions, typed) => {
    const useful = completions.filter((c) => c.text.toLowerCase() !== typed.trim().toLowerCase());
    options = useful.map((c, i) => h('li', {
      id: `q-option-${i}`, role: 'option', class: 'suggestion', 'aria-selected': 'false',
      onmousedown: (e) => e.preventDefault(), // keep focus in the input
      onclick: () => { close(); onPick(c.text); },
    }, c.text));
    fill(listbox, options);
    if (!options.length || document.activeElement !== input) return close();
    listbox.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    highlight(-1);
  };

  const request = () => {
    const typed = input.value;
    controller?.abort();
    if (typed.trim().length < 2) return close();
    controller = new AbortController();
    api.suggest(typed, { signal: controller.signal })
      .then((res) => { if (input.value === typed) show(res.completions ?? [], typed); })
      .catch(() => close()); // completions are a convenience: failures just hide them
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(request, DEBOUNCE_MS);
  });
  input.addEventListener('keydown', (e) => {
    const open = !listbox.hidden && options.length;
    if (e.key === 'ArrowDown') {
      if (!open) { request(); return; }
      e.preventDefault();
      highlight((active + 1) % options.length);
    } else if (e.key === 'ArrowUp' && open) {
      e.preventDefault();
      highlight(active <= 0 ? options.length - 1 : active - 1);
    } else if (e.key === 'Enter' && open && active >= 0) {
      e.preventDefault();
      const text = options[active].textContent;
      close();
      onPick(text);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      close();
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 100));
  return {
    close() {
      controller?.abort();
      close();
    },
  };
}
