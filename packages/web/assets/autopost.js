// Submits the SAML HTTP-POST binding form at once; without JavaScript the visible button does it.
document.addEventListener('DOMContentLoaded', () => {
  const form = document.querySelector('form[data-autopost]');
  if (form) form.submit();
});
