// The scrypt cost test apps hash their passwords at: the apps' documented `passwordHashCost` setting
// (IDP_/SP_PASSWORD_HASH_COST, log2 N) at its lowest, 2^10 instead of 2^15. A hash then costs ~2 ms of CPU
// instead of ~100 ms; an IdP start makes two (admin, demo user) and every sign-in checks one. Tests of the
// hashing itself and of the default keep the default.
export const TEST_PASSWORD_HASH_COST = 10;
