// How the admin API reports a request that breaks its schemas: 400 validation_failed, every problem in `details`.
import type { MountOptions } from '@samlbridge/web';

export const API_CHECKS: MountOptions = { invalidCode: 'validation_failed' };
