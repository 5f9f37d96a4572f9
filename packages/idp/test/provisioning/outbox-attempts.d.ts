import { type Idp } from '../../src/index.js';
export declare function outboxAttempts(idp: Idp): Promise<{
  rows: number;
  attempts: number;
  failed: number;
}>;
