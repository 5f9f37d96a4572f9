// Copy buttons (progressive enhancement, no inline script: CSP script-src 'self'). Each element marked
// data-copy="<what>" gets a "Copy" button after it; a click puts the element's text on the clipboard and says
// "Copied" in a polite live region. Without JavaScript the values stay selectable text.
(() => {
  const announce = () => {
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
  const enhance = () => {
    for (const el of document.querySelectorAll('[data-copy]')) {
      if (el.nextElementSibling?.classList.contains('copy')) continue;
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'copy secondary';
      button.textContent = 'Copy';
      button.setAttribute('aria-label', `Copy ${el.getAttribute('data-copy')}`);
      button.addEventListener('click', async () => {
        const what = el.getAttribute('data-copy');
        try {
          await copy(el.textContent.trim());
          button.textContent = 'Copied';
          announce().textContent = `Copied ${what}.`;
        } catch {
          announce().textContent = `Could not copy ${what}: select the text and copy it.`;
        }
        setTimeout(() => {
          button.textContent = 'Copy';
        }, 2000);
      });
      el.after(button);
    }
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', enhance);
  else enhance();
})();
