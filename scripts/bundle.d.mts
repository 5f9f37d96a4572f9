/** Bundles `entryPoints` (name → source file) into `<out>/bin/<name>.mjs`; `out` must sit inside the repository. */
export function bundle(options: { entryPoints: Record<string, string>; out: string; sourcemap?: boolean }): Promise<void>;
