import { type ScratchDatabase, type ScratchTemplate } from '@samlbridge/web';
export declare const spTemplate: ScratchTemplate;
/** A new database on the test server holding the SP's schema and no rows, as a first start leaves it before seeding. */
export declare function migratedSpDatabase(prefix: string, serverUrl?: string): Promise<ScratchDatabase>;
