// Passkey ceremonies of the IdP's pages (served from /assets/passkey.js: no inline script under the CSP).
// A form marked data-passkey="register" or "authenticate" first posts its fields to data-options-url, runs
// navigator.credentials.create()/get() with the options, puts the credential (PublicKeyCredential JSON) into its
// hidden "credential" field, then submits itself to the server, which verifies everything.
(() => {
  const b64urlToBytes = (s) => {
    const b = atob(
      s
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(s.length / 4) * 4, '='),
    );
    return Uint8Array.from(b, (c) => c.charCodeAt(0));
  };
  const bytesToB64url = (buf) => {
    let s = '';
    for (const byte of new Uint8Array(buf)) s += String.fromCharCode(byte);
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  };
  const withIds = (list) => (list ?? []).map((c) => ({ ...c, id: b64urlToBytes(c.id) }));

  function creationOptions(o) {
    return {
      ...o,
      challenge: b64urlToBytes(o.challenge),
      user: { ...o.user, id: b64urlToBytes(o.user.id) },
      excludeCredentials: withIds(o.excludeCredentials),
    };
  }
  function requestOptions(o) {
    return { ...o, challenge: b64urlToBytes(o.challenge), allowCredentials: withIds(o.allowCredentials) };
  }
  function toJSON(cred) {
    const r = cred.response;
    const response = { clientDataJSON: bytesToB64url(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = bytesToB64url(r.attestationObject);
      response.transports = typeof r.getTransports === 'function' ? r.getTransports() : [];
    } else {
      response.authenticatorData = bytesToB64url(r.authenticatorData);
      response.signature = bytesToB64url(r.signature);
      if (r.userHandle) response.userHandle = bytesToB64url(r.userHandle);
    }
    return {
      id: cred.id,
      rawId: bytesToB64url(cred.rawId),
      type: cred.type,
      response,
      clientExtensionResults: cred.getClientExtensionResults(),
      authenticatorAttachment: cred.authenticatorAttachment ?? undefined,
    };
  }

  function showError(form, message) {
    const box = form.querySelector('[data-passkey-error]');
    if (!box) return;
    box.textContent = message;
    box.hidden = false;
  }

  async function run(form) {
    const fields = new URLSearchParams(new FormData(form));
    fields.delete('credential');
    const res = await fetch(form.dataset.optionsUrl, {
      method: 'POST',
      body: fields,
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(body.message || 'The passkey could not be started. Reload the page and try again.');
    const cred =
      form.dataset.passkey === 'register'
        ? await navigator.credentials.create({ publicKey: creationOptions(body) })
        : await navigator.credentials.get({ publicKey: requestOptions(body) });
    if (!cred) throw new Error('No passkey was chosen.');
    form.querySelector('input[name="credential"]').value = JSON.stringify(toJSON(cred));
    form.submit();
  }

  for (const form of document.querySelectorAll('form[data-passkey]')) {
    if (!window.PublicKeyCredential) {
      showError(form, 'This browser does not support passkeys.');
      continue;
    }
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const button = form.querySelector('button[type="submit"]');
      if (button) button.disabled = true;
      run(form).catch((err) => {
        if (button) button.disabled = false;
        showError(form, err?.name === 'NotAllowedError' ? 'The passkey request was cancelled or timed out.' : String(err?.message || err));
      });
    });
  }
})();
