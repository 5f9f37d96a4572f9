// Each workspace package declares exactly what it imports (ARCHITECTURE.md §4): every bare import of `src` is in
// `dependencies` (a type-only one may be satisfied by a devDependency or its @types package), every dependency is
// imported by `src`; every bare import of `test` is declared by the package or by the root (shared test tooling),
// and every devDependency is imported by `test` or type-only by `src` (or is the @types of something imported).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { expect } from 'chai';
import { describe, it } from 'mocha';
import ts from 'typescript';

const ROOT = new URL('../..', import.meta.url).pathname;

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

interface Imports {
  /** Packages loaded at run time. */
  value: Set<string>;
  /** Packages named only by `import type` / `export type` / `import('x').T`. */
  typeOnly: Set<string>;
}

const builtins = new Set(builtinModules);

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`; undefined for relative paths and Node built-ins. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
  return builtins.has(name) ? undefined : name;
}

function sourceFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    if (name === 'node_modules') return [];
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(m?ts|m?js)$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Module specifiers of one file, from the TypeScript syntax tree (comments and strings are never mistaken for imports). */
function importsOf(fileName: string, text: string): Imports {
  const out: Imports = { value: new Set(), typeOnly: new Set() };
  const add = (specifier: string, typeOnly: boolean) => {
    const pkg = packageOf(specifier);
    if (pkg) (typeOnly ? out.typeOnly : out.value).add(pkg);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.importClause?.isTypeOnly === true);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expr = node.moduleReference.expression;
      if (ts.isStringLiteral(expr)) add(expr.text, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteral(arg)) add(arg.text, false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS));
  for (const pkg of out.value) out.typeOnly.delete(pkg);
  return out;
}

function importsOfDir(dir: string): Imports {
  const all: Imports = { value: new Set(), typeOnly: new Set() };
  for (const file of sourceFiles(dir)) {
    const found = importsOf(file, readFileSync(file, 'utf8'));
    for (const pkg of found.value) all.value.add(pkg);
    for (const pkg of found.typeOnly) all.typeOnly.add(pkg);
  }
  for (const pkg of all.value) all.typeOnly.delete(pkg);
  return all;
}

const typesOf = (pkg: string) => `@types/${pkg.startsWith('@') ? pkg.slice(1).replace('/', '__') : pkg}`;

/** Every mismatch between what a package declares and what its src and test import, as sentences. */
function dependencyProblems(manifest: Manifest, src: Imports, test: Imports, shared: ReadonlySet<string>): string[] {
  const deps = new Set(Object.keys(manifest.dependencies ?? {}));
  const devDeps = new Set(Object.keys(manifest.devDependencies ?? {}));
  const problems: string[] = [];
  const where = manifest.name;

  for (const pkg of [...src.value].sort()) {
    if (!deps.has(pkg)) problems.push(`${where}: src imports ${pkg}, which is not in dependencies`);
  }
  for (const pkg of [...src.typeOnly].sort()) {
    if (!deps.has(pkg) && !devDeps.has(pkg) && !devDeps.has(typesOf(pkg)) && !deps.has(typesOf(pkg))) {
      problems.push(`${where}: src imports types from ${pkg}, which is declared neither as a dependency nor as ${typesOf(pkg)}`);
    }
  }
  for (const pkg of [...deps].sort()) {
    if (!src.value.has(pkg) && !src.typeOnly.has(pkg)) {
      problems.push(`${where}: dependency ${pkg} is never imported by src (a devDependency if only tests use it)`);
    }
  }

  const declared = new Set([...deps, ...devDeps]);
  for (const pkg of [...test.value, ...test.typeOnly].sort()) {
    if (!declared.has(pkg) && !shared.has(pkg) && !(test.typeOnly.has(pkg) && (declared.has(typesOf(pkg)) || shared.has(typesOf(pkg))))) {
      problems.push(`${where}: test imports ${pkg}, which is declared neither by the package nor by the root package.json`);
    }
  }
  const imported = new Set([...src.value, ...src.typeOnly, ...test.value, ...test.typeOnly]);
  for (const pkg of [...devDeps].sort()) {
    const used = test.value.has(pkg) || test.typeOnly.has(pkg) || src.typeOnly.has(pkg) || [...imported].some((i) => typesOf(i) === pkg);
    if (!used) problems.push(`${where}: devDependency ${pkg} is never imported by test (nor its types by src)`);
    if (deps.has(pkg)) problems.push(`${where}: ${pkg} is both a dependency and a devDependency`);
  }
  return problems;
}

const readManifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;

function workspacePackages(): string[] {
  const packages = readdirSync(join(ROOT, 'packages')).map((name) => join(ROOT, 'packages', name));
  return [...packages, join(ROOT, 'certs')].filter((dir) => {
    try {
      return statSync(join(dir, 'package.json')).isFile();
    } catch {
      return false;
    }
  });
}

describe('workspace dependencies', () => {
  it('reads value, type-only, re-export and dynamic imports, and ignores Node built-ins and relative paths', () => {
    const found = importsOf(
      'x.ts',
      [
        "import a from 'koa';",
        "import type { B } from '@koa/router';",
        "import { type C } from 'pino';",
        "export { d } from 'pg/lib/x';",
        "export type { E } from 'kysely';",
        "const f = await import('@scope/f/sub');",
        "type G = import('undici').G;",
        "import 'node:fs'; import 'path'; import './local.js';",
        "// import 'commented-out';",
      ].join('\n'),
    );
    expect([...found.value].sort()).to.deep.equal(['@scope/f', 'koa', 'pg', 'pino']);
    expect([...found.typeOnly].sort()).to.deep.equal(['@koa/router', 'kysely', 'undici']);
  });

  it('names an undeclared import, an unused dependency, a test-only dependency and an unused devDependency', () => {
    const problems = dependencyProblems(
      {
        name: 'p',
        dependencies: { koa: '1', pino: '1', '@xmldom/xmldom': '1' },
        devDependencies: { chai: '1', '@types/koa': '1', 'left-pad': '1' },
      },
      { value: new Set(['koa', 'pg']), typeOnly: new Set() },
      { value: new Set(['@xmldom/xmldom', 'mocha']), typeOnly: new Set() },
      new Set(['mocha']),
    );
    expect(problems).to.deep.equal([
      'p: src imports pg, which is not in dependencies',
      'p: dependency @xmldom/xmldom is never imported by src (a devDependency if only tests use it)',
      'p: dependency pino is never imported by src (a devDependency if only tests use it)',
      'p: devDependency chai is never imported by test (nor its types by src)',
      'p: devDependency left-pad is never imported by test (nor its types by src)',
    ]);
  });

  it('every package declares exactly the dependencies its src imports, and devDependencies its tests import', () => {
    const root = readManifest(ROOT);
    const shared = new Set([...Object.keys(root.devDependencies ?? {}), ...Object.keys(root.dependencies ?? {})]);
    const problems = workspacePackages().flatMap((dir) =>
      dependencyProblems(readManifest(dir), importsOfDir(join(dir, 'src')), importsOfDir(join(dir, 'test')), shared),
    );
    expect(problems, problems.join('\n')).to.deep.equal([]);
  });

  it('the root (scripts), test and bench packages declare every package their code imports, and import every dependency', () => {
    const root = readManifest(ROOT);
    // `npm run build` (scripts/bundle.mjs) leaves native addons out of the bundle, which loads them from the root's node_modules.
    const bundleExternals = JSON.parse(
      (/external: (\[[^\]]*\])/.exec(readFileSync(join(ROOT, 'scripts/bundle.mjs'), 'utf8'))?.[1] ?? '[]').replace(/'/g, '"'),
    ) as string[];
    const rootDeclared = new Set([...Object.keys(root.dependencies ?? {}), ...Object.keys(root.devDependencies ?? {})]);
    const problems = [
      { dir: ROOT, code: ['scripts'] },
      { dir: join(ROOT, 'test'), code: ['.'] },
      { dir: join(ROOT, 'bench'), code: ['.'] },
    ].flatMap(({ dir, code }) => {
      const manifest = readManifest(dir);
      const imports = importsOfDir(join(dir, ...code));
      const deps = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})]);
      const declared = (pkg: string) => deps.has(pkg) || rootDeclared.has(pkg) || deps.has(typesOf(pkg)) || rootDeclared.has(typesOf(pkg));
      return [
        ...[...imports.value, ...imports.typeOnly]
          .filter((pkg) => !declared(pkg))
          .map((pkg) => `${manifest.name}: its code imports ${pkg}, which neither it nor the root package.json declares`),
        ...Object.keys(manifest.dependencies ?? {})
          .filter((pkg) => !imports.value.has(pkg) && !imports.typeOnly.has(pkg) && !(dir === ROOT && bundleExternals.includes(pkg)))
          .map((pkg) => `${manifest.name}: dependency ${pkg} is never imported by its code`),
      ];
    });
    expect(problems, problems.join('\n')).to.deep.equal([]);
  });
});
