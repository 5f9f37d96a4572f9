import type { Middleware, ParameterizedContext } from 'koa';

/** Runs middleware steps in order, like koa-compose (used to resume an SSO flow from another route). */
export function runSteps(ctx: ParameterizedContext, steps: readonly Middleware[], i = 0): Promise<void> {
  const step = steps[i];
  if (!step) return Promise.resolve();
  return Promise.resolve(step(ctx as Parameters<Middleware>[0], () => runSteps(ctx, steps, i + 1))).then(() => undefined);
}
