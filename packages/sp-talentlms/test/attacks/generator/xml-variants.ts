// XML-level variants: DOCTYPEs and entities, extra signature transforms.

export function withDoctype(xml: string, doctype: string, entityRef?: string): string {
  const body = entityRef ? xml.replace('>jdoe</saml:NameID>', `>${entityRef}</saml:NameID>`) : xml;
  return `<?xml version="1.0"?>\n${doctype}\n${body}`;
}

export function billionLaughs(): string {
  const lines = ['<!ENTITY lol0 "lol">'];
  for (let i = 1; i < 10; i++) lines.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
  return `<!DOCTYPE samlp:Response [${lines.join('')}]>`;
}

/** Adds a Transform to the assertion signature's Reference (after the exc-c14n one). */
export function addTransform(xml: string, transform: string): string {
  return xml.replace('</ds:Transforms>', `${transform}</ds:Transforms>`);
}
