// Rules of the code base checked over every source file (ARCHITECTURE.md §1): package indexes list their exports
// by name, protocol's public surface carries no DOM types, code cites ARCHITECTURE.md or specifications (never an
// issue number or a design note that is not in the repository), no error is swallowed without a stated reason, and
// no test asserts an upper bound on elapsed wall-clock time (speed is measured in bench/, ratios in one run).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'chai';
import { describe, it } from 'mocha';
import ts from 'typescript';

const ROOT = new URL('../..', import.meta.url).pathname;
const PACKAGES = readdirSync(join(ROOT, 'packages')).filter((p) => statSync(join(ROOT, 'packages', p)).isDirectory());

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|mts|mjs|js)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const productSources = () => PACKAGES.flatMap((p) => sourceFiles(join(ROOT, 'packages', p, 'src')));
const allCode = () =>
  [
    ...PACKAGES.flatMap((p) => [join(ROOT, 'packages', p, 'src'), join(ROOT, 'packages', p, 'test')]),
    ...['test', 'bench', 'scripts', 'certs'].map((d) => join(ROOT, d)),
  ].flatMap((dir) => sourceFiles(dir));

// Each file is read and parsed once per run: several rules walk the same files.
const parsed = new Map<string, ts.SourceFile>();
const parse = (path: string): ts.SourceFile => {
  let file = parsed.get(path);
  if (!file) {
    file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    parsed.set(path, file);
  }
  return file;
};
const where = (file: ts.SourceFile, node: ts.Node) =>
  `${relative(ROOT, file.fileName)}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}`;

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  node.forEachChild((child) => walk(child, visit));
}

/** `export * from` statements of `files`, as file:line. */
export function exportStars(files: ts.SourceFile[]): string[] {
  return files.flatMap((file) =>
    file.statements.filter((s) => ts.isExportDeclaration(s) && !s.exportClause && s.moduleSpecifier).map((s) => where(file, s)),
  );
}

/** An issue number or a DESIGN note cited in a comment or string, as file:line. */
export function forbiddenCitations(path: string, text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (/\b[Ii]ssues? #?\d+\b|\bDESIGN(\.md)? ?§/.test(line)) out.push(`${relative(ROOT, path)}:${i + 1}`);
  });
  return out;
}

/** A test asserting that wall-clock time stayed under a bound (`expect(Date.now() - t).to.be.below(n)`), as file:line. */
export function wallClockUpperBounds(path: string, text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (/expect\(\s*(?:Date|performance)\.now\(\)\s*-[^)]*\)\.to\.be\.(?:below|lessThan|lt|lte|at\.most|within)\b/.test(line))
      out.push(`${relative(ROOT, path)}:${i + 1}`);
  });
  return out;
}

const isEmptyBody = (file: ts.SourceFile, body: ts.Node) =>
  ts.isBlock(body) && body.statements.length === 0 && file.text.slice(body.getStart(file) + 1, body.getEnd() - 1).trim() === '';

/** Errors dropped with no reason given: an empty `catch {}`, `.catch(() => {})`, `.on('error', () => {})`. */
export function silentCatches(file: ts.SourceFile): string[] {
  const out: string[] = [];
  walk(file, (n) => {
    if (ts.isCatchClause(n) && isEmptyBody(file, n.block)) out.push(where(file, n));
    if (!ts.isCallExpression(n) || !ts.isPropertyAccessExpression(n.expression)) return;
    const method = n.expression.name.text;
    const handler =
      method === 'catch' ? n.arguments[0] : method === 'on' && ts.isStringLiteral(n.arguments[0] ?? n) ? n.arguments[1] : undefined;
    if (method === 'on' && (n.arguments[0] as ts.StringLiteral | undefined)?.text !== 'error') return;
    if (handler && (ts.isArrowFunction(handler) || ts.isFunctionExpression(handler)) && isEmptyBody(file, handler.body))
      out.push(where(file, n));
  });
  return out;
}

const ERROR_CLASSES = new Set(['SamlbridgeError', 'SamlError']);

function extendsErrorClass(node: ts.Node): boolean {
  let at: ts.Node | undefined = node.parent;
  while (at && !ts.isClassLike(at)) at = at.parent;
  const base = at?.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  return base !== undefined && ts.isIdentifier(base.expression) && ERROR_CLASSES.has(base.expression.text);
}

/**
 * Error constructions whose code is not read from a typed list (ARCHITECTURE.md §4), as file:line: `new SamlError(…)` or
 * `new SamlbridgeError(…)` anywhere but in a factory, and `super('literal', …)` in a subclass of either. A code checked
 * by the compiler (`'bad_request' satisfies WebErrorCode`) passes; `allowed` lists `file: first argument` pairs
 * whose code comes from a typed list by another road.
 */
export function freeStringCodes(file: ts.SourceFile, allowed: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  const isLiteral = (n: ts.Node | undefined) => n !== undefined && (ts.isStringLiteralLike(n) || ts.isTemplateExpression(n));
  walk(file, (n) => {
    const first = ts.isNewExpression(n) || ts.isCallExpression(n) ? n.arguments?.[0] : undefined;
    if (first && ts.isSatisfiesExpression(first)) return;
    const built = ts.isNewExpression(n) && ts.isIdentifier(n.expression) && ERROR_CLASSES.has(n.expression.text);
    const literalSuper =
      ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.SuperKeyword && isLiteral(first) && extendsErrorClass(n);
    if (!built && !literalSuper) return;
    if (first && allowed.has(`${relative(ROOT, file.fileName)}: ${first.getText(file)}`)) return;
    out.push(where(file, n));
  });
  return out;
}

/** Constructions whose code comes from a typed list another way: the factory itself, or a code handed in. */
const TYPED_ELSEWHERE = new Set([
  'packages/protocol/src/errors.ts: code', // samlErrorFactory: `code` is a key of the list it was made from
  'packages/web/src/api/mount-routes.ts: code', // the caller's MountOptions.invalidCode, from the caller's own list
  'packages/errors/src/error-codes.ts: code', // errorFactory: `code` is a key of the list it was made from
  'packages/sp-talentlms/src/saml/reasons.ts: reason', // reject(reason: ReasonCode): the SP's typed sign-in reasons
  'packages/sp-talentlms/src/http/acs.ts: err.code', // a refused Response's reason, re-thrown with the person's sentence
]);

/** The exports of `entry` whose declared types mention a type declared in `@xmldom/xmldom`. */
function exportsWithDomTypes(entry: string): string[] {
  const program = ts.createProgram([entry], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  const module = source && checker.getSymbolAtLocation(source);
  if (!module) throw new Error(`cannot read the exports of ${entry}`);
  const fromDom = (symbol: ts.Symbol | undefined) =>
    (symbol?.declarations ?? []).some((d) => d.getSourceFile().fileName.includes('/@xmldom/'));
  const mentionsDom = (type: ts.Type, seen: Set<ts.Type>, depth: number): boolean => {
    if (seen.has(type) || depth > 6) return false;
    seen.add(type);
    if (fromDom(type.getSymbol()) || fromDom(type.aliasSymbol)) return true;
    const parts: ts.Type[] = [];
    if (type.isUnionOrIntersection()) parts.push(...type.types);
    parts.push(...(type.aliasTypeArguments ?? []));
    if (type.flags & ts.TypeFlags.Object) {
      const object = type as ts.ObjectType;
      if (object.objectFlags & ts.ObjectFlags.Reference) parts.push(...checker.getTypeArguments(object as ts.TypeReference));
      for (const signature of [...type.getCallSignatures(), ...type.getConstructSignatures()]) {
        parts.push(signature.getReturnType());
        for (const p of signature.getParameters()) parts.push(checker.getTypeOfSymbol(p));
      }
      const declaredHere = (type.getSymbol()?.declarations ?? []).some((d) => d.getSourceFile().fileName.includes('/packages/'));
      if (declaredHere || object.objectFlags & ts.ObjectFlags.Anonymous)
        for (const p of type.getProperties()) parts.push(checker.getTypeOfSymbol(p));
    }
    return parts.some((t) => mentionsDom(t, seen, depth + 1));
  };
  return checker
    .getExportsOfModule(module)
    .filter((exported) => {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declaration = symbol.declarations?.[0];
      if (!declaration) return false;
      const type =
        symbol.flags & (ts.SymbolFlags.Type | ts.SymbolFlags.Interface) && !(symbol.flags & ts.SymbolFlags.Value)
          ? checker.getDeclaredTypeOfSymbol(symbol)
          : checker.getTypeOfSymbolAtLocation(symbol, declaration);
      return mentionsDom(type, new Set(), 0);
    })
    .map((s) => s.name)
    .sort();
}

/** The value (not type-only) exports of an index file, by name. */
function valueExports(index: ts.SourceFile): string[] {
  return index.statements.flatMap((s) =>
    ts.isExportDeclaration(s) && !s.isTypeOnly && s.exportClause && ts.isNamedExports(s.exportClause)
      ? s.exportClause.elements.filter((e) => !e.isTypeOnly).map((e) => e.name.text)
      : [],
  );
}

/** Names imported from `@samlbridge/protocol` (or protocol's own index, in its tests) by `files`. */
function namesImportedFromProtocol(files: string[]): Set<string> {
  const names = new Set<string>();
  for (const file of files.map(parse)) {
    for (const s of file.statements) {
      if (!ts.isImportDeclaration(s) || !ts.isStringLiteral(s.moduleSpecifier)) continue;
      const from = s.moduleSpecifier.text;
      if (from !== '@samlbridge/protocol' && !(file.fileName.includes('/packages/protocol/test/') && from.endsWith('/src/index.js')))
        continue;
      const bindings = s.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) for (const e of bindings.elements) names.add((e.propertyName ?? e.name).text);
    }
  }
  return names;
}

describe('code rules', function () {
  // The surface check type-checks protocol (seconds alone, minutes on a busy 2-core machine).
  this.timeout(240_000);

  it('finds export *, issue citations, silent catches, DOM types and wall-clock bounds in code written to break each rule', () => {
    const bad = ts.createSourceFile(
      'bad.ts',
      "export * from './x.js';\ntry { f(); } catch {}\np.catch(() => {});\ns.on('error', () => {});\ntry { f(); } catch {\n  // not a URL: refused below\n}\n",
      ts.ScriptTarget.Latest,
      true,
    );
    expect(exportStars([bad])).to.have.length(1);
    expect(silentCatches(bad)).to.have.length(3);
    const cited = ['// as', 'issue', '14 asks\n// DESIGN', '§3\n// saml-core §3.4\n// RSA PKCS#1 and UTS #39\n'].join(' ');
    expect(forbiddenCitations('x.ts', cited)).to.have.length(2);
    const timed = [
      'expect(Date.now() - started).to.be.below(500);',
      "expect(performance.now() - t0, 'fast').to.be.lessThan(1000);",
      'expect(Date.now() - started).to.be.at.least(900);',
    ].join('\n');
    expect(wallClockUpperBounds(join(ROOT, 'x.ts'), timed)).to.deep.equal(['x.ts:1', 'x.ts:2']);
  });

  it('finds error codes written as free strings in code written to break the rule, and passes typed ones', () => {
    const source = [
      "throw new SamlError('made_up', 'A code in no list');",
      'const refused = (code: string, message: string) => new SamlbridgeError(code, message, { status: 400 });',
      "class OwnError extends SamlbridgeError { constructor() { super('own_code', 'Not in a list'); } }",
      "throw protocolError('malformed_xml', 'From the typed list');",
      "throw new SamlbridgeError('bad_request' satisfies WebErrorCode, message, { status });",
      'class Typed extends SamlError { constructor(reason: Reason) { super(reason, REASONS[reason]); } }',
      "class NotOurs extends Error { constructor() { super('a plain message'); } }",
    ].join('\n');
    const bad = ts.createSourceFile(join(ROOT, 'bad.ts'), source, ts.ScriptTarget.Latest, true);
    expect(freeStringCodes(bad)).to.deep.equal(['bad.ts:1', 'bad.ts:2', 'bad.ts:3']);
    expect(freeStringCodes(bad, new Set(['bad.ts: code']))).to.deep.equal(['bad.ts:1', 'bad.ts:3']);
  });

  it('builds every error of every package from a typed list of codes (no free-string code)', () => {
    expect(productSources().flatMap((path) => freeStringCodes(parse(path), TYPED_ELSEWHERE))).to.deep.equal([]);
  });

  it('has no export * in any package: each index names what it exports', () => {
    expect(exportStars(productSources().map(parse))).to.deep.equal([]);
  });

  it("has no @xmldom type in protocol's public surface (strings and plain objects only)", () => {
    expect(exportsWithDomTypes(join(ROOT, 'packages/protocol/src/index.ts'))).to.deep.equal([]);
  });

  it("exports from protocol's index no value that nothing outside protocol's src imports (dead exports go)", () => {
    const used = namesImportedFromProtocol(allCode().filter((path) => !path.includes('/packages/protocol/src/')));
    const dead = valueExports(parse(join(ROOT, 'packages/protocol/src/index.ts'))).filter((name) => !used.has(name));
    expect(dead).to.deep.equal([]);
  });

  it('cites no issue number and no DESIGN note in code, tests, bench or scripts', () => {
    expect(allCode().flatMap((path) => forbiddenCitations(path, readFileSync(path, 'utf8')))).to.deep.equal([]);
  });

  it('asserts no upper bound on wall-clock time in any test (a loaded machine fails it; bench/ measures speed)', () => {
    // This file states the rule and breaks it on purpose in its own check above.
    const tests = allCode().filter((path) => !path.startsWith(join(ROOT, 'bench')) && path !== new URL(import.meta.url).pathname);
    expect(tests.flatMap((path) => wallClockUpperBounds(path, readFileSync(path, 'utf8')))).to.deep.equal([]);
  });

  it('swallows no error without a stated reason in product code, scripts and bench', () => {
    const files = [...productSources(), ...['scripts', 'bench', 'certs/src'].flatMap((d) => sourceFiles(join(ROOT, d)))];
    expect(files.flatMap((path) => silentCatches(parse(path)))).to.deep.equal([]);
  });
});
