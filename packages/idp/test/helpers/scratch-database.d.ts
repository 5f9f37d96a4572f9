import { type ScratchDatabase, type ScratchTemplate } from '@samlbridge/web';
export declare const idpTemplate: ScratchTemplate;
/** A new database on the test server holding the IdP's schema and no rows, as a first start leaves it before seeding. */
export declare function migratedIdpDatabase(prefix: string, serverUrl?: string): Promise<ScratchDatabase>;
