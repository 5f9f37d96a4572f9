// XSD validation with xmllint-wasm against the OASIS/W3C schema files shipped by Debian's
// opensaml-schemas + xmltooling-schemas (no npm package ships saml-schema-metadata-2.0.xsd).
// Their imports point at http URLs; we point them at the local copies instead.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { validateXML } from 'xmllint-wasm';

const DIRS = { opensaml: '/usr/share/xml/opensaml', xmltooling: '/usr/share/xml/xmltooling' };
const FILES: [keyof typeof DIRS, string][] = [
  ['opensaml', 'saml-schema-metadata-2.0.xsd'],
  ['opensaml', 'saml-schema-assertion-2.0.xsd'],
  ['opensaml', 'saml-schema-protocol-2.0.xsd'],
  ['xmltooling', 'xmldsig-core-schema.xsd'],
  ['xmltooling', 'xenc-schema.xsd'],
  ['xmltooling', 'xml.xsd'],
];

function load(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [dir, name] of FILES) {
    const path = join(DIRS[dir], name);
    if (!existsSync(path)) {
      throw new Error(`${path} is missing: apt-get install -y opensaml-schemas xmltooling-schemas`);
    }
    out.set(name, readFileSync(path, 'utf8').replace(/schemaLocation=(["'])[^"']*\/([^/"']+)\1/g, 'schemaLocation="$2"'));
  }
  return out;
}

let cache: Map<string, string> | undefined;

/** Returns the validation errors (empty when valid). `root` is the schema of the document's namespace. */
export async function xsdErrors(xml: string, root: 'saml-schema-metadata-2.0.xsd' | 'saml-schema-protocol-2.0.xsd'): Promise<string[]> {
  cache ??= load();
  const files = [...cache].map(([fileName, contents]) => ({ fileName, contents }));
  const result = await validateXML({
    xml: { fileName: 'document.xml', contents: xml },
    schema: files.filter((f) => f.fileName === root),
    preload: files.filter((f) => f.fileName !== root),
  });
  return result.errors.map((e) => e.rawMessage ?? basename(String(e)));
}
