export * from './describe.js';
export * from './generate.js';
export * from './key-store.js';
