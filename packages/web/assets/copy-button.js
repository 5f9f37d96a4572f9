// Copy buttons: <button data-copy="INPUT-ID"> copies that input's value (or element's text) and says so in the
// status element its aria-describedby names. External file: the Content-Security-Policy allows no inline script.
document.addEventListener('click', async (event) => {
  const button = event.target instanceof Element ? event.target.closest('button[data-copy]') : null;
  if (!button) return;
  const source = document.getElementById(button.getAttribute('data-copy') || '');
  if (!source) return;
  const value = 'value' in source ? source.value : source.textContent || '';
  const status = document.getElementById(button.getAttribute('aria-describedby') || '');
  try {
    await navigator.clipboard.writeText(value);
    if (status) status.textContent = 'Copied.';
  } catch {
    if ('select' in source) source.select();
    if (status) status.textContent = 'Copying is not allowed here: the key is selected, press Ctrl+C (or ⌘C).';
  }
});
