// Fills a form again with the input kept when it was sent after the session expired (the server kept only safe
// fields: no passwords, keys or codes). External file: the Content-Security-Policy allows no inline script.
(() => {
  const data = document.getElementById('restored-form');
  if (!data) return;
  const action = data.getAttribute('data-action') || '';
  let fields;
  try {
    fields = JSON.parse(data.getAttribute('data-fields') || '{}');
  } catch {
    return;
  }
  const form = [...document.forms].find((f) => f.method === 'post' && new URL(f.action, location.href).pathname === action);
  if (!form) return;
  for (const element of form.elements) {
    const name = element.name;
    if (!name || element.type === 'hidden' || element.type === 'password' || element.type === 'file') continue;
    const kept = fields[name];
    const values = Array.isArray(kept) ? kept : kept === undefined ? [] : [kept];
    if (element.type === 'checkbox' || element.type === 'radio') element.checked = values.includes(element.value);
    else if (element instanceof HTMLSelectElement && element.multiple) {
      for (const option of element.options) option.selected = values.includes(option.value);
    } else if (kept !== undefined && 'value' in element) element.value = values[0] ?? '';
  }
  const first = form.querySelector('input:not([type=hidden]), textarea, select');
  if (first instanceof HTMLElement) first.focus();
})();
