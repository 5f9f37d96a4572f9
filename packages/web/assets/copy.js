// Copy buttons, the one script of every copy button of both apps (progressive enhancement, no inline script: CSP
// script-src 'self'). Two forms:
// - an element marked data-copy="<what>" gets a "Copy" button after it, labelled "Copy <what>";
// - a button written in the page, <button data-copy-target="ID">, copies the element with that ID (an input's value
//   or an element's text).
// A click puts the value on the clipboard and says so in a polite live region: the status element the button's
// aria-describedby names, else a shared visually hidden one. Without JavaScript the values stay selectable text.
(() => {
  const sharedRegion = () => {
    let region = document.getElementById('copy-status');
    if (!region) {
      region = document.createElement('p');
      region.id = 'copy-status';
      region.className = 'visually-hidden';
      region.setAttribute('role', 'status');
      document.body.appendChild(region);
    }
    return region;
  };
  const regionOf = (button) => document.getElementById(button.getAttribute('aria-describedby') || '') || sharedRegion();
  const textOf = (el) => (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el.value : el.textContent.trim());
  const copy = async (text) => {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return;
    }
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    if (!ok) throw new Error('copy refused');
  };
  const copyFrom = async (button, source, what) => {
    const region = regionOf(button);
    try {
      await copy(textOf(source));
      button.dataset.copied = 'true';
      region.textContent = what ? `Copied ${what}.` : 'Copied.';
    } catch {
      if ('select' in source) source.select();
      region.textContent = `Copying is not allowed here: ${'select' in source ? 'the value is selected, press Ctrl+C (or ⌘C)' : 'select the text and copy it'}.`;
    }
  };
  const enhance = () => {
    for (const el of document.querySelectorAll('[data-copy]')) {
      if (el.nextElementSibling?.classList.contains('copy')) continue;
      const what = el.getAttribute('data-copy');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'copy secondary';
      button.textContent = 'Copy';
      button.setAttribute('aria-label', `Copy ${what}`);
      button.addEventListener('click', async () => {
        await copyFrom(button, el, what);
        if (button.dataset.copied !== 'true') return;
        // The visible word stays part of the accessible name (WCAG 2.5.3 Label in Name).
        button.textContent = 'Copied';
        button.setAttribute('aria-label', `Copied ${what}`);
        setTimeout(() => {
          button.textContent = 'Copy';
          button.setAttribute('aria-label', `Copy ${what}`);
          delete button.dataset.copied;
        }, 2000);
      });
      el.after(button);
    }
  };
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-copy-target]') : null;
    const source = button && document.getElementById(button.getAttribute('data-copy-target') || '');
    if (source) copyFrom(button, source, '');
  });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', enhance);
  else enhance();
})();
