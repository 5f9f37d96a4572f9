// @samlbridge/test-support — helpers every test tree shares (packages/*/test, certs/test, test/).
export { type EventuallyOptions, eventually } from './eventually.js';
