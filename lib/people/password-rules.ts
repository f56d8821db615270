/** Minimum length of a chosen password (temporary ones are generated longer). */
export const MIN_PASSWORD = 10;
